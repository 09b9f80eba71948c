import aiohttp
from aiohttp import web


class AvatarFetcher:
    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def fetch(self, source: str) -> bytes:
        async with self.session.get(source, timeout=aiohttp.ClientTimeout(total=10)) as resp:
            resp.raise_for_status()
            return await resp.read()


async def import_avatar(request: web.Request) -> web.Response:
    data = await request.json()
    fetcher: AvatarFetcher = request.app["fetcher"]
    image = await fetcher.fetch(data["avatar_url"])
    request.app["avatars"][request.match_info["user_id"]] = image
    return web.json_response({"size": len(image)})


async def on_startup(app: web.Application) -> None:
    app["fetcher"] = AvatarFetcher(aiohttp.ClientSession())
    app["avatars"] = {}


app = web.Application()
app.on_startup.append(on_startup)
app.router.add_post("/users/{user_id}/avatar/import", import_avatar)
