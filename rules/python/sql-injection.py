# Test cases for rules/python/sql-injection.yaml (data only; never imported or run).
import os
import sqlite3
import sys

import pandas as pd
import psycopg2
from django.db import connection
from django.db.models.expressions import RawSQL
from fastapi import FastAPI
from flask import Flask, abort, jsonify, request
from psycopg2 import sql
from sqlalchemy import select, text

from .models import Order, User, engine, get_db

app = Flask(__name__)
api = FastAPI()
SORT_COLUMNS = {"name", "created_at"}
TABLE = "users"


@app.route("/users")
def find_user():
    username = request.args.get("username")
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    # ruleid: sql-injection-tainted, sql-injection-string-built
    cur.execute(f"SELECT id, email FROM users WHERE username = '{username}'")
    return jsonify(cur.fetchall())


@app.route("/users-safe")
def find_user_safe():
    username = request.args.get("username")
    conn = sqlite3.connect("app.db")
    cur = conn.cursor()
    # ok: sql-injection-tainted, sql-injection-string-built
    cur.execute("SELECT id, email FROM users WHERE username = ?", (username,))
    return jsonify(cur.fetchall())


@app.route("/search", methods=["POST"])
def search():
    term = request.form["q"]
    query = "SELECT * FROM products WHERE name LIKE '%" + term + "%'"
    with psycopg2.connect("dbname=shop") as conn, conn.cursor() as cur:
        # ruleid: sql-injection-tainted, sql-injection-string-built
        cur.execute(query)
        return jsonify(cur.fetchall())


@app.route("/search-safe", methods=["POST"])
def search_safe():
    term = request.form["q"]
    with psycopg2.connect("dbname=shop") as conn, conn.cursor() as cur:
        # ok: sql-injection-tainted, sql-injection-string-built
        cur.execute("SELECT * FROM products WHERE name LIKE %s", ("%" + term + "%",))
        return jsonify(cur.fetchall())


@app.route("/orders")
def list_orders():
    status = request.args.get("status", "open")
    sort = request.args.get("sort", "created_at")
    cur = connection.cursor()
    # ruleid: sql-injection-tainted, sql-injection-string-built
    cur.execute("SELECT * FROM orders WHERE status = '%s' ORDER BY %s" % (status, sort))
    if sort not in SORT_COLUMNS:
        abort(400)
    # The search rule cannot see the allow-list guard above; the taint rule can (no finding).
    # todook: sql-injection-string-built
    cur.execute("SELECT * FROM orders WHERE status = %s ORDER BY " + sort, [status])
    return jsonify(cur.fetchall())


@app.route("/page")
def page():
    limit = int(request.args.get("limit", "20"))
    offset = request.args.get("offset", "0")
    cur = connection.cursor()
    # ok: sql-injection-tainted, sql-injection-string-built
    cur.execute("SELECT * FROM posts LIMIT {} OFFSET {}".format(int(limit), int(offset)))
    # ruleid: sql-injection-tainted, sql-injection-string-built
    cur.execute("SELECT * FROM posts LIMIT 10 OFFSET {off}".format(off=offset))
    return jsonify(cur.fetchall())


@app.route("/bulk-delete", methods=["POST"])
def bulk_delete():
    ids = request.get_json()["ids"]
    placeholders = ", ".join("?" * len(ids))
    conn = sqlite3.connect("app.db")
    # ok: sql-injection-tainted, sql-injection-string-built
    conn.execute(f"DELETE FROM items WHERE id IN ({placeholders})", ids)
    # ok: sql-injection-tainted, sql-injection-string-built
    conn.executemany("INSERT INTO audit (item_id) VALUES (?)", [(i,) for i in ids])
    return "", 204


@app.route("/reset-name")
def reset_name():
    name = request.args.get("name")
    name = "guest"
    # ok: sql-injection-tainted
    connection.cursor().execute("UPDATE users SET name = '" + name + "' WHERE id = 1")
    stmt = f"UPDATE users SET name = '{name}'"
    stmt = "UPDATE users SET name = 'guest'"
    # ok: sql-injection-string-built
    connection.cursor().execute(stmt)
    return "ok"


@app.route("/report")
def report():
    region = request.args["region"]
    # ruleid: sql-injection-tainted, sql-injection-string-built
    df = pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}'", engine)
    # ok: sql-injection-tainted, sql-injection-string-built
    df2 = pd.read_sql("SELECT * FROM sales WHERE region = %(r)s", engine, params={"r": region})
    return df.to_json() + df2.to_json()


@api.get("/accounts/{account_id}")
def get_account(account_id: str):
    with engine.connect() as conn:
        # ruleid: sql-injection-tainted, sql-injection-string-built
        row = conn.execute(text(f"SELECT * FROM accounts WHERE id = {account_id}")).first()
        # ok: sql-injection-tainted, sql-injection-string-built
        row2 = conn.execute(text("SELECT * FROM accounts WHERE id = :id"), {"id": account_id}).first()
        # ok: sql-injection-tainted
        row3 = conn.execute(select(User).where(User.id == account_id)).first()
    return {"row": row, "row2": row2, "row3": row3}


def user_posts(request, user_id):
    """A Django view."""
    order = request.GET.get("order", "id")
    # ruleid: sql-injection-tainted, sql-injection-string-built
    posts = User.objects.raw("SELECT * FROM blog_post WHERE author_id = %s ORDER BY " + order, [user_id])
    # ok: sql-injection-tainted, sql-injection-string-built
    posts2 = User.objects.raw("SELECT * FROM blog_post WHERE author_id = %s", [user_id])
    # ruleid: sql-injection-tainted
    recent = Order.objects.extra(where=["status = '" + request.GET["status"] + "'"])
    # ok: sql-injection-tainted
    recent2 = Order.objects.extra(where=["status = %s"], params=[request.GET["status"]])
    # ruleid: sql-injection-tainted, sql-injection-string-built
    annotated = Order.objects.annotate(v=RawSQL("SELECT " + request.GET["col"] + " FROM t", ()))
    # ok: sql-injection-tainted
    annotated2 = Order.objects.annotate(v=RawSQL("SELECT price FROM t WHERE id = %s", (user_id,)))
    return posts, posts2, recent, recent2, annotated, annotated2


def rename_table(cur, old, new):
    """Helper an assistant writes for 'rename a table'; callers decide the names."""
    # ruleid: sql-injection-string-built
    cur.execute(f"ALTER TABLE {old} RENAME TO {new}")
    # ok: sql-injection-string-built
    cur.execute(sql.SQL("ALTER TABLE {} RENAME TO {}").format(sql.Identifier(old), sql.Identifier(new)))


def count_rows(cur):
    # ok: sql-injection-string-built
    cur.execute(f"SELECT COUNT(*) FROM {TABLE}")
    return cur.fetchone()[0]


def delete_user(db, user_id):
    query = "DELETE FROM users"
    query += " WHERE id = %s" % user_id
    # ruleid: sql-injection-string-built
    db.execute(query)


def run_job(executor, job_name):
    # ok: sql-injection-string-built
    executor.execute("job-" + job_name)


def cli():
    cur = sqlite3.connect("app.db").cursor()
    # ruleid: sql-injection-tainted, sql-injection-string-built
    cur.executescript("DROP TABLE IF EXISTS " + sys.argv[1])
    # ok: sql-injection-tainted, sql-injection-string-built
    cur.execute("DELETE FROM sessions WHERE user = ?", (sys.argv[1],))


# --- Constant table lookups and constant dict elements carry no user text.
TABLE_NAME = "orders"
SORTABLE = {"new": "created_at DESC", "old": "created_at ASC"}


@app.route("/posts")
def list_posts():
    order = SORTABLE.get(request.args.get("sort"), "created_at DESC")
    # ok: sql-injection-tainted, sql-injection-string-built
    return connection.cursor().execute(f"SELECT id FROM posts ORDER BY {order}")


@app.route("/posts/page")
def page_posts():
    opts = {"tag": request.args.get("tag", ""), "size": 20}
    cur = connection.cursor()
    # ok: sql-injection-tainted, sql-injection-string-built
    cur.execute(f"SELECT id FROM posts WHERE tag = %s LIMIT {opts['size']}", (opts["tag"],))
    # ruleid: sql-injection-tainted, sql-injection-string-built
    cur.execute(f"SELECT id FROM posts WHERE tag = '{opts['tag']}'")


# --- A main(argv) entry point and a branch that never runs.
def main_count(argv):
    table = argv[1]
    conn = sqlite3.connect("app.db")
    # ruleid: sql-injection-tainted, sql-injection-string-built
    return conn.execute("SELECT COUNT(*) FROM " + table).fetchone()


def purge_scratch(conn):
    schema = "scratch"
    if False:
        schema = os.environ["SCHEMA"]
    # ok: sql-injection-tainted, sql-injection-string-built
    conn.executescript(f"DELETE FROM {schema}.notes")


# --- The search rule follows function arguments (helpers that format SQL).
def find_by_email(cur, email):
    # ruleid: sql-injection-string-built
    cur.execute("SELECT id FROM users WHERE email = '%s'" % email)


def find_by_id(cur, user_id: int):
    # ok: sql-injection-string-built
    cur.execute(f"SELECT name FROM users WHERE id = {user_id}")


def count_rows():
    table = TABLE_NAME
    # ok: sql-injection-string-built
    return connection.cursor().execute(f"SELECT COUNT(*) FROM {table}")
