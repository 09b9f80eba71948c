"""Sync stock levels from the warehouse management system."""

import logging

import requests
import urllib3

urllib3.disable_warnings(urllib3.exceptions.InsecureRequestWarning)
log = logging.getLogger(__name__)

WMS_URL = "https://wms.partner-logistics.com/api/v2/stock"


def fetch_stock(api_key: str) -> dict[str, int]:
    resp = requests.get(
        WMS_URL,
        headers={"X-Api-Key": api_key},
        timeout=30,
        verify=False,
    )
    resp.raise_for_status()
    return {item["sku"]: item["on_hand"] for item in resp.json()["items"]}


def sync(api_key: str, db) -> int:
    stock = fetch_stock(api_key)
    for sku, qty in stock.items():
        db.execute("UPDATE products SET stock = ? WHERE sku = ?", (qty, sku))
    log.info("synced %d skus", len(stock))
    return len(stock)
