# Test cases for rules/python/csrf.yaml (data for semgrep --test; never imported).
import hashlib
import hmac
import json
import os

import stripe
from django.http import HttpResponse, JsonResponse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST
from flask import Flask, request
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFProtect

app = Flask(__name__)
csrf = CSRFProtect(app)
WEBHOOK_SECRET = os.environ["WEBHOOK_SECRET"].encode()

# --- Django views -------------------------------------------------------------------------


# ruleid: csrf-exempt-view
@csrf_exempt
def update_profile(request):
    request.user.email = request.POST["email"]
    request.user.save()
    return JsonResponse({"ok": True})


# ruleid: csrf-exempt-view
@csrf_exempt
@require_POST
def transfer_funds(request):
    payload = json.loads(request.body)
    request.user.account.transfer(payload["to"], payload["amount"])
    return JsonResponse({"status": "done"})


# ruleid: csrf-exempt-view
@method_decorator(csrf_exempt, name="dispatch")
class DeleteAccountView(View):
    def post(self, request):
        request.user.delete()
        return HttpResponse(status=204)


urlpatterns_like = [
    # ruleid: csrf-exempt-view
    ("api/settings/", csrf_exempt(update_profile)),
]


# ok: csrf-exempt-view
@csrf_protect
def update_profile_safely(request):
    request.user.email = request.POST["email"]
    request.user.save()
    return JsonResponse({"ok": True})


# ok: csrf-exempt-view
@csrf_exempt
@require_GET
def health(request):
    return JsonResponse({"status": "up"})


# ok: csrf-exempt-view
@csrf_exempt
@require_POST
def github_webhook(request):
    signature = request.headers.get("X-Hub-Signature-256", "")
    expected = "sha256=" + hmac.new(WEBHOOK_SECRET, request.body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(signature, expected):
        return HttpResponse(status=403)
    return HttpResponse(status=204)


# ok: csrf-exempt-view
@csrf_exempt
def stripe_webhook(request):
    try:
        event = stripe.Webhook.construct_event(
            request.body, request.headers["Stripe-Signature"], os.environ["STRIPE_WEBHOOK_SECRET"]
        )
    except ValueError:
        return HttpResponse(status=400)
    return JsonResponse({"type": event["type"]})


# ok: csrf-exempt-view
@require_POST
def submit_order(request):
    return JsonResponse({"order": request.POST["item"]})


# --- Flask-WTF ----------------------------------------------------------------------------


@app.route("/api/comments", methods=["POST"])
# ruleid: csrf-exempt-view
@csrf.exempt
def add_comment():
    return {"id": save_comment(request.json)}


@app.route("/hooks/slack", methods=["POST"])
# ok: csrf-exempt-view
@csrf.exempt
def slack_hook():
    if not verify_slack_signature(request.headers, request.get_data()):
        return "forbidden", 403
    return "", 204


@app.route("/api/limited")
# ok: csrf-exempt-view
@limiter.exempt
def limited():
    return {"ok": True}


# ruleid: csrf-exempt-view
csrf.exempt(api_blueprint)

# ok: csrf-exempt-view
limiter.exempt(api_blueprint)

# --- switching CSRF off -------------------------------------------------------------------

# ruleid: csrf-protection-disabled
app.config["WTF_CSRF_ENABLED"] = False

# ruleid: csrf-protection-disabled
app.config.update(SECRET_KEY=os.environ["SECRET_KEY"], WTF_CSRF_ENABLED=False)


class ProductionConfig:
    SECRET_KEY = os.environ.get("SECRET_KEY")
    # ruleid: csrf-protection-disabled
    WTF_CSRF_ENABLED = False


class CommentForm(FlaskForm):
    class Meta:
        # ruleid: csrf-protection-disabled
        csrf = False


class TestingConfig:
    TESTING = True
    # ok: csrf-protection-disabled
    WTF_CSRF_ENABLED = False


# ok: csrf-protection-disabled
app.config["WTF_CSRF_ENABLED"] = True

# ok: csrf-protection-disabled
app.config["WTF_CSRF_TIME_LIMIT"] = 3600


class SafeCommentForm(FlaskForm):
    class Meta:
        # ok: csrf-protection-disabled
        csrf = True
