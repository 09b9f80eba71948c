from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/api/calculate", methods=["POST"])
def calculate():
    expression = request.json.get("expression", "")
    try:
        result = eval(expression)
    except Exception:
        return jsonify({"error": "could not evaluate expression"}), 400
    return jsonify({"expression": expression, "result": result})


@app.route("/api/calculate", methods=["GET"])
def calculate_help():
    return jsonify({"usage": "POST {\"expression\": \"2 * (3 + 4)\"}"})
