import os
import subprocess
import tempfile

from flask import Flask, jsonify, request

app = Flask(__name__)


class VirusScanner:
    def __init__(self, workdir: str | None = None) -> None:
        self.workdir = workdir

    def scan(self, user_id: int, data: bytes) -> bool:
        fd, path = tempfile.mkstemp(prefix=f"upload_{user_id}_", suffix=".bin", dir=self.workdir)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        try:
            result = subprocess.run(["clamscan", "--no-summary", path], capture_output=True)
            return result.returncode == 0
        finally:
            os.unlink(path)


scanner = VirusScanner()


@app.post("/users/<int:user_id>/attachments")
def upload(user_id: int):
    clean = scanner.scan(user_id, request.files["file"].read())
    return jsonify({"clean": clean}), 200 if clean else 422
