import json
from urllib.request import Request, urlopen

from django.http import JsonResponse
from django.views.decorators.http import require_POST


def load_feed(feed_url: str) -> dict:
    req = Request(feed_url, headers={"Accept": "application/json"})
    with urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


@require_POST
def import_feed(request):
    feed_url = request.POST.get("feed_url", "").strip()
    feed = load_feed(feed_url)
    items = feed.get("items", [])
    return JsonResponse({"imported": len(items), "title": feed.get("title")})
