from flask import Flask, redirect, render_template, request, session, url_for
from werkzeug.security import check_password_hash

app = Flask(__name__)
USERS: dict[str, str] = {}


@app.route("/login", methods=["GET", "POST"])
def login():
    if request.method == "GET":
        return render_template("login.html", next=request.args.get("next", ""))
    username = request.form["username"]
    if not check_password_hash(USERS.get(username, ""), request.form["password"]):
        return render_template("login.html", error="Invalid credentials"), 401
    session["user"] = username
    next_url = request.args.get("next") or request.form.get("next")
    return redirect(next_url or url_for("dashboard"))


@app.route("/dashboard")
def dashboard():
    return "Welcome"
