from flask import Blueprint, Flask, jsonify, request
from flask_login import current_user, login_required
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
api = Blueprint("api", __name__, url_prefix="/api")


@api.post("/profile/email")
@login_required
def change_email():
    # authenticated by the Flask-Login session cookie
    current_user.email = request.json["email"]
    current_user.save()
    return jsonify({"email": current_user.email})


csrf.exempt(api)
app.register_blueprint(api)
