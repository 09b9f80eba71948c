import base64
import pickle

from flask import Flask, jsonify, make_response, request

app = Flask(__name__)


def load_cart() -> dict:
    raw = request.cookies.get("cart")
    if not raw:
        return {}
    return pickle.loads(base64.urlsafe_b64decode(raw))


def save_cart(resp, cart: dict) -> None:
    resp.set_cookie("cart", base64.urlsafe_b64encode(pickle.dumps(cart)).decode())


@app.post("/cart/add")
def add_to_cart():
    cart = load_cart()
    sku = request.form["sku"]
    cart[sku] = cart.get(sku, 0) + int(request.form.get("qty", 1))
    resp = make_response(jsonify(cart))
    save_cart(resp, cart)
    return resp
