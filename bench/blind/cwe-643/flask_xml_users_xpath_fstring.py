from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
USERS = etree.parse("config/users.xml")


@app.post("/legacy/login")
def legacy_login():
    username = request.form.get("username", "")
    password = request.form.get("password", "")
    matches = USERS.xpath(
        f"//user[name/text()='{username}' and password/text()='{password}']"
    )
    if not matches:
        return jsonify({"ok": False}), 401
    return jsonify({"ok": True, "role": matches[0].findtext("role")})
