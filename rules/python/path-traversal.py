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


# --- Tar extraction without a filter (tar slip).
import re
import tarfile
import zipfile

from django.shortcuts import get_object_or_404

from .models import Attachment


def unpack_release(bundle_path, dest):
    with tarfile.open(bundle_path) as bundle:
        # ruleid: path-traversal-archive-extractall
        bundle.extractall(dest)


def unpack_release_filtered(bundle_path, dest):
    with tarfile.open(bundle_path) as bundle:
        # ok: path-traversal-archive-extractall
        bundle.extractall(dest, filter="data")


def unpack_checked(bundle_path, dest, safe_members):
    archive = tarfile.open(bundle_path)
    # ok: path-traversal-archive-extractall
    archive.extractall(dest, members=safe_members(archive))


# --- Environment variables, also through module constants.
EXPORT_NAME = os.environ.get("EXPORT_NAME", "default")


def write_export(data):
    # ruleid: path-traversal-tainted
    with open(os.path.join("/srv/exports", EXPORT_NAME), "w") as handle:
        handle.write(data)


def write_export_cleaned(data):
    name = re.sub(r"[^A-Za-z0-9_-]", "_", EXPORT_NAME)
    # ok: path-traversal-tainted
    with open(os.path.join("/srv/exports", name), "w") as handle:
        handle.write(data)


# --- A record looked up by the user's key; members read inside an uploaded zip.
@app.route("/attachments/delete", methods=["POST"])
def delete_own_attachment():
    item = get_object_or_404(Attachment, pk=request.form["id"])
    # ok: path-traversal-tainted
    os.remove(os.path.join("/srv/media", item.stored_name))


@app.route("/themes", methods=["POST"])
def import_theme_checked():
    base = os.path.realpath("/srv/themes")
    with zipfile.ZipFile(request.files["theme"].stream) as archive:
        for member in archive.namelist():
            target = os.path.realpath(os.path.join(base, member))
            if not target.startswith(base + os.sep):
                abort(400)
            # ok: path-traversal-tainted
            with archive.open(member) as src, open(target, "wb") as dst:
                dst.write(src.read())


@app.route("/themes/raw", methods=["POST"])
def import_theme_unchecked():
    with zipfile.ZipFile(request.files["theme"].stream) as archive:
        for member in archive.namelist():
            # ruleid: path-traversal-tainted
            with open(os.path.join("/srv/themes", member), "wb") as dst:
                dst.write(archive.read(member))


# --- The start-up file the user's $PYTHONSTARTUP names, read as Python's REPL reads it.
def startup_source():
    # ok: path-traversal-tainted
    with open(os.environ.get("PYTHONSTARTUP", "")) as handle:
        return handle.read()


def job_source():
    # ruleid: path-traversal-tainted
    with open(os.environ.get("JOB_FILE", "")) as handle:
        return handle.read()
