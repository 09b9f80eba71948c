from urllib.parse import urlparse

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
ALLOWED_HOSTS = {"github.com", "gitlab.com", "docs.python.org"}


@app.route("/api/link-preview")
def link_preview():
    url = request.args.get("url", "")
    parsed = urlparse(url)
    if parsed.scheme != "https" or parsed.hostname not in ALLOWED_HOSTS:
        return jsonify({"error": "host not allowed"}), 400
    resp = requests.get(url, timeout=5, allow_redirects=False)
    return jsonify({"url": url, "status": resp.status_code, "length": len(resp.content)})
