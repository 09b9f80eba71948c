from flask import Flask
from flask_sqlalchemy import SQLAlchemy

db = SQLAlchemy()


class ProductionConfig:
    SECRET_KEY = "9f3c1e7b2d84f06a1c3e5b7d9f1a2c4e6b8d0f2a"
    SQLALCHEMY_DATABASE_URI = "postgresql://shop:Sh0pDbPa55-2024@10.0.3.12:5432/shop"
    SESSION_COOKIE_SECURE = True


def create_app(config: type = ProductionConfig) -> Flask:
    app = Flask(__name__)
    app.config.from_object(config)
    db.init_app(app)

    @app.get("/healthz")
    def healthz():
        return {"ok": True}

    return app
