"""Network diagnostics endpoint for the admin dashboard."""

import subprocess

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/diagnostics/ping")
def ping():
    host = request.args.get("host", "")
    if not host:
        return jsonify({"error": "host is required"}), 400
    result = subprocess.run(
        f"ping -c 3 -W 2 {host}",
        shell=True,
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
