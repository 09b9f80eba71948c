from django.http import Http404, JsonResponse
from lxml import etree

SITEMAP = etree.parse("static/sitemap.xml")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page_info(request):
    section = request.GET.get("section", "")
    expr = "//sm:url[contains(sm:loc, '" + section + "')]/sm:lastmod/text()"
    dates = SITEMAP.xpath(expr, namespaces=NS)
    if not dates:
        raise Http404("unknown section")
    return JsonResponse({"section": section, "last_modified": max(dates)})
