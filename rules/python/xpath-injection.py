# Test cases for rules/python/xpath-injection.yaml (data only; never imported or run).
from fastapi import FastAPI
from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)
api = FastAPI()
USERS = etree.parse("/srv/app/users.xml")
ALLOWED_ROLES = {"admin", "editor", "viewer"}


@app.route("/user")
def find_user():
    name = request.args.get("name", "")
    # ruleid: xpath-injection-tainted
    nodes = USERS.xpath(f"//user[@name='{name}']/email/text()")
    return jsonify([str(n) for n in nodes])


@app.route("/user-safe")
def find_user_safe():
    name = request.args.get("name", "")
    # ok: xpath-injection-tainted
    nodes = USERS.xpath("//user[@name=$name]/email/text()", name=name)
    return jsonify([str(n) for n in nodes])


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    password = request.form["password"]
    query = "//user[@name='" + user + "' and @password='" + password + "']"
    # ruleid: xpath-injection-tainted
    matches = USERS.getroot().xpath(query)
    return jsonify({"ok": bool(matches)})


@app.route("/by-role")
def by_role():
    role = request.args.get("role", "viewer")
    if role not in ALLOWED_ROLES:
        return "bad role", 400
    # ok: xpath-injection-tainted
    return jsonify(len(USERS.xpath("//user[@role='%s']" % role)))


@app.route("/page")
def page():
    index = int(request.args.get("i", "1"))
    # ok: xpath-injection-tainted
    return jsonify(str(USERS.xpath(f"//user[{index}]/@name")))


@api.get("/compiled")
def compiled(field: str):
    # ruleid: xpath-injection-tainted
    find = etree.XPath("//user/" + field + "/text()")
    # ok: xpath-injection-tainted
    find_name = etree.XPath("//user[@name=$n]/@id")
    return {"v": [str(v) for v in find(USERS)], "id": find_name(USERS, n=field)}


@app.route("/evaluate")
def evaluate():
    evaluator = etree.XPathEvaluator(USERS)
    # ruleid: xpath-injection-tainted
    result = evaluator("count(//user[@team='%s'])" % request.args["team"])
    # ok: xpath-injection-tainted
    total = evaluator("count(//user[@team=$t])", t=request.args["team"])
    return jsonify({"n": result, "total": total})


# --- A hex digest holds no quotes; a constant table lookup holds no user text.
import hashlib

FIELDS = {"name": "fullName", "mail": "email"}


@app.route("/xml/login", methods=["POST"])
def xml_login_digest():
    digest = hashlib.sha256(request.form["password"].encode()).hexdigest()
    # ok: xpath-injection-tainted
    return str(USERS.xpath("//user[name=$n and hash='" + digest + "']", n=request.form["user"]))


@app.route("/xml/field")
def xml_field():
    field = FIELDS.get(request.args.get("f"), "fullName")
    # ok: xpath-injection-tainted
    return str(USERS.xpath(f"//user/{field}/text()"))
