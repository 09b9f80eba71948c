"""Thin database helper shared by the reporting scripts and the API."""

import psycopg2
import psycopg2.extras
from flask import Flask, jsonify, request

app = Flask(__name__)


def fetch_all(sql: str, params: tuple = ()) -> list[dict]:
    with psycopg2.connect(dsn="dbname=reports") as conn:
        with conn.cursor(cursor_factory=psycopg2.extras.RealDictCursor) as cur:
            cur.execute(sql, params)
            return cur.fetchall()


def orders_for_customer(email: str, status: str) -> list[dict]:
    return fetch_all(
        f"SELECT id, total, created_at FROM orders "
        f"WHERE customer_email = '{email}' AND status = '{status}'"
    )


@app.get("/orders")
def list_orders():
    email = request.args["email"]
    status = request.args.get("status", "paid")
    return jsonify(orders_for_customer(email, status))
