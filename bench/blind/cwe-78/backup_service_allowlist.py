"""Backup service used by the ops API."""

import os
from dataclasses import dataclass

from flask import Blueprint, abort, jsonify, request

bp = Blueprint("backups", __name__)

DUMP_COMMANDS = {
    "app": "pg_dump app | gzip > /backups/app.sql.gz && echo ok",
    "billing": "pg_dump billing | gzip > /backups/billing.sql.gz && echo ok",
    "analytics": "pg_dump analytics | gzip > /backups/analytics.sql.gz && echo ok",
}


@dataclass
class BackupService:
    commands: dict

    def archive(self, database: str) -> str:
        cmd = self.commands[database]
        with os.popen(cmd) as pipe:
            return pipe.read().strip()


service = BackupService(DUMP_COMMANDS)


@bp.post("/backups")
def create_backup():
    database = request.get_json(force=True).get("database", "app")
    if database not in DUMP_COMMANDS:
        abort(400)
    return jsonify({"status": service.archive(database)})
