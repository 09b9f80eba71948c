import asyncio
import ssl

import aiohttp

FEEDS = {
    "rates": "https://fx.partner-bank.com/v1/rates",
    "holidays": "https://fx.partner-bank.com/v1/holidays",
}


async def fetch_all() -> dict[str, dict]:
    connector = aiohttp.TCPConnector(ssl=ssl.create_default_context(), limit=4)
    async with aiohttp.ClientSession(connector=connector) as session:
        async def one(name: str, url: str) -> tuple[str, dict]:
            async with session.get(url) as resp:
                return name, await resp.json()

        pairs = await asyncio.gather(*(one(n, u) for n, u in FEEDS.items()))
    return dict(pairs)


if __name__ == "__main__":
    print(asyncio.run(fetch_all()))
