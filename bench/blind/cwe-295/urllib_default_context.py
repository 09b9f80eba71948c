"""Check that our public endpoints answer; run from cron."""

import json
import ssl
import sys
import urllib.request

ENDPOINTS = [
    "https://api.example-shop.com/healthz",
    "https://admin.example-shop.com/healthz",
]


def make_context() -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return ctx


def check(url: str, ctx: ssl.SSLContext) -> bool:
    try:
        with urllib.request.urlopen(url, context=ctx, timeout=10) as resp:
            return json.load(resp).get("status") == "ok"
    except OSError:
        return False


if __name__ == "__main__":
    context = make_context()
    failures = [u for u in ENDPOINTS if not check(u, context)]
    print(json.dumps({"failed": failures}))
    sys.exit(1 if failures else 0)
