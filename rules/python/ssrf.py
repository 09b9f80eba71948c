# Test cases for rules/python/ssrf.yaml (data only; never imported or run).
import os
import urllib.request
from urllib.parse import urljoin, urlparse

import httpx
import requests
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
api = FastAPI()

ALLOWED_HOSTS = {"api.github.com", "hooks.slack.com"}
API_BASE = "https://api.example.com"


@app.route("/fetch")
def fetch():
    url = request.args.get("url")
    # ruleid: ssrf-tainted-url
    resp = requests.get(url, timeout=5)
    return resp.text


@app.route("/fetch-checked")
def fetch_checked():
    url = request.args.get("url")
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        abort(400)
    # ok: ssrf-tainted-url
    resp = requests.get(url, timeout=5)
    return resp.text


@app.route("/fetch-checked-2")
def fetch_checked_2():
    url = request.args.get("url")
    parsed = urlparse(url)
    if parsed.hostname in ALLOWED_HOSTS:
        # ok: ssrf-tainted-url
        return requests.get(url, timeout=5).text
    return "forbidden", 403


@app.route("/avatar", methods=["POST"])
def avatar():
    data = request.get_json()
    # ruleid: ssrf-tainted-url
    with urllib.request.urlopen(data["avatar_url"]) as resp:
        return resp.read()


@app.route("/user/<username>")
def github_user(username):
    # ok: ssrf-tainted-url
    resp = requests.get(f"https://api.github.com/users/{username}", timeout=5)
    # ok: ssrf-tainted-url
    resp2 = requests.get(f"{API_BASE}/users/{username}", timeout=5)
    # ok: ssrf-tainted-url
    resp3 = requests.get("https://api.github.com/search/users", params={"q": username}, timeout=5)
    return jsonify([resp.json(), resp2.json(), resp3.json()])


@app.route("/proxy")
def proxy():
    target = request.args["target"]
    # ruleid: ssrf-tainted-url
    resp = requests.get(urljoin(API_BASE, target), timeout=5)
    # ruleid: ssrf-tainted-url
    resp2 = requests.request("POST", "http://" + target + "/hook", timeout=5)
    return resp.text + resp2.text


@app.route("/session")
def session_fetch():
    session = requests.Session()
    # ruleid: ssrf-tainted-url
    page = session.get(request.args["page"])
    # ok: ssrf-tainted-url
    health = session.get("https://status.example.com/health")
    return page.text + health.text


@api.get("/preview")
async def link_preview(link: str):
    async with httpx.AsyncClient() as client:
        # ruleid: ssrf-tainted-url
        resp = await client.get(link, follow_redirects=True)
    return {"status": resp.status_code}


@api.post("/webhook-test")
def webhook_test(callback: str):
    # ruleid: ssrf-tainted-url
    return {"status": httpx.post(callback, json={"ping": True}).status_code}


def refresh_feed(feed_url):
    # ok: ssrf-tainted-url
    return requests.get(feed_url, timeout=10).text


# --- aiohttp request data; environment constants; fixed hosts; quoted segments.
import hashlib
from urllib.parse import quote

import aiohttp

UPSTREAM_URL = os.environ.get("UPSTREAM_URL", "https://example.org/feed")
AVATAR_BASE = "https://avatars.example.com/u"


async def aiohttp_fetch(request):
    src = request.query.get("src")
    async with aiohttp.ClientSession() as session:
        # ruleid: ssrf-tainted-url
        async with session.get(src) as upstream:
            return await upstream.read()


def pull_feed():
    # ruleid: ssrf-tainted-url
    return requests.get(UPSTREAM_URL, timeout=10)


@app.route("/avatar")
def avatar_proxy():
    digest = hashlib.md5(request.args["email"].lower().encode()).hexdigest()
    url = f"https://gravatar.example.com/avatar/{digest}?s={int(request.args.get('s', '80'))}"
    # ok: ssrf-tainted-url
    return requests.get(url, timeout=5).content


@app.route("/avatar/team")
def team_avatar():
    url = AVATAR_BASE + "/" + quote(request.args["team"], safe="")
    # ok: ssrf-tainted-url
    return requests.get(url, timeout=5).content


@app.route("/avatar/any")
def any_avatar():
    url = request.args["base"] + "/" + quote(request.args["team"], safe="")
    # ruleid: ssrf-tainted-url
    return requests.get(url, timeout=5).content
