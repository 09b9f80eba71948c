import logging

from aiohttp import web

log = logging.getLogger("search")


async def search(request: web.Request) -> web.Response:
    term = request.query.get("q", "")
    log.info("search term=" + term + " page=" + request.query.get("page", "1"))
    results = [p for p in request.app["products"] if term.lower() in p.lower()]
    return web.json_response({"results": results[:20]})


app = web.Application()
app["products"] = ["Desk lamp", "Office chair", "Standing desk"]
app.router.add_get("/search", search)
