import traceback

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()


@app.exception_handler(Exception)
async def unhandled(request: Request, exc: Exception) -> JSONResponse:
    return JSONResponse(
        status_code=500,
        content={
            "error": type(exc).__name__,
            "detail": str(exc),
            "trace": traceback.format_exc(),
            "path": request.url.path,
        },
    )


@app.get("/reports/{report_id}")
async def report(report_id: int):
    data = await app.state.reports.load(report_id)
    return {"id": report_id, "rows": data}
