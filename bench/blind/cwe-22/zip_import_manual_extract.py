"""Import a theme bundle uploaded by a site admin."""

import os
import zipfile

from flask import Flask, jsonify, request

app = Flask(__name__)
THEMES_DIR = "/var/www/themes"


def install_theme(archive_path: str, theme: str) -> list[str]:
    dest = os.path.join(THEMES_DIR, theme)
    written = []
    with zipfile.ZipFile(archive_path) as zf:
        for member in zf.infolist():
            if member.is_dir():
                continue
            out_path = os.path.join(dest, member.filename)
            os.makedirs(os.path.dirname(out_path), exist_ok=True)
            with open(out_path, "wb") as fh:
                fh.write(zf.read(member))
            written.append(member.filename)
    return written


@app.post("/themes/<theme>")
def upload_theme(theme: str):
    upload = request.files["bundle"]
    tmp_path = f"/tmp/theme-{os.getpid()}.zip"
    upload.save(tmp_path)
    return jsonify({"installed": install_theme(tmp_path, "custom")})
