import os

from flask import Blueprint, Flask, abort, g, jsonify, request
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
csrf = CSRFProtect(app)
api = Blueprint("api", __name__, url_prefix="/api")
API_TOKENS: dict[str, str] = {}


@api.before_request
def bearer_auth():
    # API clients send a bearer token header; no cookies are used for auth here
    header = request.headers.get("Authorization", "")
    user = API_TOKENS.get(header.removeprefix("Bearer ")) if header.startswith("Bearer ") else None
    if user is None:
        abort(401)
    g.api_user = user


@api.post("/profile/email")
def change_email():
    return jsonify({"user": g.api_user, "email": request.json["email"]})


csrf.exempt(api)
app.register_blueprint(api)
