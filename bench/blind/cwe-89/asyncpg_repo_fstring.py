import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


class SubscriberRepo:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def find(self, filters: dict) -> list[dict]:
        clause = " AND ".join(f"{key} = '{value}'" for key, value in filters.items())
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(f"SELECT id, email, plan FROM subscribers WHERE {clause}")
        return [dict(r) for r in rows]


async def subscribers(request: Request) -> JSONResponse:
    repo: SubscriberRepo = request.app.state.repo
    filters = dict(request.query_params)
    return JSONResponse(await repo.find(filters or {"plan": "free"}))


app = Starlette(routes=[Route("/subscribers", subscribers)])
