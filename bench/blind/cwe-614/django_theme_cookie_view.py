from django.http import HttpResponseRedirect
from django.views.decorators.http import require_POST

THEMES = {"light", "dark", "high-contrast"}


@require_POST
def set_theme(request):
    theme = request.POST.get("theme", "light")
    if theme not in THEMES:
        theme = "light"
    response = HttpResponseRedirect(request.META.get("HTTP_REFERER", "/"))
    # read by front-end JavaScript to pick the stylesheet; not sensitive
    response.set_cookie("theme", theme, max_age=365 * 24 * 3600, samesite="Lax")
    return response
