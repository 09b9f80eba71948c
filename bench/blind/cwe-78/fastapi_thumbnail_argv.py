import subprocess
import uuid
from pathlib import Path

from fastapi import FastAPI, HTTPException, Query, UploadFile

app = FastAPI()
MEDIA = Path("/srv/media")


@app.post("/images/thumbnail")
async def make_thumbnail(
    file: UploadFile,
    width: int = Query(256, ge=16, le=1024),
    height: int = Query(256, ge=16, le=1024),
):
    source = MEDIA / "uploads" / f"{uuid.uuid4().hex}.img"
    source.write_bytes(await file.read())
    target = MEDIA / "thumbs" / f"{source.stem}.jpg"
    proc = subprocess.run(
        ["convert", str(source), "-resize", f"{width}x{height}", str(target)],
        capture_output=True,
        timeout=60,
    )
    if proc.returncode != 0:
        raise HTTPException(status_code=500, detail="conversion failed")
    return {"thumbnail": target.name}
