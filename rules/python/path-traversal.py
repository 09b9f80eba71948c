# Test cases for rules/python/path-traversal.yaml (data only; never imported or run).
import os
import shutil
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from flask import Flask, abort, request, send_file, send_from_directory
from werkzeug.utils import secure_filename

app = Flask(__name__)
api = FastAPI()

UPLOAD_DIR = "/srv/uploads"
REPORTS = Path("/srv/reports")
ALLOWED_FILES = {"terms.txt", "privacy.txt"}


@app.route("/download")
def download():
    name = request.args.get("file")
    # ruleid: path-traversal-tainted
    return send_file(os.path.join(UPLOAD_DIR, name))


@app.route("/download-safe")
def download_safe():
    name = request.args.get("file")
    # ok: path-traversal-tainted
    return send_from_directory(UPLOAD_DIR, name)


@app.route("/view/<path:filename>")
def view(filename):
    # ruleid: path-traversal-tainted
    with open(UPLOAD_DIR + "/" + filename) as fh:
        return fh.read()


@app.route("/view-base/<filename>")
def view_base(filename):
    # ok: path-traversal-tainted
    with open(os.path.join(UPLOAD_DIR, os.path.basename(filename))) as fh:
        return fh.read()


@app.route("/upload", methods=["POST"])
def upload():
    uploaded = request.files["document"]
    # ruleid: path-traversal-tainted
    uploaded.save(os.path.join(UPLOAD_DIR, uploaded.filename))
    return "saved"


@app.route("/upload-safe", methods=["POST"])
def upload_safe():
    uploaded = request.files["document"]
    # ok: path-traversal-tainted
    uploaded.save(os.path.join(UPLOAD_DIR, secure_filename(uploaded.filename)))
    return "saved"


@app.route("/read")
def read_checked():
    name = request.args["name"]
    full = os.path.realpath(os.path.join(UPLOAD_DIR, name))
    if not full.startswith(UPLOAD_DIR + os.sep):
        abort(403)
    # ok: path-traversal-tainted
    with open(full, encoding="utf-8") as fh:
        return fh.read()


@app.route("/read-unchecked")
def read_unchecked():
    name = request.args["name"]
    full = os.path.realpath(os.path.join(UPLOAD_DIR, name))
    # ruleid: path-traversal-tainted
    with open(full, encoding="utf-8") as fh:
        return fh.read()


@app.route("/read-unresolved")
def read_unresolved():
    full = os.path.join(UPLOAD_DIR, request.args["name"])
    if not full.startswith(UPLOAD_DIR):
        abort(403)
    # ruleid: path-traversal-tainted
    with open(full, encoding="utf-8") as fh:
        return fh.read()


@app.route("/legal")
def legal():
    name = request.args.get("doc", "terms.txt")
    if name not in ALLOWED_FILES:
        abort(404)
    # ok: path-traversal-tainted
    return open(os.path.join("/srv/legal", name)).read()


@app.route("/delete", methods=["POST"])
def delete_file():
    name = request.form["name"]
    # ruleid: path-traversal-tainted
    os.remove(os.path.join(UPLOAD_DIR, name))
    # ruleid: path-traversal-tainted
    shutil.rmtree(f"/srv/workspaces/{request.form['workspace']}")
    # ok: path-traversal-tainted
    os.remove(os.path.join(UPLOAD_DIR, "tmp", "lock"))
    return "deleted"


@api.get("/reports/{report_name}")
def get_report(report_name: str):
    # ruleid: path-traversal-tainted
    return FileResponse(REPORTS / report_name)


@api.get("/reports-safe/{report_name}")
def get_report_safe(report_name: str):
    path = (REPORTS / report_name).resolve()
    if not path.is_relative_to(REPORTS):
        raise ValueError("outside the reports folder")
    # ok: path-traversal-tainted
    return FileResponse(path)


@api.get("/notes/{note}")
def get_note(note: str):
    # ruleid: path-traversal-tainted
    return {"text": (Path("/srv/notes") / f"{note}.md").read_text()}


@api.get("/notes-safe/{note}")
def get_note_safe(note: str):
    # ok: path-traversal-tainted
    return {"text": (Path("/srv/notes") / Path(note).name).read_text()}


def read_config(name):
    # ok: path-traversal-tainted
    return open(os.path.join("/etc/myapp", name)).read()
