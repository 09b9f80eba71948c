import ast

from flask import Flask, jsonify, request

app = Flask(__name__)
SETTINGS: dict[str, object] = {"retries": 3, "tags": ["default"]}


@app.put("/settings/<key>")
def update_setting(key: str):
    raw = request.get_data(as_text=True)
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return jsonify({"error": "value must be a Python literal"}), 400
    SETTINGS[key] = value
    return jsonify(SETTINGS)
