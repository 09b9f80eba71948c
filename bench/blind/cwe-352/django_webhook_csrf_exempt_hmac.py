import hashlib
import hmac
import json

from django.conf import settings
from django.http import HttpResponse, HttpResponseForbidden
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from .models import Payment


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Called by the payment provider server-to-server; no cookies involved."""
    signature = request.headers.get("X-Signature", "")
    expected = hmac.new(
        settings.PAYMENT_WEBHOOK_SECRET.encode(), request.body, hashlib.sha256
    ).hexdigest()
    if not hmac.compare_digest(signature, expected):
        return HttpResponseForbidden()
    event = json.loads(request.body)
    if event["type"] == "payment.succeeded":
        Payment.objects.filter(ref=event["data"]["ref"]).update(status="paid")
    return HttpResponse(status=204)
