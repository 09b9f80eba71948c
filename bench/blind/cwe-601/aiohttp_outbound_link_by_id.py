from aiohttp import web

LINKS = {
    "pricing": "https://www.example-shop.com/pricing",
    "blog": "https://blog.example-shop.com/",
    "changelog": "https://www.example-shop.com/changelog",
}


async def track_click(request: web.Request) -> web.Response:
    """Count a click on a newsletter link, then send the reader on."""
    link_id = request.query.get("to", "")
    if link_id not in LINKS:
        raise web.HTTPNotFound()
    clicks = request.app["clicks"]
    clicks[link_id] = clicks.get(link_id, 0) + 1
    raise web.HTTPFound(location=LINKS[link_id])


app = web.Application()
app["clicks"] = {}
app.router.add_get("/r", track_click)
