import logging

from flask import Flask, jsonify, request

app = Flask(__name__)
logger = logging.getLogger("auth")
logging.basicConfig(format="%(asctime)s %(levelname)s %(message)s", level=logging.INFO)


def clean(value: str, limit: int = 64) -> str:
    return value.replace("\r", "\\r").replace("\n", "\\n")[:limit]


def check_credentials(username: str, password: str) -> bool:
    return False  # real lookup elided


@app.post("/login")
def login():
    username = clean(request.form.get("username", ""))
    if not check_credentials(username, request.form.get("password", "")):
        logger.warning(f"Failed login attempt for user {username} from {request.remote_addr}")
        return jsonify({"ok": False}), 401
    logger.info(f"User {username} logged in")
    return jsonify({"ok": True})
