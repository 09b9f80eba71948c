import psycopg2
from psycopg2.pool import SimpleConnectionPool

DB_CONFIG = {
    "host": "prod-db-1.c9xkq2lmzp.eu-central-1.rds.amazonaws.com",
    "port": 5432,
    "dbname": "billing",
    "user": "billing_app",
    "password": "Wq7#tLz9!pR2vX4m",
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
