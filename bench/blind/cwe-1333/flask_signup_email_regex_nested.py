import re

from flask import Flask, jsonify, request

app = Flask(__name__)

EMAIL_RE = re.compile(r"^([a-zA-Z0-9_\.\-])+\@(([a-zA-Z0-9\-])+\.)+([a-zA-Z0-9]{2,4})+$")


def is_valid_email(email: str) -> bool:
    return EMAIL_RE.match(email) is not None


@app.post("/signup")
def signup():
    email = request.json.get("email", "")
    if not is_valid_email(email):
        return jsonify({"error": "invalid email"}), 400
    return jsonify({"ok": True}), 201
