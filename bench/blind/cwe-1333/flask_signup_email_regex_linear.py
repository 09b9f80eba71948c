import re

from flask import Flask, jsonify, request

app = Flask(__name__)

EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s.]{1,63}(?:\.[^@\s.]{1,63}){1,8}")


def is_valid_email(email: str) -> bool:
    return len(email) <= 254 and EMAIL_RE.fullmatch(email) is not None


@app.post("/signup")
def signup():
    email = request.json.get("email", "")
    if not is_valid_email(email):
        return jsonify({"error": "invalid email"}), 400
    return jsonify({"ok": True}), 201
