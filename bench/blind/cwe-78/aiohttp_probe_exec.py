import asyncio
import json
import tempfile

from aiohttp import web


async def probe(path: str) -> dict:
    proc = await asyncio.create_subprocess_exec(
        "ffprobe", "-v", "error", "-print_format", "json", "-show_format", "--", path,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await proc.communicate()
    if proc.returncode != 0:
        raise web.HTTPUnprocessableEntity(text="not a media file")
    return json.loads(out)


async def handle_probe(request: web.Request) -> web.Response:
    data = await request.read()
    with tempfile.NamedTemporaryFile(suffix=".bin") as tmp:
        tmp.write(data)
        tmp.flush()
        info = await probe(tmp.name)
    return web.json_response(info.get("format", {}))


app = web.Application(client_max_size=50 * 1024 * 1024)
app.router.add_post("/media/probe", handle_probe)
