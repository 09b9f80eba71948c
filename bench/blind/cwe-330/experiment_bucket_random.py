"""Assign visitors to A/B test variants and shuffle the onboarding tips."""

import os
import random

from flask import Flask, jsonify, session

app = Flask(__name__)
app.secret_key = os.environ["FLASK_SECRET_KEY"]

VARIANTS = ["control", "new_pricing_page"]
TIPS = ["Invite your team", "Connect your calendar", "Try keyboard shortcuts", "Set a goal"]


@app.get("/onboarding")
def onboarding():
    if "variant" not in session:
        session["variant"] = random.choice(VARIANTS)
    tips = TIPS[:]
    random.shuffle(tips)
    return jsonify({"variant": session["variant"], "tips": tips[:3]})
