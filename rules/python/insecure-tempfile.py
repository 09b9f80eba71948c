# Test cases for rules/python/insecure-tempfile.yaml (data for semgrep --test; never imported).
import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pandas as pd

# --- tempfile.mktemp ----------------------------------------------------------------------


def render_report(html):
    # ruleid: insecure-tempfile-mktemp
    path = tempfile.mktemp(suffix=".html")
    with open(path, "w") as fh:
        fh.write(html)
    return path


def convert_image(data):
    # ruleid: insecure-tempfile-mktemp
    src = tempfile.mktemp(prefix="img-", dir="/var/tmp")
    Path(src).write_bytes(data)
    subprocess.run(["convert", src, src + ".png"], check=True)


def render_report_safely(html):
    # ok: insecure-tempfile-mktemp
    with tempfile.NamedTemporaryFile("w", suffix=".html", delete=False) as fh:
        fh.write(html)
        return fh.name


def convert_image_safely(data):
    # ok: insecure-tempfile-mktemp
    fd, src = tempfile.mkstemp(prefix="img-")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    return src


# --- predictable paths in /tmp ------------------------------------------------------------


def export_user_csv(user_id, rows):
    path = f"/tmp/export_{user_id}.csv"
    # ruleid: insecure-tempfile-predictable-path
    with open(path, "w") as fh:
        fh.writelines(rows)
    return path


def cache_response(name, payload):
    # ruleid: insecure-tempfile-predictable-path
    with open("/tmp/" + name + ".json", "w") as fh:
        json.dump(payload, fh)


def append_audit_line(line):
    log_path = os.path.join(tempfile.gettempdir(), "audit.log")
    # ruleid: insecure-tempfile-predictable-path
    with open(log_path, "a") as fh:
        fh.write(line + "\n")


def write_pid():
    # ruleid: insecure-tempfile-predictable-path
    Path("/tmp/worker.pid").write_text(str(os.getpid()))


def dump_frame(frame: pd.DataFrame, job):
    target = os.path.join("/tmp", f"{job}.csv")
    # ruleid: insecure-tempfile-predictable-path
    frame.to_csv(target, index=False)


def write_lock():
    # ruleid: insecure-tempfile-predictable-path
    fd = os.open("/tmp/app.lock", os.O_WRONLY | os.O_CREAT, 0o644)
    os.close(fd)


# Safe look-alikes: private temp dirs, exclusive creation, reads, non-temp paths.


def export_user_csv_safely(user_id, rows):
    workdir = tempfile.mkdtemp(prefix="export-")
    path = os.path.join(workdir, f"export_{user_id}.csv")
    # ok: insecure-tempfile-predictable-path
    with open(path, "w") as fh:
        fh.writelines(rows)
    return path


def cache_response_safely(name, payload):
    with tempfile.TemporaryDirectory() as tmp:
        # ok: insecure-tempfile-predictable-path
        with open(os.path.join(tmp, name + ".json"), "w") as fh:
            json.dump(payload, fh)


def read_shared_flag():
    # ok: insecure-tempfile-predictable-path
    with open("/tmp/feature-flags.json") as fh:
        return json.load(fh)


def write_lock_exclusive():
    # ok: insecure-tempfile-predictable-path
    fd = os.open("/tmp/app.lock", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def create_marker_exclusive():
    # ok: insecure-tempfile-predictable-path
    with open("/tmp/setup.done", "x") as fh:
        fh.write("ok")


def write_app_data(name, data):
    path = os.path.join("/var/lib/myapp", name)
    # ok: insecure-tempfile-predictable-path
    with open(path, "w") as fh:
        fh.write(data)


def archive_upload(src):
    # ok: insecure-tempfile-predictable-path
    shutil.copy("/tmp/upload.bin", src)
