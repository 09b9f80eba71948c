import random

from aiohttp import web

SESSIONS: dict[str, str] = {}


def new_session_id() -> str:
    return "%032x" % random.getrandbits(128)


async def login(request: web.Request) -> web.Response:
    form = await request.post()
    user = form.get("username", "")
    # credential check elided; handled by the auth middleware
    sid = new_session_id()
    SESSIONS[sid] = user
    resp = web.json_response({"user": user})
    resp.set_cookie("sid", sid, httponly=True, secure=True, samesite="Lax")
    return resp


app = web.Application()
app.router.add_post("/login", login)
