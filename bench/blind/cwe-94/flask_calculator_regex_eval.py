import re

from flask import Flask, jsonify, request

app = Flask(__name__)
ARITHMETIC = re.compile(r"[0-9+\-*/(). ]{1,64}")


@app.route("/api/calculate", methods=["POST"])
def calculate():
    expression = request.json.get("expression", "")
    if not ARITHMETIC.fullmatch(expression) or "**" in expression:
        return jsonify({"error": "only numbers and + - * / ( ) are allowed"}), 400
    try:
        result = eval(expression, {"__builtins__": {}}, {})
    except (SyntaxError, ZeroDivisionError):
        return jsonify({"error": "could not evaluate expression"}), 400
    return jsonify({"expression": expression, "result": result})
