# Test cases for rules/python/log-injection.yaml (data only; never imported or run).
import json
import logging
import re

from fastapi import FastAPI
from flask import Flask, current_app, request

app = Flask(__name__)
api = FastAPI()
logger = logging.getLogger(__name__)


@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    # ruleid: log-injection-tainted
    logger.warning("Failed login for user %s", username)
    # ok: log-injection-tainted
    logger.warning("Failed login for user %r", username)
    # ok: log-injection-tainted
    logger.warning("Failed login from %s", request.remote_addr)
    return "denied", 401


@app.route("/search")
def search():
    term = request.args.get("q", "")
    # ruleid: log-injection-tainted
    app.logger.info(f"search: {term}")
    clean = term.replace("\r", "").replace("\n", "")
    # ok: log-injection-tainted
    app.logger.info(f"search: {clean}")
    # ok: log-injection-tainted
    app.logger.info("search: %s", re.sub(r"[\r\n]+", " ", term))
    return "ok"


@app.route("/webhook", methods=["POST"])
def webhook():
    payload = request.get_json()
    # ruleid: log-injection-tainted
    logging.info("webhook event " + payload["event"])
    # ok: log-injection-tainted
    logging.info("webhook event %s", json.dumps(payload["event"]))
    # ok: log-injection-tainted
    current_app.logger.debug("webhook received, %d bytes", len(request.data))
    return "", 204


@api.get("/items/{item_id}")
def read_item(item_id: str, q: str = ""):
    # ruleid: log-injection-tainted
    logger.error("item %s not found (query=%s)", item_id, q)
    # ok: log-injection-tainted
    logger.error("item lookup failed")
    return {"item_id": item_id}


def nightly_job(count):
    # ok: log-injection-tainted
    logger.info("processed %s records", count)


# --- Any logger name bound with getLogger; per-argument %r; a local CR/LF helper.
from http.server import BaseHTTPRequestHandler

audit = logging.getLogger("audit")


def one_line(text):
    return text.replace("\r", "\\r").replace("\n", "\\n")


@app.route("/audit")
def audit_search():
    term = request.args.get("q", "")
    # ruleid: log-injection-tainted
    audit.info("user %s searched for %s", 42, term)
    # ok: log-injection-tainted
    audit.info("user %s searched for %r", request.remote_addr, term)
    # ok: log-injection-tainted
    audit.warning(f"search for {one_line(term)}")


@app.route("/orders/<int:order_id>/note", methods=["POST"])
def order_note(order_id: int):
    note = request.get_json().get("note", "")
    # ok: log-injection-tainted
    logging.info("order %s: note of %d characters" % (order_id, len(note)))
    # ruleid: log-injection-tainted
    logging.info("order %s: note %s" % (order_id, note))


class HookHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        event = self.headers.get("X-Event", "unknown")
        # ruleid: log-injection-tainted
        audit.info("received %s event", event)
