from pathlib import Path

from fastapi import FastAPI, HTTPException
from fastapi.responses import PlainTextResponse

app = FastAPI()
DOCS_ROOT = Path("/srv/app/docs")


class DocStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def read(self, name: str) -> str:
        target = self.root / name
        if not target.is_file():
            raise FileNotFoundError(name)
        return target.read_text(encoding="utf-8")


store = DocStore(DOCS_ROOT)


@app.get("/docs/{name:path}", response_class=PlainTextResponse)
def get_doc(name: str):
    try:
        return store.read(name)
    except FileNotFoundError:
        raise HTTPException(status_code=404, detail="no such document")
