import os

from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class ProductionConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")
    SESSION_COOKIE_SECURE = True
    PASSWORD_MIN_LENGTH = 12
    PASSWORD_RESET_SALT_NAME = "password-reset"


def create_app(config: type = ProductionConfig) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)
    if not app.config["SECRET_KEY"] or not app.config["SQLALCHEMY_DATABASE_URI"]:
        raise RuntimeError("SECRET_KEY and DATABASE_URL must be set")
    db.init_app(app)
    return app
