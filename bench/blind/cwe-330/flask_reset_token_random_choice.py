import random
import string
from datetime import datetime, timedelta, timezone

from flask import Flask, jsonify, request

app = Flask(__name__)
RESET_TOKENS: dict[str, tuple[str, datetime]] = {}


def generate_reset_token(length: int = 32) -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(random.choice(alphabet) for _ in range(length))


@app.post("/password/forgot")
def forgot_password():
    email = request.json["email"]
    token = generate_reset_token()
    RESET_TOKENS[token] = (email, datetime.now(timezone.utc) + timedelta(hours=1))
    # send_email(email, f"https://app.example.com/reset?token={token}")
    return jsonify({"sent": True})
