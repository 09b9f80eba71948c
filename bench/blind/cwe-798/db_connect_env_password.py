import os

import psycopg2
from psycopg2.pool import SimpleConnectionPool

DB_CONFIG = {
    "host": os.environ.get("DB_HOST", "localhost"),
    "port": int(os.environ.get("DB_PORT", "5432")),
    "dbname": "billing",
    "user": os.environ.get("DB_USER", "billing_app"),
    "password": os.environ["DB_PASSWORD"],
}

pool = SimpleConnectionPool(minconn=1, maxconn=10, **DB_CONFIG)


def fetch_invoice(invoice_id: int):
    conn = pool.getconn()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT id, total, status FROM invoices WHERE id = %s", (invoice_id,))
            return cur.fetchone()
    finally:
        pool.putconn(conn)


def ping() -> bool:
    with psycopg2.connect(**DB_CONFIG) as conn:
        return conn.closed == 0
