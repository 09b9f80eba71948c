# Test cases for rules/python/command-injection.yaml (data only; never imported or run).
import argparse
import asyncio
import ipaddress
import re
import os
import shlex
import subprocess
import sys

from fastapi import APIRouter
from flask import Flask, abort, jsonify, request

app = Flask(__name__)
router = APIRouter()

ALLOWED_TOOLS = {"ping", "traceroute"}
TOOLS = {"ping": "/bin/ping", "trace": "/usr/bin/traceroute"}


@app.route("/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    output = subprocess.check_output(f"ping -c 1 {host}", shell=True, text=True)
    return jsonify({"output": output})


@app.route("/ping-safe")
def ping_safe():
    host = request.args.get("host", "127.0.0.1")
    # ok: command-injection-tainted-shell, command-injection-tainted-program
    output = subprocess.run(["ping", "-c", "1", host], capture_output=True, text=True, check=False)
    return jsonify({"output": output.stdout})


@app.route("/ping-quoted")
def ping_quoted():
    host = request.args.get("host", "127.0.0.1")
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    output = subprocess.check_output(f"ping -c 1 {shlex.quote(host)}", shell=True, text=True)
    return output


@app.post("/lookup")
def lookup():
    domain = request.form["domain"]
    cmd = "nslookup " + domain
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    os.system(cmd)
    return "done"


@app.post("/lookup-quoted-var")
def lookup_quoted_var():
    domain = shlex.quote(request.form["domain"])
    cmd = "nslookup " + domain
    # The search rule cannot see that `domain` was quoted on an earlier line; the taint rule can.
    # todook: command-injection-shell-string-built
    os.system(cmd)
    return "done"


@app.get("/disk")
def disk_usage():
    path = request.args.get("path", "/")
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    stream = os.popen("du -sh %s" % path)
    return stream.read()


@app.get("/count")
def count_lines():
    count = int(request.args.get("n", "10"))
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    return subprocess.getoutput("tail -n {} /var/log/app.log".format(int(count)))


@app.get("/reset")
def reset_cache():
    name = request.args.get("name")
    name = "default"
    # ok: command-injection-tainted-shell
    os.system("rm -rf /tmp/cache/" + name)
    return "ok"


@app.get("/debug")
def debug_shell():
    cmd = request.args.get("cmd")
    if False:
        # ok: command-injection-tainted-shell, command-injection-shell-string-built
        os.system("sh -c " + cmd)
    return "disabled"


@app.get("/tool")
def run_tool():
    tool = request.args.get("tool")
    target = request.args.get("target")
    # ruleid: command-injection-tainted-program
    result = subprocess.run([tool, target], capture_output=True)
    return result.stdout


@app.get("/tool-table")
def run_tool_from_table():
    target = request.args.get("target")
    # ok: command-injection-tainted-program
    result = subprocess.run([TOOLS["ping"], "-c", "1", "--", target], capture_output=True)
    return result.stdout


@app.get("/tool-allowed")
def run_allowed_tool():
    tool = request.args.get("tool")
    if tool not in ALLOWED_TOOLS:
        abort(400)
    # ok: command-injection-tainted-program
    return subprocess.check_output([tool, "--version"])


@app.get("/tool-logged")
def run_logged_tool():
    tool = request.args.get("tool")
    if tool not in ALLOWED_TOOLS:
        app.logger.warning("unknown tool requested")
    # ruleid: command-injection-tainted-program
    return subprocess.check_output([tool, "--version"])


@app.get("/exec")
def run_split():
    line = request.args["line"]
    # ruleid: command-injection-tainted-program
    return subprocess.check_output(shlex.split(line))


@router.get("/whois")
async def whois(domain: str):
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    proc = await asyncio.create_subprocess_shell(f"whois {domain}", stdout=subprocess.PIPE)
    out, _ = await proc.communicate()
    return {"out": out.decode()}


@router.get("/whois-safe")
async def whois_safe(domain: str):
    # ok: command-injection-tainted-program
    proc = await asyncio.create_subprocess_exec("whois", domain, stdout=subprocess.PIPE)
    out, _ = await proc.communicate()
    return {"out": out.decode()}


@router.get("/trace/{host}")
def trace(host: str):
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    return subprocess.check_output("traceroute %s" % ipaddress.ip_address(host), shell=True)


def backup_database(db_name, target_dir):
    """Helper written for a 'back up the database' prompt; inputs come from callers."""
    # ruleid: command-injection-shell-string-built
    subprocess.run(f"pg_dump {db_name} > {target_dir}/backup.sql", shell=True, check=True)


def backup_database_safe(db_name, target_dir):
    # ok: command-injection-shell-string-built
    subprocess.run(f"pg_dump {shlex.quote(db_name)} > {shlex.quote(target_dir)}/backup.sql", shell=True, check=True)


def archive_logs(directory):
    # ruleid: command-injection-shell-string-built
    os.system("tar czf logs.tgz " + directory + " && rm -rf " + directory)


def restart_service():
    service = "nginx"
    # ok: command-injection-shell-string-built
    os.system("systemctl restart " + service)


def list_home():
    # ok: command-injection-shell-string-built
    return subprocess.check_output("ls -la ~", shell=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("host")
    args = parser.parse_args()
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    subprocess.call("ping -c 3 " + args.host, shell=True)
    # ok: command-injection-tainted-shell
    subprocess.call(["ping", "-c", "3", args.host])
    user_cmd = input("command> ")
    # ruleid: command-injection-tainted-shell
    os.system(user_cmd)
    # ruleid: command-injection-tainted-program
    os.execvp(sys.argv[1], sys.argv[1:])
    # ok: command-injection-tainted-program
    os.execvp("git", ["git", "status"])


# --- Sources: Celery task arguments, http.server handlers, module-level env constants.
from celery import shared_task
from .models import Document
from http.server import BaseHTTPRequestHandler

ARCHIVE_ROOT = os.environ.get("ARCHIVE_ROOT", "/srv/archive")
FORMATS = {"zip": "zip -r", "tar": "tar czf"}


@shared_task
def pack_task(payload):
    target = payload["name"]
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    subprocess.run(f"tar czf /tmp/out.tgz {target}", shell=True)


@shared_task
def pack_task_quoted(payload):
    tool = FORMATS.get(payload.get("format"), "tar czf")
    target = shlex.quote(payload["name"])
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    subprocess.run(f"{tool} /tmp/out {target}", shell=True)


class PurgeHandler(BaseHTTPRequestHandler):
    def do_DELETE(self):
        # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
        os.system("rm -rf /var/cache/" + self.path)


def archive_listing():
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    return subprocess.check_output("ls -l " + ARCHIVE_ROOT, shell=True)


# --- Sanitisers: constant table, constant tuple element, regex validation, ORM record.
def restart_unit():
    tag = os.environ.get("RELEASE", "dev")
    pair = (tag, "worker.service")
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    subprocess.run("systemctl restart " + pair[1], shell=True)
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    subprocess.run("git checkout " + pair[0], shell=True)


@app.route("/dig")
def dig_validated():
    name = request.args.get("name", "")
    if not re.fullmatch(r"[a-z0-9.-]{1,253}", name):
        abort(400)
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    return subprocess.getoutput(f"dig +short {name}")


@app.route("/dig-blocked")
def dig_denylist():
    name = request.args.get("name", "")
    if name in {"localhost", "metadata"}:
        abort(400)
    # A deny-list branch that only leaves does not validate the value.
    # ruleid: command-injection-tainted-shell, command-injection-shell-string-built
    return subprocess.getoutput(f"dig +short {name}")


def render_thumb(request, pk):
    record = Document.objects.filter(pk=request.GET["id"]).first()
    # ok: command-injection-tainted-shell
    os.system(f"convert /srv/media/{record.stored_name} /tmp/thumb.png")


def dead_branch_cleanup():
    folder = "/tmp/build"
    if False:
        folder = os.environ.get("BUILD_DIR")
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    os.system("rm -rf " + folder)


# --- A helper that runs its argument in a shell, called with request data.
def shell_out(command):
    proc = subprocess.Popen(command, shell=True, stdout=subprocess.PIPE)
    return proc.communicate()[0]


@app.route("/whois")
def whois():
    domain = request.args["domain"]
    # ruleid: command-injection-tainted-shell
    return shell_out("whois " + domain)


@app.route("/uptime")
def uptime():
    # ok: command-injection-tainted-shell
    return shell_out("uptime")


# --- The search rule now follows function arguments instead of flagging any formatting.
def compress(path):
    # ruleid: command-injection-shell-string-built
    os.system("gzip -9 " + path)


def compress_count(count: int):
    # ok: command-injection-shell-string-built
    os.system(f"ls | head -n {count}")


def tail_log():
    lines = int(input("lines: "))
    # ok: command-injection-tainted-shell, command-injection-shell-string-built
    subprocess.call(f"tail -n {lines} /var/log/app.log", shell=True)


# --- The user's own preference variable as the whole command (as git and man run $PAGER).
def page(text):
    # ok: command-injection-tainted-shell
    pager = subprocess.Popen(os.environ.get("PAGER", "less"), shell=True, stdin=subprocess.PIPE)
    pager.communicate(text)


def page_or_argv():
    # ruleid: command-injection-tainted-shell
    subprocess.Popen(os.environ.get("PAGER", sys.argv[1]), shell=True)


def run_configured():
    # ruleid: command-injection-tainted-shell
    subprocess.Popen(os.environ["DEPLOY_CMD"], shell=True)
