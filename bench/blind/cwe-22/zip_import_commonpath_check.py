"""Import a theme bundle uploaded by a site admin."""

import os
import tempfile
import zipfile

from flask import Flask, abort, jsonify, request

app = Flask(__name__)
THEMES_DIR = "/var/www/themes"


def install_theme(archive_path: str, theme: str) -> list[str]:
    dest = os.path.realpath(os.path.join(THEMES_DIR, theme))
    written = []
    with zipfile.ZipFile(archive_path) as zf:
        for member in zf.infolist():
            if member.is_dir():
                continue
            out_path = os.path.realpath(os.path.join(dest, member.filename))
            if os.path.commonpath([dest, out_path]) != dest:
                raise ValueError(f"unsafe path in archive: {member.filename}")
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
            with open(out_path, "wb") as fh:
                fh.write(zf.read(member))
            written.append(member.filename)
    return written


@app.post("/themes")
def upload_theme():
    with tempfile.NamedTemporaryFile(suffix=".zip") as tmp:
        request.files["bundle"].save(tmp.name)
        try:
            return jsonify({"installed": install_theme(tmp.name, "custom")})
        except ValueError:
            abort(400)
