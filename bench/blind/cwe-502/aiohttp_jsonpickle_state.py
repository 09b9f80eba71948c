import jsonpickle
from aiohttp import web


class GameState:
    def __init__(self, level: int = 1, score: int = 0) -> None:
        self.level = level
        self.score = score


async def restore_game(request: web.Request) -> web.Response:
    body = await request.text()
    state = jsonpickle.decode(body)
    if not isinstance(state, GameState):
        raise web.HTTPBadRequest(text="not a saved game")
    request.app["games"][request.match_info["player"]] = state
    return web.json_response({"level": state.level, "score": state.score})


app = web.Application()
app["games"] = {}
app.router.add_post("/games/{player}/restore", restore_game)
