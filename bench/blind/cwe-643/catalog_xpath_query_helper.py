"""Product catalogue backed by the supplier's XML export."""

from fastapi import FastAPI
from lxml import etree

app = FastAPI()


def by_attribute(attr: str, value: str) -> str:
    return "//product[@%s='%s']" % (attr, value)


class Catalog:
    def __init__(self, path: str) -> None:
        self.tree = etree.parse(path)

    def find(self, brand: str) -> list[dict]:
        nodes = self.tree.xpath(by_attribute("brand", brand))
        return [{"sku": n.get("sku"), "name": n.findtext("name")} for n in nodes]


catalog = Catalog("data/catalog.xml")


@app.get("/catalog")
def list_products(brand: str):
    return {"products": catalog.find(brand)}
