import os

from flask import Flask, abort, request, send_file

app = Flask(__name__)
UPLOAD_DIR = os.path.join(os.path.dirname(__file__), "uploads")


@app.route("/download")
def download():
    filename = request.args.get("file")
    if not filename:
        abort(400)
    path = os.path.join(UPLOAD_DIR, filename)
    if not os.path.exists(path):
        abort(404)
    return send_file(path, as_attachment=True)
