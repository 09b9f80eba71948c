"""Repository for the ticket table, used by the support API."""

from typing import Any

import psycopg2

SORTABLE = {
    "created": "created_at",
    "priority": "priority",
    "subject": "subject",
}


class TicketRepository:
    def __init__(self, dsn: str) -> None:
        self.conn = psycopg2.connect(dsn)

    def list(self, status: str, sort: str = "created", desc: bool = False) -> list[Any]:
        column = SORTABLE.get(sort, "created_at")
        direction = "DESC" if desc else "ASC"
        sql = f"SELECT id, subject, priority FROM tickets WHERE status = %s ORDER BY {column} {direction}"
        with self.conn.cursor() as cur:
            cur.execute(sql, (status,))
            return cur.fetchall()


def handle_list(repo: TicketRepository, query: dict[str, str]) -> list[Any]:
    return repo.list(query.get("status", "open"), query.get("sort", "created"), "desc" in query)
