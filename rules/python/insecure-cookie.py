# Test cases for rules/python/insecure-cookie.yaml (data for semgrep --test; never imported).
import os
import secrets

from django.http import JsonResponse
from flask import Flask, jsonify, make_response, redirect

app = Flask(__name__)
IS_PRODUCTION = os.environ.get("ENV") == "production"

# --- set_cookie on session / credential cookies -------------------------------------------


@app.route("/login", methods=["POST"])
def login():
    token = secrets.token_urlsafe(32)
    resp = make_response(redirect("/dashboard"))
    # ruleid: insecure-cookie-missing-secure, insecure-cookie-missing-httponly
    resp.set_cookie("session_token", token)
    return resp


@app.route("/remember", methods=["POST"])
def remember_me():
    resp = jsonify({"ok": True})
    # ruleid: insecure-cookie-missing-secure
    resp.set_cookie("remember_token", secrets.token_hex(16), httponly=True, max_age=30 * 86400)
    return resp


@app.route("/api/token", methods=["POST"])
def issue_jwt():
    resp = jsonify({"ok": True})
    # ruleid: insecure-cookie-missing-httponly
    resp.set_cookie("access_token", make_jwt(), secure=True, samesite="Lax")
    return resp


def django_login(request):
    response = JsonResponse({"ok": True})
    # ruleid: insecure-cookie-missing-secure, insecure-cookie-missing-httponly
    response.set_cookie(key="auth", value=request.user.auth_token, secure=False, httponly=False)
    return response


@app.route("/csrf")
def csrf_cookie():
    resp = jsonify({"ok": True})
    # ruleid: insecure-cookie-missing-secure
    resp.set_cookie("csrf_token", secrets.token_hex(16), samesite="Strict")
    return resp


@app.route("/login-safe", methods=["POST"])
def login_safely():
    token = secrets.token_urlsafe(32)
    resp = make_response(redirect("/dashboard"))
    # ok: insecure-cookie-missing-secure
    resp.set_cookie("session_token", token, secure=True, httponly=True, samesite="Lax")
    return resp


@app.route("/login-env", methods=["POST"])
def login_env_flags():
    resp = make_response(redirect("/dashboard"))
    # ok: insecure-cookie-missing-secure
    resp.set_cookie("sid", secrets.token_urlsafe(32), secure=IS_PRODUCTION, httponly=True)
    return resp


@app.route("/theme/<name>")
def set_theme(name):
    resp = make_response(redirect("/"))
    # ok: insecure-cookie-missing-secure
    resp.set_cookie("theme", name)
    # ok: insecure-cookie-missing-httponly
    resp.set_cookie("lang", "en", max_age=86400)
    return resp


@app.route("/csrf-safe")
def csrf_cookie_safely():
    resp = jsonify({"ok": True})
    # ok: insecure-cookie-missing-httponly
    resp.set_cookie("csrf_token", secrets.token_hex(16), secure=True, samesite="Strict")
    return resp


@app.route("/logout")
def logout():
    resp = make_response(redirect("/"))
    # ok: insecure-cookie-missing-secure
    resp.delete_cookie("session_token")
    return resp


def django_login_safely(request):
    response = JsonResponse({"ok": True})
    # ok: insecure-cookie-missing-httponly
    response.set_cookie(key="auth", value=request.user.auth_token, secure=True, httponly=True)
    return response


# --- framework settings -------------------------------------------------------------------

# ruleid: insecure-cookie-session-secure-disabled
SESSION_COOKIE_SECURE = False

# ruleid: insecure-cookie-session-secure-disabled
CSRF_COOKIE_SECURE = False

# ruleid: insecure-cookie-session-httponly-disabled
SESSION_COOKIE_HTTPONLY = False

# ruleid: insecure-cookie-session-secure-disabled
app.config["SESSION_COOKIE_SECURE"] = False

# ruleid: insecure-cookie-session-httponly-disabled
app.config.update(SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_SAMESITE="Lax")


class ProductionConfig:
    # ruleid: insecure-cookie-session-secure-disabled
    REMEMBER_COOKIE_SECURE = False


class DevelopmentConfig:
    # ok: insecure-cookie-session-secure-disabled
    SESSION_COOKIE_SECURE = False


# ok: insecure-cookie-session-secure-disabled
SESSION_COOKIE_SECURE = True

# ok: insecure-cookie-session-secure-disabled
app.config["SESSION_COOKIE_SECURE"] = True

# ok: insecure-cookie-session-secure-disabled
CSRF_COOKIE_SECURE = not os.environ.get("DJANGO_DEBUG")

# ok: insecure-cookie-session-httponly-disabled
SESSION_COOKIE_HTTPONLY = True

# ok: insecure-cookie-session-httponly-disabled
CSRF_COOKIE_HTTPONLY = False

# ok: insecure-cookie-session-httponly-disabled
app.config["SESSION_COOKIE_HTTPONLY"] = True


# --- sensitive by value: the cookie's name says nothing, its value is a credential ------------


@app.route("/impersonate")
def impersonate_cookie():
    from itsdangerous import URLSafeSerializer

    ticket = URLSafeSerializer("k").dumps({"as": 42})
    resp = jsonify({"ok": True})
    # ruleid: insecure-cookie-missing-httponly
    resp.set_cookie("acting_as", ticket, secure=True, samesite="Strict")
    return resp


@app.route("/console")
def console_cookie():
    resp = jsonify({"ok": True})
    # ruleid: insecure-cookie-missing-secure
    resp.set_cookie("console", current_account().api_key, httponly=True)  # noqa: F821
    return resp


@app.route("/console-safe")
def console_cookie_safely():
    resp = jsonify({"ok": True})
    # ok: insecure-cookie-missing-secure, insecure-cookie-missing-httponly
    resp.set_cookie("console", current_account().api_key, httponly=True, secure=True)  # noqa: F821
    return resp


@app.route("/theme")
def theme_cookie():
    choice = request.args.get("theme", "light")  # noqa: F821
    resp = jsonify({"ok": True})
    # ok: insecure-cookie-missing-secure, insecure-cookie-missing-httponly
    resp.set_cookie("theme", choice)
    return resp


COOKIE_FLAGS = {"secure": True, "httponly": True, "samesite": "Lax"}


@app.route("/remember")
def remember_value():
    name = "SomeCookie"
    resp = make_response("remembered")
    # ruleid: insecure-cookie-secure-disabled
    resp.set_cookie(name, request.args.get("v", ""), secure=False, httponly=True)  # noqa: F821
    return resp


@app.route("/remember-safe")
def remember_value_safely():
    name = "SomeCookie"
    resp = make_response("remembered")
    # ok: insecure-cookie-secure-disabled
    resp.set_cookie(name, request.args.get("v", ""), secure=True, httponly=True)  # noqa: F821
    return resp


@app.route("/remember-flags")
def remember_value_with_flags():
    resp = make_response("remembered")
    # ok: insecure-cookie-secure-disabled, insecure-cookie-missing-secure, insecure-cookie-missing-httponly
    resp.set_cookie("remember_token", secrets.token_urlsafe(), **COOKIE_FLAGS)
    return resp


@app.route("/theme-plain")
def theme_cookie_plain_http():
    resp = jsonify({"ok": True})
    # ok: insecure-cookie-secure-disabled
    resp.set_cookie("theme", "dark", secure=False)
    return resp
