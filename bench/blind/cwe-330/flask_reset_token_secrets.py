import secrets
from datetime import datetime, timedelta, timezone

from flask import Flask, jsonify, request

app = Flask(__name__)
RESET_TOKENS: dict[str, tuple[str, datetime]] = {}


def generate_reset_token() -> str:
    return secrets.token_urlsafe(32)


@app.post("/password/forgot")
def forgot_password():
    email = request.json["email"]
    token = generate_reset_token()
    RESET_TOKENS[token] = (email, datetime.now(timezone.utc) + timedelta(hours=1))
    # send_email(email, f"https://app.example.com/reset?token={token}")
    return jsonify({"sent": True})
