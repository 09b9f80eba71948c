from django.shortcuts import get_object_or_404, render
from django.utils.html import format_html

from .models import Profile


def profile_card(profile: Profile) -> str:
    website = profile.website if profile.website.startswith("https://") else "#"
    return format_html(
        "<div class='card'><h3>{}</h3><p>{}</p><a href='{}'>website</a></div>",
        profile.display_name,
        profile.bio,
        website,
    )


def profile_detail(request, username):
    profile = get_object_or_404(Profile, user__username=username)
    return render(request, "profiles/detail.html", {"card": profile_card(profile)})
