from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class Transform(BaseModel):
    code: str
    rows: list[dict]


def apply_transform(code: str, rows: list[dict]) -> list[dict]:
    namespace: dict = {}
    exec(code, namespace)
    transform = namespace["transform"]
    return [transform(row) for row in rows]


@app.post("/transforms/preview")
def preview(body: Transform):
    """Let analysts try a `def transform(row): ...` snippet on sample rows."""
    return {"rows": apply_transform(body.code, body.rows)}
