from django.shortcuts import get_object_or_404, render
from django.utils.safestring import mark_safe

from .models import Profile


def profile_card(profile: Profile) -> str:
    website = profile.website or "#"
    return mark_safe(
        "<div class='card'><h3>%s</h3><p>%s</p><a href='%s'>website</a></div>"
        % (profile.display_name, profile.bio, website)
    )


def profile_detail(request, username):
    profile = get_object_or_404(Profile, user__username=username)
    return render(request, "profiles/detail.html", {"card": profile_card(profile)})
