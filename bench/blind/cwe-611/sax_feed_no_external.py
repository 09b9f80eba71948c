import xml.sax
from xml.sax.handler import feature_external_ges, feature_external_pes

from django.http import JsonResponse


class ProductHandler(xml.sax.ContentHandler):
    def __init__(self) -> None:
        super().__init__()
        self.products: list[str] = []
        self._in_name = False

    def startElement(self, name, attrs):
        self._in_name = name == "name"

    def characters(self, content):
        if self._in_name and content.strip():
            self.products.append(content.strip())


def parse_feed(stream) -> list[str]:
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, False)
    parser.setFeature(feature_external_pes, False)
    handler = ProductHandler()
    parser.setContentHandler(handler)
    parser.parse(stream)
    return handler.products


def upload_feed(request):
    products = parse_feed(request.FILES["feed"])
    return JsonResponse({"count": len(products), "first": products[:5]})
