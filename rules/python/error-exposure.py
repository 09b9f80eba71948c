import logging
import sys
import traceback

from django.http import HttpResponse, JsonResponse
from fastapi import FastAPI, HTTPException
from flask import Flask, abort, jsonify, make_response, request

app = Flask(__name__)
api = FastAPI()
log = logging.getLogger(__name__)


@app.route("/import", methods=["POST"])
def import_rows():
    try:
        rows = load(request.files["csv"])
    except Exception as exc:
        # ruleid: error-details-exposed
        return jsonify({"error": str(exc)}), 500
    return jsonify(rows=len(rows))


@app.route("/report")
def report():
    try:
        return build_report()
    except Exception:
        # ruleid: error-details-exposed
        return f"<pre>{traceback.format_exc()}</pre>", 500


@app.route("/sync")
def sync():
    try:
        run_sync()
    except BaseException as err:
        # ruleid: error-details-exposed
        return make_response(f"sync failed: {err}", 500)
    return "ok"


@app.route("/job")
def job():
    try:
        run_job()
    except Exception as err:
        # ruleid: error-details-exposed
        abort(500, description=repr(err))
    return "ok"


@api.get("/items/{item_id}")
async def read_item(item_id: str):
    try:
        return await fetch_item(item_id)
    except Exception as e:
        # ruleid: error-details-exposed
        raise HTTPException(status_code=500, detail=f"lookup failed: {e}")


def django_view(request):
    try:
        data = compute(request.GET["q"])
    except Exception as e:
        # ruleid: error-details-exposed
        return JsonResponse({"ok": False, "trace": traceback.format_exception(e)})
    return JsonResponse(data)


def django_plain(request):
    try:
        data = compute(request.GET["q"])
    except Exception:
        # ruleid: error-details-exposed
        return HttpResponse(str(sys.exc_info()[1]), status=500)
    return HttpResponse(data)


# Safe look-alikes: the details go to the log, the user gets a fixed text.
@app.route("/import2", methods=["POST"])
def import_rows_logged():
    try:
        rows = load(request.files["csv"])
    except Exception as exc:
        log.exception("import failed: %s", exc)
        # ok: error-details-exposed
        return jsonify({"error": "import failed"}), 500
    return jsonify(rows=len(rows))


@api.get("/items2/{item_id}")
async def read_item_logged(item_id: str):
    try:
        return await fetch_item(item_id)
    except Exception as e:
        log.error("lookup of %s failed: %s", item_id, traceback.format_exc())
        # ok: error-details-exposed
        raise HTTPException(status_code=500, detail="lookup failed")


# A validation error the handler raised itself, narrowed by type: its text is meant for the user.
@app.route("/age", methods=["POST"])
def age():
    try:
        value = parse_age(request.form["age"])
    except ValueError as exc:
        # ok: error-details-exposed
        return jsonify({"error": str(exc)}), 400
    return jsonify(age=value)


# Only the exception's class name, not its text or trace.
@app.route("/kind")
def kind():
    try:
        run_job()
    except Exception as exc:
        # ok: error-details-exposed
        return jsonify(error=type(exc).__name__), 500
    return "ok"


# Not a web handler: a CLI prints the error for its own user.
def main():
    try:
        run_job()
    except Exception as exc:
        # ok: error-details-exposed
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0
