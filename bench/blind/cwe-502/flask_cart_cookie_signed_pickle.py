import base64
import hashlib
import hmac
import os
import pickle

from flask import Flask, abort, jsonify, make_response, request

app = Flask(__name__)
SIGNING_KEY = os.environ["CART_SIGNING_KEY"].encode()


def _sign(blob: bytes) -> str:
    return hmac.new(SIGNING_KEY, blob, hashlib.sha256).hexdigest()


def load_cart() -> dict:
    raw, _, signature = request.cookies.get("cart", "").partition(".")
    if not raw:
        return {}
    blob = base64.urlsafe_b64decode(raw)
    if not hmac.compare_digest(_sign(blob), signature):
        abort(400)
    return pickle.loads(blob)


@app.post("/cart/add")
def add_to_cart():
    cart = load_cart()
    sku = request.form["sku"]
    cart[sku] = cart.get(sku, 0) + int(request.form.get("qty", 1))
    blob = pickle.dumps(cart)
    resp = make_response(jsonify(cart))
    resp.set_cookie("cart", base64.urlsafe_b64encode(blob).decode() + "." + _sign(blob))
    return resp
