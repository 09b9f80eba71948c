import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()
log = logging.getLogger("api")


@app.exception_handler(Exception)
async def unhandled(request: Request, exc: Exception) -> JSONResponse:
    log.error("unhandled error on %s", request.url.path, exc_info=exc)
    return JSONResponse(
        status_code=500,
        content={"error": "InternalServerError", "detail": "Something went wrong."},
    )


@app.get("/reports/{report_id}")
async def report(report_id: int):
    data = await app.state.reports.load(report_id)
    return {"id": report_id, "rows": data}
