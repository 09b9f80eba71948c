import psycopg2
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/api/orders")
def create_order():
    payload = request.get_json()
    try:
        with psycopg2.connect("dbname=shop user=shop") as conn, conn.cursor() as cur:
            cur.execute(
                "INSERT INTO orders (customer_id, sku, qty) VALUES (%s, %s, %s) RETURNING id",
                (payload["customer_id"], payload["sku"], payload["qty"]),
            )
            order_id = cur.fetchone()[0]
    except Exception as e:
        return jsonify({"success": False, "error": str(e)}), 500
    return jsonify({"success": True, "order_id": order_id}), 201
