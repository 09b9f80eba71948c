# Test cases for rules/python/ldap-injection.yaml (data only; never imported or run).
import re
import sys

import ldap
from flask import Flask, jsonify, request
from ldap.filter import escape_filter_chars, filter_format
from ldap3 import SUBTREE, Connection, Server
from ldap3.utils.conv import escape_filter_chars as ldap3_escape

app = Flask(__name__)
BASE_DN = "ou=people,dc=example,dc=com"


@app.route("/directory")
def directory_lookup():
    username = request.args.get("user", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    # ruleid: ldap-injection-tainted-filter
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(uid={username})", ["cn", "mail"])
    return jsonify([dn for dn, _ in results])


@app.route("/directory-safe")
def directory_lookup_safe():
    username = request.args.get("user", "")
    conn = ldap.initialize("ldap://ldap.example.com")
    # ok: ldap-injection-tainted-filter
    results = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, f"(uid={escape_filter_chars(username)})", ["cn"])
    # ok: ldap-injection-tainted-filter
    results2 = conn.search_s(BASE_DN, ldap.SCOPE_SUBTREE, filter_format("(mail=%s)", [username]))
    return jsonify([dn for dn, _ in results + results2])


@app.route("/login", methods=["POST"])
def ldap_login():
    user = request.form["username"]
    password = request.form["password"]
    server = Server("ldap://ldap.example.com")
    conn = Connection(server, "cn=reader,dc=example,dc=com", "secret", auto_bind=True)
    search_filter = "(&(objectClass=person)(uid=" + user + "))"
    # ruleid: ldap-injection-tainted-filter
    conn.search(BASE_DN, search_filter, SUBTREE, attributes=["cn"])
    # ok: ldap-injection-tainted-filter
    conn.search(BASE_DN, "(&(objectClass=person)(uid=%s))" % ldap3_escape(user), SUBTREE)
    return jsonify({"found": bool(conn.entries), "pw": bool(password)})


@app.route("/groups")
def groups():
    group = request.args["group"]
    conn = Connection(Server("ldap://ldap.example.com"), auto_bind=True)
    # ruleid: ldap-injection-tainted-filter
    conn.search(search_base=BASE_DN, search_filter="(cn=%s)" % group, attributes=["member"])
    # ok: ldap-injection-tainted-filter
    conn.search(search_base=BASE_DN, search_filter="(objectClass=groupOfNames)", attributes=["cn"])
    return jsonify([str(e) for e in conn.entries])


def cli():
    conn = ldap.initialize("ldap://ldap.example.com")
    # ruleid: ldap-injection-tainted-filter
    conn.search_ext_s(BASE_DN, ldap.SCOPE_ONELEVEL, "(cn=" + sys.argv[1] + ")")
    # ok: ldap-injection-tainted-filter
    conn.search_ext_s(BASE_DN, ldap.SCOPE_ONELEVEL, "(objectClass=*)", [sys.argv[1]])


@app.route("/grep")
def grep_lines():
    term = request.args["term"]
    # ok: ldap-injection-tainted-filter
    return jsonify(bool(re.search("^user:", term)))


# --- The bind DN (or search base) built from request data.
from ldap3.utils.dn import escape_rdn

SERVER = Server("ldaps://ldap.example.com")


@app.route("/ldap/login", methods=["POST"])
def ldap_login():
    user = request.form["user"]
    # ruleid: ldap-injection-tainted-dn
    conn = Connection(SERVER, user=f"uid={user},ou=people,dc=example,dc=com", password=request.form["pw"])
    return jsonify(ok=conn.bind())


@app.route("/ldap/login-escaped", methods=["POST"])
def ldap_login_escaped():
    user = escape_rdn(request.form["user"])
    # ok: ldap-injection-tainted-dn
    conn = Connection(SERVER, user=f"uid={user},ou=people,dc=example,dc=com", password=request.form["pw"])
    return jsonify(ok=conn.bind())


@app.route("/ldap/legacy", methods=["POST"])
def ldap_legacy_bind():
    ldap_conn = ldap.initialize("ldap://ldap.example.com")
    # ruleid: ldap-injection-tainted-dn
    ldap_conn.simple_bind_s("cn=%s,dc=example,dc=com" % request.form["user"], request.form["pw"])


# --- A value validated with fullmatch against a safe character set.
NAME_RE = re.compile(r"[A-Za-z .-]{1,40}")


@app.route("/ldap/people")
def people_validated():
    name = request.args.get("name", "")
    if not NAME_RE.fullmatch(name):
        return jsonify(error="bad name"), 400
    ldap_conn = ldap.initialize("ldap://ldap.example.com")
    # ok: ldap-injection-tainted-filter
    return jsonify(ldap_conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(cn={name}*)"))
