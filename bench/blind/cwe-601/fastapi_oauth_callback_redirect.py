import os

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_SECRET"], https_only=True)


@app.get("/oauth/callback")
async def oauth_callback(request: Request, code: str, state: str = ""):
    # exchange `code` for tokens with the identity provider (elided)
    request.session["authenticated"] = True
    redirect_uri = request.query_params.get("redirect_uri") or "/app"
    return RedirectResponse(url=redirect_uri, status_code=302)
