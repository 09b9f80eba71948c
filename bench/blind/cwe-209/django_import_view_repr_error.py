import csv
import io

from django.db import transaction
from django.http import JsonResponse
from django.views import View

from .models import Contact


class ContactImportView(View):
    def post(self, request):
        try:
            text = request.FILES["file"].read().decode("utf-8")
            rows = list(csv.DictReader(io.StringIO(text)))
            with transaction.atomic():
                Contact.objects.bulk_create(
                    Contact(name=r["name"], email=r["email"]) for r in rows
                )
        except Exception as exc:
            return JsonResponse({"imported": 0, "error": repr(exc)}, status=500)
        return JsonResponse({"imported": len(rows)})
