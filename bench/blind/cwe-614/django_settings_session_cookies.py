"""Production settings for the customer portal."""

import os

from .base import *  # noqa: F401,F403

DEBUG = False
ALLOWED_HOSTS = ["portal.example-shop.com"]
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]

SESSION_COOKIE_SECURE = False
SESSION_COOKIE_HTTPONLY = False
CSRF_COOKIE_SECURE = False
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
