"""Sign outgoing webhook payloads so receivers can verify them."""

import hashlib
import json
import os
import time

import requests

WEBHOOK_SECRET = os.environ["WEBHOOK_SECRET"]


def sign(body: bytes, timestamp: str) -> str:
    return hashlib.md5(WEBHOOK_SECRET.encode() + timestamp.encode() + body).hexdigest()


def deliver(url: str, event: dict) -> int:
    body = json.dumps(event, separators=(",", ":")).encode()
    ts = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        "X-Timestamp": ts,
        "X-Signature": sign(body, ts),
    }
    return requests.post(url, data=body, headers=headers, timeout=10).status_code
