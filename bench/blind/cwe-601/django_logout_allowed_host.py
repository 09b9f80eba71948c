from django.contrib.auth import logout
from django.http import HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import View


class LogoutView(View):
    """Log the user out and send them back where they came from."""

    default_target = "/"

    def get_target(self, request) -> str:
        target = request.GET.get("return_to", self.default_target)
        if url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return target
        return self.default_target

    def get(self, request, *args, **kwargs):
        logout(request)
        return HttpResponseRedirect(self.get_target(request))
