# Test cases for rules/python/xxe.yaml (data only; never imported or run).
import xml.dom.minidom
import xml.sax
from xml.dom import pulldom
from xml.sax.handler import feature_external_ges, feature_external_pes

import defusedxml.ElementTree as SafeET
from flask import Flask, request
from lxml import etree

app = Flask(__name__)

SAFE_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


@app.route("/import", methods=["POST"])
def import_xml():
    parser = etree.XMLParser(resolve_entities=True)
    # ruleid: xxe-lxml-entities-enabled
    doc = etree.fromstring(request.data, parser)
    return {"items": len(doc)}


@app.route("/import-safe", methods=["POST"])
def import_xml_safe():
    # ok: xxe-lxml-entities-enabled
    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    # ok: xxe-lxml-default-parser-tainted
    doc = etree.fromstring(request.data, parser)
    return {"items": len(doc)}


@app.route("/feed", methods=["POST"])
def feed():
    # ruleid: xxe-lxml-default-parser-tainted
    root = etree.fromstring(request.get_data())
    return {"title": root.findtext("title")}


@app.route("/feed-safe", methods=["POST"])
def feed_safe():
    # ok: xxe-lxml-default-parser-tainted
    root = etree.fromstring(request.get_data(), parser=SAFE_PARSER)
    # ok: xxe-lxml-default-parser-tainted
    root2 = SafeET.fromstring(request.get_data())
    return {"title": root.findtext("title"), "t2": root2.findtext("title")}


@app.route("/upload", methods=["POST"])
def upload():
    # ruleid: xxe-lxml-default-parser-tainted
    tree = etree.parse(request.files["doc"])
    # ok: xxe-lxml-default-parser-tainted
    local = etree.parse("/srv/app/config.xml")
    return {"root": tree.getroot().tag, "cfg": local.getroot().tag}


def load_catalog(path):
    parser = etree.XMLParser(load_dtd=True, no_network=False)
    # ok: xxe-lxml-entities-enabled
    strict = etree.XMLParser(dtd_validation=False, recover=False)
    # ruleid: xxe-lxml-entities-enabled
    return etree.parse(path, parser), strict


# A module-level parser: reported where a function parses with it.
UNSAFE_PARSER = etree.XMLParser(resolve_entities=True)


def parse_upload(data):
    # ruleid: xxe-lxml-entities-enabled
    return etree.fromstring(data, parser=UNSAFE_PARSER)


def make_parser():
    # A parser built and handed back: reported where it is created.
    # ruleid: xxe-lxml-entities-enabled
    return etree.XMLParser(no_network=False)


class CountingHandler(xml.sax.ContentHandler):
    def __init__(self):
        super().__init__()
        self.count = 0

    def startElement(self, name, attrs):
        self.count += 1


def count_elements(stream):
    parser = xml.sax.make_parser()
    parser.setFeature(feature_external_ges, True)
    # ok: xxe-sax-external-entities
    parser.setFeature(feature_external_pes, False)
    handler = CountingHandler()
    parser.setContentHandler(handler)
    # ruleid: xxe-sax-external-entities
    parser.parse(stream)
    return handler.count


def pull_events(stream):
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_pes, 1)
    # ok: xxe-sax-external-entities
    parser.setFeature(xml.sax.handler.feature_namespaces, True)
    # ruleid: xxe-sax-external-entities
    return list(pulldom.parse(stream, parser=parser))


def dom_from_text(text):
    parser = xml.sax.make_parser()
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    # ruleid: xxe-sax-external-entities
    return xml.dom.minidom.parseString(text, parser)


def configured_parser():
    parser = xml.sax.make_parser()
    # ruleid: xxe-sax-external-entities
    parser.setFeature(xml.sax.handler.feature_external_ges, True)
    return parser


# --- iterparse takes the parser options directly.
def import_feed(path):
    # ruleid: xxe-lxml-entities-enabled
    for _, element in etree.iterparse(path, events=("end",), resolve_entities=True):
        element.clear()


def import_feed_safe(path):
    # ok: xxe-lxml-entities-enabled
    for _, element in etree.iterparse(path, events=("end",), resolve_entities=False, no_network=True):
        element.clear()
