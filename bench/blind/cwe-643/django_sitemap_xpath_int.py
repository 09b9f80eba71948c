from django.http import Http404, JsonResponse
from lxml import etree

SITEMAP = etree.parse("static/sitemap.xml")
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def page_info(request):
    try:
        priority = int(request.GET.get("priority", "5"))
    except ValueError:
        raise Http404("bad priority")
    expr = f"//sm:url[sm:priority * 10 >= {priority}]/sm:loc/text()"
    locations = SITEMAP.xpath(expr, namespaces=NS)
    return JsonResponse({"priority": priority, "pages": locations[:100]})
