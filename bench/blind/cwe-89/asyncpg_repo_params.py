import asyncpg
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

FILTERABLE = ("email", "plan", "country")


class SubscriberRepo:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def find(self, filters: dict) -> list[dict]:
        keys = [k for k in FILTERABLE if k in filters]
        clause = " AND ".join(f"{key} = ${i}" for i, key in enumerate(keys, start=1)) or "TRUE"
        async with self.pool.acquire() as conn:
            rows = await conn.fetch(
                f"SELECT id, email, plan FROM subscribers WHERE {clause}",
                *[filters[k] for k in keys],
            )
        return [dict(r) for r in rows]


async def subscribers(request: Request) -> JSONResponse:
    repo: SubscriberRepo = request.app.state.repo
    return JSONResponse(await repo.find(dict(request.query_params)))


app = Starlette(routes=[Route("/subscribers", subscribers)])
