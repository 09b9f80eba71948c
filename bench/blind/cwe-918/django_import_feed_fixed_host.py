import json
from urllib.parse import quote
from urllib.request import Request, urlopen

from django.http import JsonResponse
from django.views.decorators.http import require_POST

FEEDS_API = "https://feeds.internal.example.com/v1/feeds/"


def load_feed(feed_id: int) -> dict:
    req = Request(FEEDS_API + quote(str(feed_id)), headers={"Accept": "application/json"})
    with urlopen(req, timeout=10) as resp:
        return json.loads(resp.read().decode("utf-8"))


@require_POST
def import_feed(request):
    try:
        feed_id = int(request.POST.get("feed_id", ""))
    except ValueError:
        return JsonResponse({"error": "feed_id must be a number"}, status=400)
    feed = load_feed(feed_id)
    return JsonResponse({"imported": len(feed.get("items", [])), "title": feed.get("title")})
