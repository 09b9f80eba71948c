from flask import Flask, jsonify, request
from lxml import etree

app = Flask(__name__)

PARSER = etree.XMLParser(resolve_entities=True, load_dtd=True, no_network=False)


@app.post("/invoices/import")
def import_invoice():
    root = etree.fromstring(request.data, parser=PARSER)
    lines = [
        {"sku": line.findtext("sku"), "qty": int(line.findtext("qty", "0"))}
        for line in root.iter("line")
    ]
    return jsonify({"customer": root.findtext("customer"), "lines": lines})
