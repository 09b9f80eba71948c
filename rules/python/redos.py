# Test cases for rules/python/redos.yaml (data only; never imported or run).
import re

from fastapi import FastAPI
from flask import Flask, jsonify, request

app = Flask(__name__)
api = FastAPI()

PRODUCTS = ["red shirt", "blue shirt", "green hat"]
KNOWN_FILTERS = {"^red", "hat$"}

# used below: reported where it matches
EMAIL_RE = re.compile(r"^([a-zA-Z0-9]+)*@example\.com$")
# ok: redos-nested-quantifier
EMAIL_RE_SAFE = re.compile(r"^[a-zA-Z0-9._%+-]+@example\.com$")
# ruleid: redos-nested-quantifier
WORDS_RE = re.compile(r"^(\w+\s?)+$")
# ok: redos-nested-quantifier
WORDS_RE_SAFE = re.compile(r"^[\w\s]+$")
# ok: redos-nested-quantifier
VERSION_RE = re.compile(r"^(\d+\.)+\d+$")


def is_example_address(address):
    # ruleid: redos-nested-quantifier
    return EMAIL_RE.match(address) is not None


def is_example_address_safe(address):
    # ok: redos-nested-quantifier
    return EMAIL_RE_SAFE.match(address) is not None


def split_words(text):
    words = re.compile(r"^(\w+\s?)+$")
    # ruleid: redos-nested-quantifier
    return words.fullmatch(text)


def looks_like_sentence(text):
    # ruleid: redos-nested-quantifier
    return re.match("(.*)*!", text) is not None


def has_csv_row(text):
    # ok: redos-nested-quantifier
    return re.fullmatch(r"(\d{1,3},)*\d{1,3}", text) is not None


@app.route("/filter")
def filter_products():
    pattern = request.args.get("pattern", "")
    # ruleid: redos-tainted-pattern
    regex = re.compile(pattern)
    return jsonify([p for p in PRODUCTS if regex.search(p)])


@app.route("/filter-literal")
def filter_products_literal():
    term = request.args.get("term", "")
    # ok: redos-tainted-pattern
    regex = re.compile(re.escape(term), re.IGNORECASE)
    return jsonify([p for p in PRODUCTS if regex.search(p)])


@app.route("/filter-known")
def filter_known():
    pattern = request.args.get("pattern", "")
    if pattern not in KNOWN_FILTERS:
        return "unknown filter", 400
    # ok: redos-tainted-pattern
    return jsonify([p for p in PRODUCTS if re.search(pattern, p)])


@api.get("/grep")
def grep(expr: str, text: str):
    # ruleid: redos-tainted-pattern
    hits = re.findall(f"\\b{expr}\\b", text)
    # ok: redos-tainted-pattern
    words = re.findall(r"\w+", text)
    return {"hits": hits, "words": words}


def console_search():
    needle = input("search for: ")
    # ruleid: redos-tainted-pattern
    return [p for p in PRODUCTS if re.search(needle, p)]


def slug_ok(s):
    # ok: redos-nested-quantifier
    return re.match(r"^[a-z]+(-[a-z]+)*$", s) is not None


def digits_ok(s):
    # ruleid: redos-nested-quantifier
    return re.match(r"^(\d+\.?)*$", s) is not None


# --- Django validators; overlapping alternatives under a repetition.
from django.core.validators import RegexValidator

# ruleid: redos-nested-quantifier
slug_words = RegexValidator(regex=r"^([a-z]+-?)*$", message="words separated by dashes")
# ok: redos-nested-quantifier
slug_simple = RegexValidator(regex=r"^[a-z-]*$", message="letters and dashes")
# ruleid: redos-nested-quantifier
DOTTED = re.compile(r"^(\w+|\w+\.)+$")
# ok: redos-nested-quantifier
DOTTED_OK = re.compile(r"^\w+(\.\w+)*$")
# ruleid: redos-nested-quantifier
DOMAIN_TAIL = re.compile(r"^[a-z]+\.([a-zA-Z0-9]{2,4})+$")
# ok: redos-nested-quantifier
DOMAIN_TAIL_OK = re.compile(r"^[a-z]+\.[a-zA-Z0-9]{2,24}$")
# ok: redos-nested-quantifier
HEX_PAIRS = re.compile(r"^([0-9a-f]{2})+$")
