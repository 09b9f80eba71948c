"""Entry point used by the container: `python server.py`."""

import os

from flask import Flask, jsonify

from .api import api_bp
from .db import init_db

app = Flask(__name__)
app.register_blueprint(api_bp)
init_db(app)


@app.get("/healthz")
def healthz():
    return jsonify(status="ok")


if __name__ == "__main__":
    debug = os.environ.get("FLASK_DEBUG") == "1"
    app.run(host="127.0.0.1" if debug else "0.0.0.0", port=8080, debug=debug)
