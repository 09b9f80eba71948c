import os
from datetime import datetime, timedelta, timezone

import jwt
from fastapi import FastAPI, Response
from pydantic import BaseModel

app = FastAPI()
JWT_SECRET = os.environ["JWT_SECRET"]


class Credentials(BaseModel):
    email: str
    password: str


@app.post("/auth/token")
def issue_token(creds: Credentials, response: Response):
    # credential verification elided
    exp = datetime.now(timezone.utc) + timedelta(hours=8)
    token = jwt.encode({"sub": creds.email, "exp": exp}, JWT_SECRET, algorithm="HS256")
    response.set_cookie(
        key="access_token", value=token, httponly=True, secure=True, samesite="strict"
    )
    return {"ok": True}
