from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse
from starlette.routing import Route


async def orders(request):
    store = request.app.state.store
    return JSONResponse(await store.recent_orders(limit=50))


app = Starlette(
    debug=True,
    routes=[Route("/orders", orders)],
    middleware=[Middleware(CORSMiddleware, allow_origins=["https://shop.example.com"])],
)
