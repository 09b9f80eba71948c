from fastapi import FastAPI
from fastapi.responses import HTMLResponse

app = FastAPI()


def results_page(query: str, hits: list[str]) -> str:
    items = "".join(f"<li>{h}</li>" for h in hits)
    return f"<h2>Results for {query}</h2><ul>{items}</ul>"


@app.get("/search", response_class=HTMLResponse)
async def search(q: str = ""):
    hits = [title for title in ("Intro", "Pricing", "FAQ") if q.lower() in title.lower()]
    return HTMLResponse(content=results_page(q, hits))
