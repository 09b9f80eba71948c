import sqlite3

from flask import Flask, g, jsonify, request

app = Flask(__name__)
DATABASE = "inventory.db"


def get_db():
    if "db" not in g:
        g.db = sqlite3.connect(DATABASE)
        g.db.row_factory = sqlite3.Row
    return g.db


@app.route("/products/search")
def search_products():
    term = request.args.get("q", "").strip()
    category = request.args.get("category", "all")
    sql = "SELECT id, name, price FROM products WHERE name LIKE ?"
    params = [f"%{term}%"]
    if category != "all":
        sql += " AND category = ?"
        params.append(category)
    rows = get_db().execute(sql + " ORDER BY name LIMIT 50", params).fetchall()
    return jsonify([dict(row) for row in rows])
