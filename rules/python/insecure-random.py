# Test cases for rules/python/insecure-random.yaml (data for semgrep --test; never imported).
import random
import secrets
import string
import time

import numpy as np
from flask import Flask, session

app = Flask(__name__)
ALPHABET = string.ascii_letters + string.digits


def generate_password(length=12):
    chars = string.ascii_letters + string.digits + "!@#$%^&*"
    # ruleid: insecure-random-secret
    password = "".join(random.choice(chars) for _ in range(length))
    return password


def generate_api_key():
    # ruleid: insecure-random-secret
    return "".join(random.choices(ALPHABET, k=40))


def send_login_code(user, sms):
    # ruleid: insecure-random-secret
    otp = random.randint(100000, 999999)
    user.pending_otp = otp
    sms.send(user.phone, f"Your code is {otp}")


@app.route("/forgot", methods=["POST"])
def forgot_password():
    # ruleid: insecure-random-secret
    reset_token = "%032x" % random.getrandbits(128)
    return {"sent": bool(reset_token)}


def start_session(user):
    # ruleid: insecure-random-secret
    session["csrf_token"] = str(random.random())[2:]
    # ruleid: insecure-random-secret
    user.session_id = "".join(random.sample(ALPHABET, 24))
    return user


def create_verification_code():
    digits = [str(d) for d in range(10)]
    # ruleid: insecure-random-secret
    random.shuffle(digits)
    return "".join(digits[:6])


@app.route("/reset", methods=["POST"])
def request_reset():
    # ruleid: insecure-random-secret
    code = "".join(random.choices(string.digits, k=6))
    session["reset_code"] = code
    return {"ok": True}


def hash_with_salt(value):
    # ruleid: insecure-random-secret
    salt = bytes(random.randrange(256) for _ in range(16))
    return salt, value


def make_activation_pin():
    # ruleid: insecure-random-secret
    pin = np.random.randint(0, 10, size=4)
    return "".join(map(str, pin))


# Safe look-alikes: the secrets module, SystemRandom, and random used for non-secrets.


def generate_password_safely(length=16):
    chars = string.ascii_letters + string.digits + "!@#$%^&*"
    # ok: insecure-random-secret
    password = "".join(secrets.choice(chars) for _ in range(length))
    return password


def generate_api_key_safely():
    # ok: insecure-random-secret
    return secrets.token_urlsafe(32)


def send_login_code_safely(user, sms):
    # ok: insecure-random-secret
    otp = secrets.randbelow(900000) + 100000
    sms.send(user.phone, f"Your code is {otp}")


def generate_token_system_random():
    rng = random.SystemRandom()
    # ok: insecure-random-secret
    token = "".join(rng.choice(ALPHABET) for _ in range(32))
    return token


def generate_nonce_system_random():
    # ok: insecure-random-secret
    return random.SystemRandom().getrandbits(96)


def retry_with_backoff(call, attempts=5):
    for attempt in range(attempts):
        try:
            return call()
        except ConnectionError:
            # ok: insecure-random-secret
            time.sleep(2**attempt + random.uniform(0, 1))
    raise RuntimeError("gave up")


def pick_quiz_questions(questions):
    # ok: insecure-random-secret
    selected = random.sample(questions, 10)
    return selected


def split_dataset(rows, seed=42):
    random.seed(seed)
    # ok: insecure-random-secret
    random.shuffle(rows)
    cut = int(len(rows) * 0.8)
    return rows[:cut], rows[cut:]


@app.route("/quiz")
def quiz():
    # ok: insecure-random-secret
    order = random.sample(range(10), 10)
    session["question_order"] = order
    return {"order": order}


def generate_color_code():
    # ok: insecure-random-secret
    return "#%06x" % random.randint(0, 0xFFFFFF)


def sample_batch_keys(keys):
    # ok: insecure-random-secret
    batch = random.choices(keys, k=32)
    return batch


# --- the value's use says it is a secret ----------------------------------------------------


def text_login_code(user, sms_client):
    # ruleid: insecure-random-secret
    pin = str(random.randrange(100000, 1000000))
    sms_client.send_sms(user.phone, f"Sign-in code: {pin}")


def email_confirmation(user, mailer):
    # ruleid: insecure-random-secret
    value = "%08d" % random.randint(0, 99999999)
    mailer.send_mail("Confirm your address", f"Your code: {value}", None, [user.email])


def remember_confirm_code(cache, user):
    # ruleid: insecure-random-secret
    value = random.randint(1000, 9999)
    cache.set(f"confirm:{user.id}", value, timeout=600)


def create_voucher_row(db, owner):
    # ruleid: insecure-random-secret
    value = "".join(random.sample(string.ascii_uppercase, 8))
    db.vouchers.insert(owner=owner, code=value)


def new_invites(n):
    # ruleid: insecure-random-secret
    return ["".join(random.choices(string.ascii_uppercase, k=8)) for _ in range(n)]


def strong_string(n):
    classes = [string.ascii_lowercase, string.ascii_uppercase, string.digits]
    # ruleid: insecure-random-secret
    out = [random.choice(c) for c in classes]
    # ruleid: insecure-random-secret
    out += random.choices("".join(classes), k=n - 3)
    # ruleid: insecure-random-secret
    random.shuffle(out)
    return "".join(out)


def send_retry_notice(mailer, user):
    # ok: insecure-random-secret
    delay = random.randint(5, 30)
    mailer.send_mail("We will retry", f"Next attempt in {delay} minutes", None, [user.email])


def cache_jittered(cache, key, value):
    # ok: insecure-random-secret
    ttl = 300 + random.randint(0, 60)
    cache.set("report:" + key, value, ttl)


def random_temp_name():
    # ok: insecure-random-secret
    return "tmp-" + "".join(random.choices(string.ascii_lowercase + string.digits, k=8))


def color_order(palette):
    # ok: insecure-random-secret
    order = random.sample(palette, len(palette))
    return render_palette(order=order)  # noqa: F821


def remember_me(session, response, user):
    # ruleid: insecure-random-secret
    value = str(random.randint(0, 2**32))
    session["remember_" + user] = value
    return value


def remember_me_cookie(response):
    # ruleid: insecure-random-secret
    value = "%08x" % random.getrandbits(32)
    response.set_cookie("remember", value)


def remember_me_safely(session, user):
    # ok: insecure-random-secret
    value = str(secrets.randbits(32))
    session["remember_" + user] = value


def shown_theme(session):
    # ok: insecure-random-secret
    theme = random.choice(["light", "dark"])
    return render_theme(theme)  # noqa: F821
