import json
from dataclasses import dataclass

from aiohttp import web


@dataclass
class GameState:
    level: int = 1
    score: int = 0


async def restore_game(request: web.Request) -> web.Response:
    body = await request.text()
    try:
        raw = json.loads(body)
        state = GameState(level=int(raw["level"]), score=int(raw["score"]))
    except (ValueError, KeyError, TypeError):
        raise web.HTTPBadRequest(text="not a saved game")
    request.app["games"][request.match_info["player"]] = state
    return web.json_response({"level": state.level, "score": state.score})


app = web.Application()
app["games"] = {}
app.router.add_post("/games/{player}/restore", restore_game)
