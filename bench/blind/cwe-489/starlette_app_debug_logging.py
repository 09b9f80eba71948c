import logging
import os

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route

logging.basicConfig(level=logging.DEBUG if os.environ.get("VERBOSE") else logging.INFO)


async def orders(request):
    store = request.app.state.store
    return JSONResponse(await store.recent_orders(limit=50))


app = Starlette(
    debug=False,
    routes=[Route("/orders", orders)],
    middleware=[Middleware(CORSMiddleware, allow_origins=["https://shop.example.com"])],
)
