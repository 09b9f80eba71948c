# Test cases for rules/python/debug-mode.yaml (data for semgrep --test; never imported).
import os

import decouple
from flask import Flask
from werkzeug.debug import DebuggedApplication
from werkzeug.serving import run_simple

app = Flask(__name__)


@app.route("/")
def index():
    return "hello"


def run_dev_server():
    # ruleid: debug-mode-flask-run
    app.run(debug=True)


def run_dev_server_port():
    # ruleid: debug-mode-flask-run
    app.run(port=5001, debug=True, host="127.0.0.1")


def configure(application):
    # ruleid: debug-mode-flask-run
    application.config["DEBUG"] = True
    # ruleid: debug-mode-flask-run
    application.debug = True


def run_public():
    # ruleid: debug-mode-flask-run-public
    app.run(host="0.0.0.0", port=8080, debug=True)


def run_factory():
    # ruleid: debug-mode-flask-run
    create_app().run(debug=True)


def run_public_reordered():
    # ruleid: debug-mode-flask-run-public
    app.run(debug=True, host="0.0.0.0")


def run_with_console():
    # ruleid: debug-mode-werkzeug-debugger
    run_simple("0.0.0.0", 5000, app, use_reloader=True, use_debugger=True)


# ruleid: debug-mode-werkzeug-debugger
wsgi_app = DebuggedApplication(app.wsgi_app, evalex=True)


# Safe look-alikes: debug from the environment, debug off, production servers.


def run_from_env():
    # ok: debug-mode-flask-run
    app.run(debug=os.environ.get("FLASK_DEBUG") == "1")


def run_public_no_debug():
    # ok: debug-mode-flask-run-public
    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", "8080")))


def run_plain():
    # ok: debug-mode-flask-run
    app.run()


def run_public_debug_off():
    # ok: debug-mode-flask-run-public
    app.run(host="0.0.0.0", port=8080, debug=False)


def run_without_debugger():
    # ok: debug-mode-werkzeug-debugger
    run_simple("127.0.0.1", 5000, app, use_debugger=False)


def run_explicitly_off():
    # ok: debug-mode-flask-run
    app.run(host="127.0.0.1", debug=False)


def configure_safely(application):
    # ok: debug-mode-flask-run
    application.config["DEBUG"] = os.environ.get("FLASK_DEBUG") == "1"


def run_console_on_loopback():
    # ruleid: debug-mode-werkzeug-debugger-local
    run_simple("127.0.0.1", 5000, app, use_debugger=True, use_reloader=True)


def run_console_on_localhost_by_keyword():
    # ruleid: debug-mode-werkzeug-debugger-local
    run_simple(hostname="localhost", port=5000, application=app, use_debugger=True)


def run_console_on_a_host_from_settings(host):
    # ruleid: debug-mode-werkzeug-debugger
    run_simple(host, 5000, app, use_debugger=True)


def run_console_on_loopback_off():
    # ok: debug-mode-werkzeug-debugger-local
    run_simple("127.0.0.1", 5000, app, use_debugger=False)


def run_without_console():
    # ok: debug-mode-werkzeug-debugger
    run_simple("127.0.0.1", 5000, app, use_reloader=True)


class Grammar:
    def set_debug(self):
        # ok: debug-mode-flask-run
        self.debug = True
        return self


def run_worker(worker):
    # ok: debug-mode-flask-run
    worker.run(verbose=True)


# --- Django settings (this module also sets INSTALLED_APPS, so it reads as settings) -------

# ruleid: debug-mode-django-settings
DEBUG = True

ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "shop"]


# re-enabled further down for a "staging" setup
# ruleid: debug-mode-django-settings
DEBUG = True


class DevelopmentConfig:
    # ok: debug-mode-django-settings
    DEBUG = True


def enable_verbose_logging(settings):
    # ok: debug-mode-django-settings
    DEBUG = True
    settings.LOGGING["root"]["level"] = "DEBUG" if DEBUG else "INFO"


# ok: debug-mode-django-settings
DEBUG = False

# ok: debug-mode-django-settings
DEBUG = os.environ.get("DJANGO_DEBUG") == "1"

# --- defaults that switch debug on --------------------------------------------------------

# ruleid: debug-mode-default-on
DEBUG = os.environ.get("DJANGO_DEBUG", "True") == "True"

# ruleid: debug-mode-default-on
FLASK_DEBUG = os.getenv("FLASK_DEBUG", "1") == "1"

# ruleid: debug-mode-default-on
DEBUG = decouple.config("DEBUG", default=True, cast=bool)

# ok: debug-mode-default-on
DEBUG = os.environ.get("DJANGO_DEBUG", "False") == "True"

# ok: debug-mode-default-on
DEBUG = os.getenv("DEBUG", "0") == "1"

# ok: debug-mode-default-on
DEBUG = decouple.config("DEBUG", default=False, cast=bool)

# ok: debug-mode-default-on
LOG_LEVEL = os.getenv("LOG_LEVEL", "1")


# --- FastAPI / Starlette ------------------------------------------------------------------
import fastapi  # noqa: E402
from starlette.applications import Starlette  # noqa: E402

# ruleid: debug-mode-asgi-app
api = fastapi.FastAPI(title="orders", debug=True)

# ruleid: debug-mode-asgi-app
web = Starlette(debug=True, routes=[])

admin_api = fastapi.FastAPI()
# ruleid: debug-mode-asgi-app
admin_api.debug = True

# ok: debug-mode-asgi-app
quiet_api = fastapi.FastAPI(debug=os.environ.get("APP_DEBUG") == "1")

# ok: debug-mode-asgi-app
plain_web = Starlette(routes=[])
