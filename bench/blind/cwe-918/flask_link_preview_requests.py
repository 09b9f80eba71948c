import re

import requests
from flask import Flask, jsonify, request

app = Flask(__name__)
TITLE = re.compile(r"<title>(.*?)</title>", re.I | re.S)


@app.route("/api/link-preview")
def link_preview():
    url = request.args.get("url", "")
    if not url.startswith(("http://", "https://")):
        return jsonify({"error": "unsupported url"}), 400
    resp = requests.get(url, timeout=5, headers={"User-Agent": "PreviewBot/1.0"})
    match = TITLE.search(resp.text)
    return jsonify({"url": url, "status": resp.status_code, "title": match.group(1) if match else None})
