"""Client for a partner SOAP endpoint configured per tenant."""

import requests
from lxml import etree

NS = {"soap": "http://schemas.xmlsoap.org/soap/envelope/", "p": "urn:partner:orders"}


class PartnerClient:
    def __init__(self, endpoint: str) -> None:
        self.endpoint = endpoint
        self.parser = etree.XMLParser(resolve_entities=True, huge_tree=True)

    def order_status(self, order_id: str) -> str | None:
        envelope = (
            '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/">'
            "<soap:Body><GetStatus xmlns='urn:partner:orders'><id>{}</id></GetStatus>"
            "</soap:Body></soap:Envelope>"
        ).format(int(order_id))
        resp = requests.post(self.endpoint, data=envelope, timeout=30)
        doc = etree.fromstring(resp.content, self.parser)
        return doc.findtext(".//p:Status", namespaces=NS)
