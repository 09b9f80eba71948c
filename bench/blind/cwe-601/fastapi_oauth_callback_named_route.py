import os

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from starlette.middleware.sessions import SessionMiddleware

app = FastAPI()
app.add_middleware(SessionMiddleware, secret_key=os.environ["SESSION_SECRET"], https_only=True)
LANDING_PAGES = {"app": "/app", "billing": "/app/billing", "settings": "/app/settings"}


@app.get("/oauth/callback")
async def oauth_callback(request: Request, code: str, state: str = ""):
    # exchange `code` for tokens with the identity provider (elided)
    request.session["authenticated"] = True
    target = LANDING_PAGES.get(request.query_params.get("page", "app"), "/app")
    return RedirectResponse(url=target, status_code=302)
