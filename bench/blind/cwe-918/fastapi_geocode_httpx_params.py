import httpx
from fastapi import FastAPI, HTTPException

app = FastAPI()
GEOCODER = "https://nominatim.openstreetmap.org/search"


@app.get("/geocode")
def geocode(address: str):
    resp = httpx.get(
        GEOCODER,
        params={"q": address, "format": "json", "limit": 1},
        headers={"User-Agent": "store-locator/2.1"},
        timeout=10.0,
    )
    if resp.status_code != 200:
        raise HTTPException(status_code=502, detail="geocoder unavailable")
    results = resp.json()
    if not results:
        raise HTTPException(status_code=404, detail="address not found")
    return {"lat": float(results[0]["lat"]), "lon": float(results[0]["lon"])}
