"""Expose group membership from the corporate directory to the intranet API."""

from fastapi import FastAPI
from ldap3 import Connection, Server

app = FastAPI()
BASE = "dc=corp,dc=example,dc=com"


def build_filter(attribute: str, value: str) -> str:
    return "(" + attribute + "=" + value + ")"


class Directory:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn

    def members(self, group: str) -> list[str]:
        flt = "(&(objectClass=groupOfNames)" + build_filter("cn", group) + ")"
        self.conn.search(BASE, flt, attributes=["member"])
        return [str(m) for entry in self.conn.entries for m in entry.member]


directory = Directory(Connection(Server("ldap://ldap.corp"), auto_bind=True))


@app.get("/groups/{group}/members")
def group_members(group: str):
    return {"members": directory.members(group)}
