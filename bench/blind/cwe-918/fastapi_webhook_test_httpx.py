import httpx
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()


class WebhookTest(BaseModel):
    callback_url: str
    event: str = "ping"


@app.post("/webhooks/test")
def test_webhook(body: WebhookTest):
    payload = {"event": body.event, "data": {"message": "hello from the integration"}}
    try:
        resp = httpx.post(body.callback_url, json=payload, timeout=10.0)
    except httpx.HTTPError as exc:
        return {"delivered": False, "reason": type(exc).__name__}
    return {"delivered": resp.is_success, "status": resp.status_code, "body": resp.text[:500]}
