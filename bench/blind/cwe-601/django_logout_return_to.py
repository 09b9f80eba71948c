from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.views import View


class LogoutView(View):
    """Log the user out and send them back where they came from."""

    default_target = "/"

    def get_target(self, request) -> str:
        return request.GET.get("return_to", self.default_target)

    def get(self, request, *args, **kwargs):
        logout(request)
        return HttpResponseRedirect(self.get_target(request))
