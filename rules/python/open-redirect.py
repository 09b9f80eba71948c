# Test cases for rules/python/open-redirect.yaml (data only; never imported or run).
from urllib.parse import urlparse

from django.http import HttpResponseRedirect
from django.shortcuts import redirect as django_redirect
from django.utils.http import url_has_allowed_host_and_scheme
from fastapi import FastAPI
from fastapi.responses import RedirectResponse
from flask import Flask, redirect, request, session, url_for

app = Flask(__name__)
api = FastAPI()

ALLOWED_HOSTS = {"example.com", "www.example.com"}


@app.route("/login", methods=["POST"])
def login():
    session["user"] = request.form["username"]
    # ruleid: open-redirect-tainted
    return redirect(request.args.get("next", "/"))


@app.route("/login-safe", methods=["POST"])
def login_safe():
    session["user"] = request.form["username"]
    next_url = request.args.get("next", "")
    if urlparse(next_url).netloc not in ALLOWED_HOSTS:
        next_url = url_for("index")
        return redirect(next_url)
    # ok: open-redirect-tainted
    return redirect(next_url)


@app.route("/logout")
def logout():
    session.clear()
    # ok: open-redirect-tainted
    return redirect(url_for("login", next=request.args.get("next")))


@app.route("/go/<slug>")
def go(slug):
    # ok: open-redirect-tainted
    return redirect(f"/articles/{slug}")


@app.route("/bounce")
def bounce():
    target = request.args["to"]
    # ruleid: open-redirect-tainted
    return redirect("/" + target)


@app.route("/out")
def out():
    target = request.values.get("url")
    # ruleid: open-redirect-tainted
    return redirect(f"{target}?ref=newsletter", code=302)


def django_login(request):
    next_url = request.GET.get("next", "/")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        # ok: open-redirect-tainted
        return HttpResponseRedirect(next_url)
    # ruleid: open-redirect-tainted
    return django_redirect(request.POST.get("next"))


def django_login_early_exit(request):
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
        next_url = "/"
    # ok: open-redirect-tainted
    return HttpResponseRedirect(next_url)


@api.get("/oauth/callback")
def oauth_callback(code: str, state: str, return_to: str = "/"):
    # ruleid: open-redirect-tainted
    return RedirectResponse(url=return_to)


@api.get("/docs-redirect")
def docs_redirect(page: str):
    # ok: open-redirect-tainted
    return RedirectResponse(url=f"https://docs.example.com/{page}")


# --- Constant destination tables; the start of a formatted URL; local-path helpers.
from urllib.parse import urlencode, urlsplit

PARTNERS = {"docs": "https://docs.example.com/", "blog": "https://blog.example.com/"}


@app.route("/partner")
def partner():
    target = PARTNERS.get(request.args.get("to"))
    if target is None:
        return redirect(url_for("index"))
    # ok: open-redirect-tainted
    return redirect(f"{target}?{urlencode({'ref': request.args.get('ref', '')})}")


@app.route("/partner/raw")
def partner_raw():
    target = request.args.get("to", "/")
    # ruleid: open-redirect-tainted
    return redirect(f"{target}?ref=home")


def is_same_site(url):
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc and url.startswith("/")


@app.route("/after-login")
def after_login():
    next_url = request.args.get("next", "/")
    if not is_same_site(next_url):
        next_url = url_for("index")
    # ok: open-redirect-tainted
    return redirect(next_url)


@app.route("/after-login/unchecked")
def after_login_unchecked():
    next_url = request.args.get("next", "/")
    # ruleid: open-redirect-tainted
    return RedirectResponse(url=next_url)


# --- aiohttp: redirects are exceptions raised (or returned) with a location.
from aiohttp import web


async def outbound(request):
    target = request.query.get("to", "/")
    # ruleid: open-redirect-tainted
    raise web.HTTPFound(location=target)


async def outbound_positional(request):
    # ruleid: open-redirect-tainted
    raise web.HTTPSeeOther(request.query["next"])


async def outbound_home(request):
    section = request.query.get("section", "")
    # ok: open-redirect-tainted
    raise web.HTTPFound(location=f"/docs/{section}")


async def outbound_fixed(request):
    # ok: open-redirect-tainted
    raise web.HTTPFound(location="/home")
