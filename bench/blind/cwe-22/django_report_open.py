import os

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponse
from django.views import View


class ReportDownloadView(LoginRequiredMixin, View):
    reports_dir = os.path.join(settings.MEDIA_ROOT, "reports")

    def get(self, request, *args, **kwargs):
        name = request.GET.get("name", "")
        path = os.path.join(self.reports_dir, name)
        try:
            with open(path, "rb") as fh:
                data = fh.read()
        except OSError:
            raise Http404("report not found")
        response = HttpResponse(data, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{os.path.basename(path)}"'
        return response
