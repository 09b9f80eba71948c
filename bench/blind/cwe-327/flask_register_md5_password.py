import hashlib
import sqlite3

from flask import Flask, jsonify, request

app = Flask(__name__)


def hash_password(password: str) -> str:
    return hashlib.md5(password.encode("utf-8")).hexdigest()


@app.post("/register")
def register():
    data = request.get_json()
    username, password = data["username"], data["password"]
    with sqlite3.connect("users.db") as conn:
        conn.execute(
            "INSERT INTO users (username, password_hash) VALUES (?, ?)",
            (username, hash_password(password)),
        )
    return jsonify({"created": username}), 201


@app.post("/login")
def login():
    data = request.get_json()
    with sqlite3.connect("users.db") as conn:
        row = conn.execute(
            "SELECT password_hash FROM users WHERE username = ?", (data["username"],)
        ).fetchone()
    ok = row is not None and row[0] == hash_password(data["password"])
    return jsonify({"ok": ok}), 200 if ok else 401
