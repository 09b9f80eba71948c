import logging

from fastapi import FastAPI, Request

app = FastAPI()
audit = logging.getLogger("audit")


class AuditTrail:
    def __init__(self, logger: logging.Logger) -> None:
        self.logger = logger

    def record(self, action: str, meta: dict) -> None:
        # %r escapes CR/LF so a header cannot start a forged log line
        self.logger.info("action=%s ua=%r ref=%r", action, meta["ua"], meta["ref"])


trail = AuditTrail(audit)


@app.post("/documents/{doc_id}/share")
async def share(doc_id: int, request: Request):
    trail.record(
        "share",
        {"ua": request.headers.get("user-agent", "-"), "ref": request.headers.get("referer", "-")},
    )
    return {"shared": doc_id}
