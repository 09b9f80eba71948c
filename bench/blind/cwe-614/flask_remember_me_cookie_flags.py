import secrets

from flask import Flask, make_response, redirect, request

app = Flask(__name__)
REMEMBER_TOKENS: dict[str, str] = {}


@app.post("/login")
def login():
    username = request.form["username"]
    # password check elided
    resp = make_response(redirect("/dashboard"))
    if request.form.get("remember"):
        token = secrets.token_urlsafe(32)
        REMEMBER_TOKENS[token] = username
        resp.set_cookie(
            "remember_token",
            token,
            max_age=60 * 60 * 24 * 30,
            secure=True,
            httponly=True,
            samesite="Lax",
        )
    return resp
