from aiohttp import web


async def track_click(request: web.Request) -> web.Response:
    """Count a click on a newsletter link, then send the reader on."""
    target = request.query.get("to", "/")
    campaign = request.query.get("c", "unknown")
    clicks = request.app["clicks"]
    clicks[campaign] = clicks.get(campaign, 0) + 1
    raise web.HTTPFound(location=target)


app = web.Application()
app["clicks"] = {}
app.router.add_get("/r", track_click)
