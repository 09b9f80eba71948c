import os
import uuid
from pathlib import Path

from fastapi import FastAPI, HTTPException, UploadFile

app = FastAPI()
MEDIA = Path("/srv/media")


@app.post("/images/thumbnail")
async def make_thumbnail(file: UploadFile, size: str = "256x256"):
    if not file.filename:
        raise HTTPException(status_code=400, detail="missing file name")
    source = MEDIA / "uploads" / f"{uuid.uuid4().hex}.img"
    source.write_bytes(await file.read())
    target = MEDIA / "thumbs" / f"{source.stem}.jpg"
    # ImageMagick does the resize; quality is fine for previews
    status = os.system("convert " + str(source) + " -resize " + size + " " + str(target))
    if status != 0:
        raise HTTPException(status_code=500, detail="conversion failed")
    return {"thumbnail": target.name, "original": file.filename}
