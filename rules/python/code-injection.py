# Test cases for rules/python/code-injection.yaml (data only; never imported or run).
import ast
import json
import operator
import os
import sys

import pandas as pd
from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()

OPERATIONS = {"add": operator.add, "sub": operator.sub, "mul": operator.mul}
ALLOWED_EXPRESSIONS = {"1 + 1", "2 * 3"}


@app.route("/calc")
def calculator():
    expression = request.args.get("expr", "0")
    # ruleid: code-injection-tainted, code-injection-dynamic-eval
    result = eval(expression)
    return jsonify({"result": result})


@app.route("/calc-safe")
def calculator_safe():
    a = float(request.args.get("a", "0"))
    b = float(request.args.get("b", "0"))
    op = OPERATIONS[request.args.get("op", "add")]
    # ok: code-injection-tainted, code-injection-dynamic-eval
    return jsonify({"result": op(a, b)})


@app.route("/config", methods=["POST"])
def update_config():
    body = request.get_data(as_text=True)
    # ruleid: code-injection-tainted, code-injection-dynamic-eval
    settings = eval("dict(" + body + ")")
    # ok: code-injection-tainted, code-injection-dynamic-eval
    settings2 = ast.literal_eval(body)
    # ok: code-injection-tainted, code-injection-dynamic-eval
    settings3 = json.loads(body)
    return jsonify([settings, settings2, settings3])


@app.route("/plugin", methods=["POST"])
def run_plugin():
    source = request.form["code"]
    namespace = {}
    # ruleid: code-injection-tainted, code-injection-dynamic-eval
    exec(source, {"__builtins__": {}}, namespace)
    return jsonify(list(namespace))


@app.route("/known")
def known_expression():
    expr = request.args.get("expr")
    if expr in ALLOWED_EXPRESSIONS:
        # Only the taint rule sees the allow-list; the search rule flags any non-constant eval.
        # todook: code-injection-dynamic-eval
        return jsonify(eval(expr))
    return "unknown", 400


@app.route("/scale")
def scale():
    factor = int(request.args.get("factor", "1"))
    # The number is sanitised for both rules: int() leaves no code to inject.
    # ok: code-injection-dynamic-eval
    return jsonify(eval(f"{factor} * 10"))


@app.route("/replaced")
def replaced():
    expr = request.args.get("expr")
    expr = "40 + 2"
    # ok: code-injection-tainted, code-injection-dynamic-eval
    return jsonify(eval(expr))


@app.route("/debug")
def debug():
    snippet = request.args.get("snippet")
    if False:
        # ok: code-injection-tainted, code-injection-dynamic-eval
        exec(snippet)
    return "disabled"


@api.post("/filter")
def filter_rows(expr: str):
    df = pd.DataFrame({"a": [1, 2, 3]})
    # ruleid: code-injection-tainted
    mask = pd.eval(expr, target=df)
    # ok: code-injection-tainted
    mask2 = df["a"] > 1
    return {"n": len(mask), "m": len(mask2)}


@api.post("/compile")
def compile_user(source: str):
    # ruleid: code-injection-tainted, code-injection-dynamic-eval
    code = compile(source, "<user>", "exec")
    # ok: code-injection-tainted, code-injection-dynamic-eval
    banner = compile("print('ready')", "<banner>", "exec")
    return {"code": str(code), "banner": str(banner)}


def apply_formula(row, formula):
    """Helper written for 'evaluate a formula per row'; the formula comes from the caller."""
    # ruleid: code-injection-dynamic-eval
    return eval(formula, {}, dict(row))


def load_defaults():
    # ok: code-injection-dynamic-eval
    exec(compile("DEFAULTS = {'debug': False}", "<defaults>", "exec"))
    # ok: code-injection-dynamic-eval
    return eval("{'debug': False}")


def repl():
    line = input(">>> ")
    # ruleid: code-injection-tainted, code-injection-dynamic-eval
    print(eval(line))
    # ruleid: code-injection-tainted, code-injection-dynamic-eval
    exec(os.environ["STARTUP_CODE"])
    # ok: code-injection-tainted
    print(ast.literal_eval(sys.argv[1]))


# --- Constant table lookups; a parameter overwritten with a constant.
OPERATIONS = {"double": "x * 2", "square": "x ** 2"}
DEFAULT_RULE = "x > 0"


@app.route("/apply")
def apply_operation():
    body = OPERATIONS.get(request.args.get("op"), "x")
    # ok: code-injection-tainted, code-injection-dynamic-eval
    return jsonify(eval("lambda x: " + body)(3))


def check_rule(rule):
    rule = DEFAULT_RULE
    # ok: code-injection-dynamic-eval
    return eval(rule, {"x": 1})


# --- A helper that evaluates its argument; a console loop with a deny-list.
def evaluate(expression):
    # ruleid: code-injection-dynamic-eval
    return eval(expression, {"__builtins__": {}})


def repl():
    while True:
        line = input("> ")
        if line in {"quit", "exit"}:
            break
        # ruleid: code-injection-tainted, code-injection-dynamic-eval
        print(eval(line))


# --- The file the user's $PYTHONSTARTUP names, run as Python's own REPL runs it.
def interactive(namespace):
    startup = os.environ.get("PYTHONSTARTUP")
    if startup and os.path.isfile(startup):
        with open(startup) as handle:
            # ok: code-injection-tainted, code-injection-dynamic-eval
            eval(compile(handle.read(), startup, "exec"), namespace)


def run_named_script(namespace):
    with open(os.environ["JOB_SCRIPT"]) as handle:
        # ruleid: code-injection-tainted, code-injection-dynamic-eval
        exec(handle.read(), namespace)
