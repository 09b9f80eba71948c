"""Backup service used by the ops API."""

import os
from dataclasses import dataclass

from flask import Blueprint, jsonify, request

bp = Blueprint("backups", __name__)


@dataclass
class BackupService:
    dest: str = "/backups"

    def archive(self, options: dict) -> str:
        name = options["database"]
        cmd = f"pg_dump {name} | gzip > {self.dest}/{name}.sql.gz && echo ok"
        with os.popen(cmd) as pipe:
            return pipe.read().strip()


service = BackupService()


@bp.post("/backups")
def create_backup():
    payload = request.get_json(force=True)
    status = service.archive({"database": payload.get("database", "app")})
    return jsonify({"status": status})
