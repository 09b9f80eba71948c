import aiohttp
from aiohttp import web

STATUS_PAGES = {
    "github": "https://www.githubstatus.com/api/v2/status.json",
    "stripe": "https://status.stripe.com/api/v2/status.json",
    "slack": "https://slack-status.com/api/v2.0.0/current",
}


class StatusClient:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def fetch(self, service: str) -> dict:
        async with self.session.get(STATUS_PAGES[service]) as resp:
            return await resp.json(content_type=None)


async def service_status(request: web.Request) -> web.Response:
    service = request.query.get("service", "github")
    if service not in STATUS_PAGES:
        raise web.HTTPBadRequest(text="unknown service")
    client: StatusClient = request.app["status_client"]
    return web.json_response(await client.fetch(service))


async def on_startup(app: web.Application) -> None:
    app["status_client"] = StatusClient(aiohttp.ClientSession())


app = web.Application()
app.on_startup.append(on_startup)
app.router.add_get("/status", service_status)
