import csv
import io
import logging

from django.db import transaction
from django.http import JsonResponse
from django.views import View

from .models import Contact

log = logging.getLogger(__name__)


class ImportRejected(Exception):
    """A problem with the uploaded file that the user can fix."""


def parse(text: str) -> list[dict]:
    rows = list(csv.DictReader(io.StringIO(text)))
    for number, row in enumerate(rows, start=2):
        if not row.get("email") or "@" not in row["email"]:
            raise ImportRejected(f"line {number}: a valid email is required")
    return rows


class ContactImportView(View):
    def post(self, request):
        try:
            rows = parse(request.FILES["file"].read().decode("utf-8"))
            with transaction.atomic():
                Contact.objects.bulk_create(Contact(name=r["name"], email=r["email"]) for r in rows)
        except ImportRejected as exc:
            return JsonResponse({"imported": 0, "error": str(exc)}, status=400)
        except Exception:
            log.exception("contact import failed")
            return JsonResponse({"imported": 0, "error": "import failed"}, status=500)
        return JsonResponse({"imported": len(rows)})
