# Test cases for rules/python/hardcoded-secret.yaml (data for semgrep --test; never imported).
import os
import hmac

import boto3
import decouple
import psycopg2
import pymysql
import redis
import requests
from flask import Flask
from pydantic_settings import BaseSettings
from sqlalchemy import create_engine

app = Flask(__name__)

# --- literals in names, config keys, dicts and keyword arguments -------------------------

# ruleid: hardcoded-secret-literal
SECRET_KEY = "django-insecure-8f$2k!x0q@z7m#w1v9b3n5c"

# ruleid: hardcoded-secret-literal
app.config["SECRET_KEY"] = "super-secret-flask-key-123"

# ruleid: hardcoded-secret-literal
OPENAI_API_KEY = "sk-proj-4fQx9LmZr2TtVb7WnY3kHs8DcJ1pE6uA"

# ruleid: hardcoded-secret-literal
GITHUB_TOKEN = "ghp_R7tZ2mQ9xW4vL8nK3bJ6pC1yH5sD0fG2aE7u"

# ruleid: hardcoded-secret-literal
db_password = "changeme"

# ruleid: hardcoded-secret-literal
JWT_SECRET = "mysecretjwtkey"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        # ruleid: hardcoded-secret-literal
        "PASSWORD": "Sh0pPassw0rd!",
        "HOST": "localhost",
    }
}


class Settings(BaseSettings):
    app_name: str = "inventory"
    # ruleid: hardcoded-secret-literal
    stripe_api_key: str = "sk_live_51HxQz2eZvKYlo2CkL9mN"


class MailClient:
    def __init__(self):
        self.username = "alerts@example.com"
        # ruleid: hardcoded-secret-literal
        self.password = "Alerts2024!"


def get_connection():
    # ruleid: hardcoded-secret-literal
    return psycopg2.connect(host="localhost", dbname="app", user="app", password="app_pass_123")


def get_mysql():
    # ruleid: hardcoded-secret-literal
    return pymysql.connect(host="db", user="root", passwd="r00tpw", database="shop")


def s3_client():
    return boto3.client(
        "s3",
        aws_access_key_id="AKIAIOSFODNN7QWERTY12",
        # ruleid: hardcoded-secret-literal
        aws_secret_access_key="q8Zr1Vx0Kd/N3pLmW7tYbE2uHs9GfJc4Ao6iRkXe",
    )


# Safe look-alikes: field names, headers, env reads, placeholders, empty values.

# ok: hardcoded-secret-literal
SECRET_KEY_ENV = os.environ["SECRET_KEY"]

# ok: hardcoded-secret-literal
password_field = "password"

# Salted password hashes (FastAPI's security tutorial users): what a login compares against.
fake_users_db = {
    "johndoe": {
        "username": "johndoe",
        # ok: hardcoded-secret-literal
        "hashed_password": "$2b$12$EixZaYVK1fsbw1ZfbX3OXePaWxn96p36WQoeG6Lruj3vjPGga31lW",
    },
}

# ok: hardcoded-secret-literal
ADMIN_PASSWORD = "pbkdf2_sha256$600000$c2FsdHNhbHQ$Zm9vYmFyYmF6cXV4cXV1eA"

# ok: hardcoded-secret-literal
root_password = "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$Zm9vYmFyYmF6"

# a password that merely starts with a dollar sign is still a password
# ruleid: hardcoded-secret-literal
db_password = "$uperS3cret!"

# ok: hardcoded-secret-literal
TOKEN_HEADER = "Authorization"

# ok: hardcoded-secret-literal
token_type = "bearer"

# ok: hardcoded-secret-literal
PASSWORD = "password"

# ok: hardcoded-secret-literal
api_key = os.getenv("API_KEY")

# ok: hardcoded-secret-literal
db_password = ""

# ok: hardcoded-secret-literal
OPENAI_API_KEY = "your-api-key-here"

# a placeholder still works as a signing key: sessions signed with it can be forged
# ruleid: hardcoded-secret-literal
app.config["SECRET_KEY"] = "your-secret-key-here"

# ruleid: hardcoded-secret-literal
app.secret_key = "dev"

# ok: hardcoded-secret-literal
GITHUB_TOKEN = "<YOUR_GITHUB_TOKEN>"

# ok: hardcoded-secret-literal
SMTP_PASSWORD = "${SMTP_PASSWORD}"

# ok: hardcoded-secret-literal
secret = "Please enter your secret phrase"

# ok: hardcoded-secret-literal
PASSWORD_RESET_TEMPLATE = "emails/reset.html"

# ok: hardcoded-secret-literal
KEY_FILE_PASSWORD = f"{os.environ['USER']}-key"

# ok: hardcoded-secret-literal
JAEGER_PASSWORD = "OTEL_EXPORTER_JAEGER_PASSWORD"

# ok: hardcoded-secret-literal
search_token = "async"

# ok: hardcoded-secret-literal
identifier_token = r"[^\W\d]\w*"

# ok: hardcoded-secret-literal
masked_password = ":****"

# ok: hardcoded-secret-literal
DONE_TOKEN = "done."

# ruleid: hardcoded-secret-literal
slack_token = "xoxb-2049384756-6758493021-Qx7Lm2Zr9TtVb4Wn"

# ruleid: hardcoded-secret-literal
HF_TOKEN = "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"

LOGIN_FORM = {
    # ok: hardcoded-secret-literal
    "password": "password",
    "username": "username",
}


class SafeSettings(BaseSettings):
    # ok: hardcoded-secret-literal
    stripe_api_key: str = ""


def get_connection_safely():
    # ok: hardcoded-secret-literal
    return psycopg2.connect(host="localhost", dbname="app", user="app", password=os.environ["DB_PASSWORD"])


def s3_client_safely():
    # ok: hardcoded-secret-literal
    return boto3.client("s3", region_name="eu-west-1")


# --- fallbacks for secrets read from the environment --------------------------------------

# ruleid: hardcoded-secret-env-default
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-secret-key-change-me")

# ruleid: hardcoded-secret-env-default
JWT_SECRET = os.getenv("JWT_SECRET", "changeme")

# ruleid: hardcoded-secret-env-default
STRIPE_KEY = decouple.config("STRIPE_SECRET_KEY", default="sk_test_4eC39HqLyjWDarjtT1zdp7dc")

# ruleid: hardcoded-secret-env-default
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "admin")

# ok: hardcoded-secret-env-default
SECRET_KEY = os.environ["SECRET_KEY"]

# ok: hardcoded-secret-env-default
JWT_SECRET = os.getenv("JWT_SECRET")

# ok: hardcoded-secret-env-default
ADMIN_PASSWORD = os.environ.get("ADMIN_PASSWORD", "")

# ok: hardcoded-secret-env-default
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")

# ok: hardcoded-secret-env-default
TOKEN_HEADER = os.getenv("TOKEN_HEADER_NAME", "Authorization")

# --- private keys -------------------------------------------------------------------------

# ruleid: hardcoded-secret-private-key
SIGNING_KEY_PEM = """-----BEGIN RSA PRIVATE KEY-----
MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw
7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxKLxoS2tFc
-----END RSA PRIVATE KEY-----"""

# ruleid: hardcoded-secret-private-key
DEPLOY_KEY = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\n"

# ok: hardcoded-secret-private-key
PEM_TEMPLATE = "-----BEGIN PRIVATE KEY-----\n...\n-----END PRIVATE KEY-----"

# ok: hardcoded-secret-private-key
PUBLIC_KEY_PEM = """-----BEGIN PUBLIC KEY-----
MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePz
-----END PUBLIC KEY-----"""


def load_signing_key():
    # ok: hardcoded-secret-private-key
    with open(os.environ["SIGNING_KEY_PATH"], "rb") as fh:
        return fh.read()


# --- URLs and DSNs with passwords ---------------------------------------------------------

# ruleid: hardcoded-secret-connection-string
engine = create_engine("postgresql://admin:S3cureP4ss@db.internal:5432/orders")

# ruleid: hardcoded-secret-connection-string
cache = redis.Redis.from_url("redis://:r3d1sPass@cache:6379/0")

# ruleid: hardcoded-secret-connection-string
DATABASE_URL = os.getenv("DATABASE_URL", "mysql+pymysql://root:changeme@localhost/shop")

# ok: hardcoded-secret-connection-string
engine = create_engine(os.environ["DATABASE_URL"])

# ok: hardcoded-secret-connection-string
EXAMPLE_DSN = "postgresql://user:password@localhost:5432/mydb"

# ok: hardcoded-secret-connection-string
TEMPLATE_DSN = "postgresql://{user}:{password}@{host}/{db}"

# ok: hardcoded-secret-connection-string
DOCS_URL = "https://docs.example.com/guide/setup"

# ok: hardcoded-secret-connection-string
SQLITE_URL = "sqlite:///./app.db"


# --- passwords checked against a literal, random-looking values, login arguments ------------


def backdoor_login(form):
    # ruleid: hardcoded-secret-literal
    if form["user"] == "root" and form.password == "Tr0ub4dor&3":
        return True
    return False


def service_token_ok(api_token):
    # ruleid: hardcoded-secret-literal
    return hmac.compare_digest(api_token, "c2VydmljZS10b2tlbi0xMjM0NTY3")


def password_is_blank(password):
    # ok: hardcoded-secret-literal
    return password == ""


def password_is_placeholder(new_password):
    # ok: hardcoded-secret-literal
    return new_password == "password"


# ruleid: hardcoded-secret-literal
STRIPE_SECRET = "sk_live_SAMPLE4f9aQ2xLr7TbW1nC"

# ok: hardcoded-secret-literal
STRIPE_API_KEY = "sk_test_placeholder_value"

SMTP_APP_PASSWORD = "abcd efgh ijkl mnop"
FTP_USER = "deploy"


def send_report(smtp):
    # ruleid: hardcoded-secret-login-argument
    smtp.login("reports@example.com", SMTP_APP_PASSWORD)


def ftp_upload(ftp):
    # ruleid: hardcoded-secret-login-argument
    ftp.login(FTP_USER, "upl0ad-2024")


def fetch_basic(url):
    # ruleid: hardcoded-secret-login-argument
    return requests.get(url, auth=("ci", "ci pass 77"), timeout=5)


def send_report_safely(smtp):
    # ok: hardcoded-secret-login-argument
    smtp.login("reports@example.com", os.environ["SMTP_PASSWORD"])


def keyring_login(smtp, keyring):
    password = keyring.get_password("smtp", "reports")
    # ok: hardcoded-secret-login-argument
    smtp.login("reports@example.com", password)


def template_login(ftp):
    # ok: hardcoded-secret-login-argument
    ftp.login("anonymous", "<password>")
