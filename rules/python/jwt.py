# Test cases for rules/python/jwt.yaml (data for semgrep --test; never imported).
import os

import jwt
import requests
from flask import Flask, abort, g, request
from jose import jwt as jose_jwt

app = Flask(__name__)
SECRET_KEY = os.environ["JWT_SECRET"]
JWKS = requests.get(os.environ["JWKS_URL"], timeout=5).json()


def _bearer():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        abort(401)
    return header.removeprefix("Bearer ")


# --- verification switched off ------------------------------------------------------------


@app.before_request
def load_user():
    token = _bearer()
    # ruleid: jwt-signature-verification-disabled
    payload = jwt.decode(token, options={"verify_signature": False})
    g.user_id = payload["sub"]


def get_current_user_legacy(token):
    # ruleid: jwt-signature-verification-disabled
    claims = jwt.decode(token, SECRET_KEY, verify=False)
    return claims["user_id"]


def get_roles(token):
    options = {"verify_signature": False, "verify_exp": True}
    # ruleid: jwt-signature-verification-disabled
    claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options=options)
    return claims.get("roles", [])


def jose_user(token):
    # ruleid: jwt-signature-verification-disabled
    return jose_jwt.decode(token, "", options={"verify_signature": False})["sub"]


@app.before_request
def load_user_safely():
    token = _bearer()
    # ok: jwt-signature-verification-disabled
    payload = jwt.decode(token, SECRET_KEY, algorithms=["HS256"])
    g.user_id = payload["sub"]


def get_roles_allowing_clock_skew(token):
    # ok: jwt-signature-verification-disabled
    claims = jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options={"verify_aud": False}, leeway=30)
    return claims.get("roles", [])


def require_expiry(token):
    # ok: jwt-signature-verification-disabled
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"], options={"require": ["exp", "sub"]})


def jose_user_safely(token):
    # ok: jwt-signature-verification-disabled
    return jose_jwt.decode(token, SECRET_KEY, algorithms=["HS256"])["sub"]


# --- the "none" algorithm -----------------------------------------------------------------


def parse_any_token(token):
    # ruleid: jwt-none-algorithm
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256", "none"])


def issue_debug_token(user_id):
    # ruleid: jwt-none-algorithm
    return jwt.encode({"sub": user_id}, None, algorithm="none")


def parse_token_strictly(token):
    # ok: jwt-none-algorithm
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])


def issue_token(user_id):
    # ok: jwt-none-algorithm
    return jwt.encode({"sub": user_id}, SECRET_KEY, algorithm="HS256")


# --- no algorithm allow-list --------------------------------------------------------------


def verify_token(token):
    # ruleid: jwt-decode-without-algorithms
    return jwt.decode(token, SECRET_KEY)


def verify_rs256(token, public_key):
    # ruleid: jwt-decode-without-algorithms
    return jose_jwt.decode(token, public_key, audience="api")


def verify_token_safely(token):
    # ok: jwt-decode-without-algorithms
    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])


def verify_rs256_safely(token, public_key):
    # ok: jwt-decode-without-algorithms
    return jose_jwt.decode(token, public_key, algorithms=["RS256"], audience="api")


def verify_positional(token, public_key):
    # ok: jwt-decode-without-algorithms
    return jwt.decode(token, public_key, ["RS256"])


# --- unverified claims --------------------------------------------------------------------


def current_tenant(token):
    # ruleid: jwt-unverified-claims-trusted
    claims = jose_jwt.get_unverified_claims(token)
    return claims["tenant_id"]


def is_admin(token):
    # ruleid: jwt-unverified-claims-trusted
    return jose_jwt.get_unverified_claims(token).get("role") == "admin"


def verify_multi_issuer(token, keys_by_issuer):
    # ok: jwt-unverified-claims-trusted
    unverified = jose_jwt.get_unverified_claims(token)
    key = keys_by_issuer[unverified["iss"]]
    return jose_jwt.decode(token, key, algorithms=["RS256"], issuer=unverified["iss"])


def verify_with_kid(token):
    # ok: jwt-unverified-claims-trusted
    header = jose_jwt.get_unverified_header(token)
    key = next(k for k in JWKS["keys"] if k["kid"] == header["kid"])
    return jose_jwt.decode(token, key, algorithms=["RS256"])
