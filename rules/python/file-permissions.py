# Test cases for rules/python/file-permissions.yaml (data for semgrep --test; never imported).
import os
import stat
import subprocess
from pathlib import Path

UPLOAD_DIR = "/srv/app/uploads"


def publish_script(path):
    with open(path, "w") as fh:
        fh.write("#!/bin/sh\necho deployed\n")
    # ruleid: file-permissions-world-writable
    os.chmod(path, 0o777)


def share_config(path):
    # ruleid: file-permissions-world-writable
    os.chmod(path, 0o666)


def fix_upload_permissions(upload: Path):
    # ruleid: file-permissions-world-writable
    upload.chmod(0o776)


def open_up_dir(path):
    # ruleid: file-permissions-world-writable
    os.chmod(path, stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO)


def allow_everyone(path):
    mode = os.stat(path).st_mode
    # ruleid: file-permissions-world-writable
    os.chmod(path, mode | stat.S_IWOTH)


def relative_to_umask(path: Path):
    umask = os.umask(0o022)
    os.umask(umask)
    # ok: file-permissions-world-writable
    path.chmod(0o777 - umask)


def force_remove(path):
    if os.name == "nt":
        # ok: file-permissions-world-writable
        os.chmod(path, 0o777)
    os.remove(path)


def on_rmtree_error(func, path, exc_info):
    # ok: file-permissions-world-writable
    os.chmod(path, 0o777)
    func(path)


def make_runnable_then_run(path):
    # ruleid: file-permissions-world-writable
    os.chmod(path, 0o777)
    subprocess.run([path], check=True)


def publish_script_safely(path):
    with open(path, "w") as fh:
        fh.write("#!/bin/sh\necho deployed\n")
    # ok: file-permissions-world-writable
    os.chmod(path, 0o755)


def protect_key(path):
    # ok: file-permissions-world-writable
    os.chmod(path, 0o600)


def share_readonly(path):
    # ok: file-permissions-world-writable
    os.chmod(path, 0o644)


def private_dir(path):
    # ok: file-permissions-world-writable
    os.chmod(path, stat.S_IRWXU)


def shared_sticky_dir(path):
    # ok: file-permissions-world-writable
    os.chmod(path, 0o1777)


def owner_rw(upload: Path):
    # ok: file-permissions-world-writable
    upload.chmod(stat.S_IRUSR | stat.S_IWUSR)


# --- creation modes -----------------------------------------------------------------------


def ensure_upload_dir():
    # ruleid: file-permissions-permissive-create
    os.makedirs(UPLOAD_DIR, mode=0o777, exist_ok=True)


def make_cache_dir(base: Path):
    # ruleid: file-permissions-permissive-create
    (base / "cache").mkdir(parents=True, mode=0o777, exist_ok=True)


def create_shared_file(path):
    # ruleid: file-permissions-permissive-create
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o666)
    return os.fdopen(fd, "w")


def ensure_upload_dir_safely():
    # ok: file-permissions-permissive-create
    os.makedirs(UPLOAD_DIR, mode=0o750, exist_ok=True)


def make_cache_dir_safely(base: Path):
    # ok: file-permissions-permissive-create
    (base / "cache").mkdir(parents=True, exist_ok=True)


def create_secret_file(path):
    # ok: file-permissions-permissive-create
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(fd, "w")


def make_private_dir(path):
    # ok: file-permissions-permissive-create
    os.mkdir(path, 0o700)


# --- umask --------------------------------------------------------------------------------


def daemonize():
    os.setsid()
    # ruleid: file-permissions-umask-disabled
    os.umask(0)


def relax_umask():
    # ruleid: file-permissions-umask-disabled
    return os.umask(0o000)


def daemonize_safely():
    os.setsid()
    # ok: file-permissions-umask-disabled
    os.umask(0o027)


def current_umask():
    # ok: file-permissions-umask-disabled
    mask = os.umask(0)
    os.umask(mask)
    return mask


def restrict_umask():
    # ok: file-permissions-umask-disabled
    return os.umask(0o077)


def default_umask():
    # ok: file-permissions-umask-disabled
    return os.umask(0o022)
