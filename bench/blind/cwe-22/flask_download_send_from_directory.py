import os

from flask import Flask, abort, request, send_from_directory

app = Flask(__name__)
UPLOAD_DIR = os.path.join(os.path.dirname(__file__), "uploads")


@app.route("/download")
def download():
    filename = request.args.get("file")
    if not filename:
        abort(400)
    # send_from_directory rejects paths that escape UPLOAD_DIR (werkzeug safe_join)
    return send_from_directory(UPLOAD_DIR, filename, as_attachment=True)
