import ssl

import certifi
import httpx


class PaymentsGateway:
    """Async client for the payment provider's REST API."""

    def __init__(self, base_url: str, api_key: str) -> None:
        context = ssl.create_default_context(cafile=certifi.where())
        self.client = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {api_key}"},
            timeout=httpx.Timeout(15.0),
            verify=context,
        )

    async def charge(self, customer_id: str, amount_cents: int, currency: str = "eur") -> dict:
        resp = await self.client.post(
            "/v1/charges",
            json={"customer": customer_id, "amount": amount_cents, "currency": currency},
        )
        resp.raise_for_status()
        return resp.json()

    async def close(self) -> None:
        await self.client.aclose()
