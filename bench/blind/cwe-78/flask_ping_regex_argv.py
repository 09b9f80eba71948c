"""Network diagnostics endpoint for the admin dashboard."""

import re
import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)

HOSTNAME = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?")


@app.route("/api/diagnostics/ping")
def ping():
    host = request.args.get("host", "")
    if not HOSTNAME.fullmatch(host):
        return jsonify({"error": "invalid host"}), 400
    result = subprocess.run(
        ["ping", "-c", "3", "-W", "2", host],
        capture_output=True,
        text=True,
        timeout=15,
    )
    return jsonify(
        {
            "host": host,
            "reachable": result.returncode == 0,
            "output": result.stdout.splitlines()[-2:],
        }
    )
