import logging

from aiohttp import web

log = logging.getLogger("search")


async def search(request: web.Request) -> web.Response:
    try:
        page = int(request.query.get("page", "1"))
    except ValueError:
        raise web.HTTPBadRequest(text="page must be a number")
    term = request.query.get("q", "")
    log.info("search page=%d term_length=%d", page, len(term))
    results = [p for p in request.app["products"] if term.lower() in p.lower()]
    return web.json_response({"results": results[(page - 1) * 20 : page * 20]})


app = web.Application()
app["products"] = ["Desk lamp", "Office chair", "Standing desk"]
app.router.add_get("/search", search)
