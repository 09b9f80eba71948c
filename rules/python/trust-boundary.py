# Test cases for rules/python/trust-boundary.yaml (semgrep --test). Data, never run.
import re

import flask
from flask import Flask, request, session

app = Flask(__name__)
ALLOWED_THEMES = {"light", "dark"}


@app.post("/profile")
def save_user_id():
    user_id = request.form.get("user_id", "")
    # ruleid: trust-boundary-session-tainted
    session["user_id"] = user_id
    return "saved"


@app.post("/flag")
def save_named_flag():
    name = request.cookies.get("flag", "")
    # ruleid: trust-boundary-session-tainted
    flask.session[name] = "1"
    return "saved"


@app.post("/theme")
def save_theme():
    theme = request.form.get("theme", "light")
    if theme not in ALLOWED_THEMES:
        return "bad theme", 400
    # ok: trust-boundary-session-tainted
    session["theme"] = theme
    return "saved"


@app.post("/page-size")
def save_page_size():
    # ok: trust-boundary-session-tainted
    session["page_size"] = int(request.form.get("size", "20"))
    return "saved"


@app.post("/login")
def login_done():
    # ok: trust-boundary-session-tainted
    session["user_id"] = lookup_user(request.form["name"]).id  # noqa: F821
    return "ok"


@app.post("/code")
def save_code():
    code = request.form.get("code", "")
    if not re.fullmatch(r"[A-Z0-9]{6}", code):
        return "bad code", 400
    # ok: trust-boundary-session-tainted
    session["code"] = code
    return "ok"
