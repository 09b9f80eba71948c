import os

from flask import Flask, jsonify, request
from ldap3 import ALL, Connection, Server

app = Flask(__name__)
server = Server("ldaps://ldap.corp.example.com", get_info=ALL)
BASE_DN = "ou=people,dc=corp,dc=example,dc=com"


@app.get("/directory/user")
def lookup_user():
    username = request.args.get("username", "")
    conn = Connection(server, "cn=reader,dc=corp,dc=example,dc=com", os.environ["LDAP_PW"], auto_bind=True)
    conn.search(BASE_DN, f"(&(objectClass=person)(uid={username}))", attributes=["cn", "mail"])
    entries = [{"cn": str(e.cn), "mail": str(e.mail)} for e in conn.entries]
    conn.unbind()
    return jsonify(entries)
