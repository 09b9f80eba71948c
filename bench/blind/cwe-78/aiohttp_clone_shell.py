import asyncio
import uuid

from aiohttp import web

WORKDIR = "/var/lib/ci/checkouts"


async def clone_repo(repo_url: str, branch: str) -> tuple[int, str]:
    dest = f"{WORKDIR}/{uuid.uuid4().hex}"
    proc = await asyncio.create_subprocess_shell(
        f"git clone --depth 1 --branch {branch} {repo_url} {dest}",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    out, _ = await proc.communicate()
    return proc.returncode, out.decode(errors="replace")


async def handle_build(request: web.Request) -> web.Response:
    body = await request.json()
    code, log = await clone_repo(body["repo"], body.get("branch", "main"))
    if code != 0:
        return web.json_response({"ok": False, "log": log[-2000:]}, status=422)
    return web.json_response({"ok": True})


app = web.Application()
app.router.add_post("/builds", handle_build)
