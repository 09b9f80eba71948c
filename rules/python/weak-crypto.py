# Test cases for rules/python/weak-crypto.yaml (data for semgrep --test; never imported).
import base64
import hashlib
import hmac
import os
import secrets
import time

import bcrypt
from argon2 import PasswordHasher
from Crypto.Cipher import AES, ARC4, DES, DES3, Blowfish
from Crypto.PublicKey import RSA
from Crypto.Random import get_random_bytes
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

# --- passwords hashed with a fast hash ----------------------------------------------------


def register_user(db, username, password):
    # ruleid: weak-crypto-password-fast-hash
    password_hash = hashlib.md5(password.encode()).hexdigest()
    db.execute("INSERT INTO users VALUES (?, ?)", (username, password_hash))


def hash_password(password, salt):
    # ruleid: weak-crypto-password-fast-hash
    return hashlib.sha256((salt + password).encode("utf-8")).hexdigest()


def check_login(user, pw):
    # ruleid: weak-crypto-password-fast-hash
    return user.pw_hash == hashlib.sha1(pw.encode()).hexdigest()


def set_password(user, raw):
    # ruleid: weak-crypto-password-fast-hash
    user.password_hash = hashlib.sha512(raw.encode()).hexdigest()


def legacy_hash(form):
    # ruleid: weak-crypto-password-fast-hash
    digest = hashlib.new("sha256")
    digest.update(form["password"].encode())
    return digest.hexdigest()


# Safe look-alikes: slow KDFs, and fast hashes of data that is not a password.


def register_user_safely(db, username, password):
    # ok: weak-crypto-password-fast-hash
    password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())
    db.execute("INSERT INTO users VALUES (?, ?)", (username, password_hash))


def hash_password_pbkdf2(password):
    # ok: weak-crypto-password-fast-hash
    salt = hashlib.sha256(os.urandom(60)).hexdigest().encode("ascii")
    # ok: weak-crypto-password-fast-hash
    digest = hashlib.pbkdf2_hmac("sha512", password.encode("utf-8"), salt, 600_000)
    return salt + digest.hex().encode("ascii")


def hash_password_scrypt(password: str) -> bytes:
    salt = os.urandom(16)
    # ok: weak-crypto-password-fast-hash
    return salt + hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1)


def hash_password_argon2(password: str) -> str:
    # ok: weak-crypto-password-fast-hash
    return PasswordHasher().hash(password)


def file_checksum(path):
    # ok: weak-crypto-password-fast-hash
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        digest.update(fh.read())
    return digest.hexdigest()


def password_policy_version(policy_text):
    # ok: weak-crypto-password-fast-hash
    return hashlib.sha256(policy_text.encode()).hexdigest()


def peppered_password(pepper: bytes, password: str) -> str:
    # ruleid: weak-crypto-password-fast-hash
    return hmac.new(pepper, password.encode(), hashlib.sha256).hexdigest()


def bcrypt_prehash(pepper: bytes, password: str) -> bytes:
    # ok: weak-crypto-password-fast-hash
    prehashed = hmac.new(pepper, password.encode(), hashlib.sha256).digest()
    return bcrypt.hashpw(prehashed, bcrypt.gensalt())


def bcrypt_long_password(password: str) -> bytes:
    # ok: weak-crypto-password-fast-hash
    return bcrypt.hashpw(hashlib.sha256(password.encode()).digest(), bcrypt.gensalt())


def pwned_prefix(password: str) -> str:
    # ok: weak-crypto-password-fast-hash
    sha = hashlib.sha1(password.encode()).hexdigest().upper()
    return sha[:5]


# --- KDFs with too little work -----------------------------------------------------------

KDF_ROUNDS = 5000


def kdf_low_iterations(password: str, salt: bytes) -> bytes:
    # ruleid: weak-crypto-kdf-low-work-factor
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 10_000)


def kdf_low_iterations_constant(password: str, salt: bytes) -> bytes:
    # ruleid: weak-crypto-kdf-low-work-factor
    return hashlib.pbkdf2_hmac("sha1", password.encode(), salt, KDF_ROUNDS)


def kdf_cryptography_low(salt: bytes):
    from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

    # ruleid: weak-crypto-kdf-low-work-factor
    return PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=4096)


def werkzeug_weak(password: str) -> str:
    from werkzeug.security import generate_password_hash

    # ruleid: weak-crypto-kdf-low-work-factor
    return generate_password_hash(password, method="pbkdf2:sha256:2000")


def werkzeug_default(password: str) -> str:
    from werkzeug.security import generate_password_hash

    # ok: weak-crypto-kdf-low-work-factor
    return generate_password_hash(password, method="pbkdf2:sha256:600000")


def kdf_owasp(password: str, salt: bytes) -> bytes:
    # ok: weak-crypto-kdf-low-work-factor
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 600_000)


def kdf_stored_iterations(password: str, salt: bytes, stored: str) -> bytes:
    # ok: weak-crypto-kdf-low-work-factor
    return hashlib.pbkdf2_hmac("sha256", password.encode(), salt, int(stored))


# --- MD5 / SHA-1 protecting tokens, signatures, sessions ----------------------------------


def make_reset_token(user_id):
    # ruleid: weak-crypto-weak-hash-for-security
    token = hashlib.md5(f"{user_id}{time.time()}".encode()).hexdigest()
    return token


def sign_payload(payload: bytes, secret_key: bytes) -> str:
    # ruleid: weak-crypto-weak-hash-for-security
    return hashlib.sha1(secret_key + payload).hexdigest()


def verify_webhook(body: bytes, header_sig: str, key: bytes) -> bool:
    # ruleid: weak-crypto-weak-hash-for-security
    expected = hmac.new(key, body, hashlib.md5).hexdigest()
    return hmac.compare_digest(expected, header_sig)


def new_session_id(username):
    # ruleid: weak-crypto-weak-hash-for-security
    session_id = hashlib.new("MD5", (username + str(time.time())).encode()).hexdigest()
    return session_id


def api_key_fingerprint(api_key: str) -> bytes:
    # ruleid: weak-crypto-weak-hash-for-security
    h = hashes.Hash(hashes.SHA1())
    h.update(api_key.encode())
    return h.finalize()


def api_token_from_password(password):
    # (one finding only: the password rule's, not weak-crypto-weak-hash-for-security too)
    # ruleid: weak-crypto-password-fast-hash
    token = hashlib.md5(password.encode()).hexdigest()
    return token


def digest_auth_cnonce(nonce: str) -> str:
    # ok: weak-crypto-weak-hash-for-security
    cnonce = hashlib.sha1(nonce.encode() + os.urandom(8)).hexdigest()[:16]
    return cnonce


def cache_key(url: str) -> str:
    # ok: weak-crypto-weak-hash-for-security
    return hashlib.md5(url.encode()).hexdigest()


def etag_for(content: bytes) -> str:
    # ok: weak-crypto-weak-hash-for-security
    etag = hashlib.sha1(content).hexdigest()
    return f'"{etag}"'


def make_reset_token_safely():
    # ok: weak-crypto-weak-hash-for-security
    token = secrets.token_urlsafe(32)
    return token


def sign_payload_safely(payload: bytes, secret_key: bytes) -> str:
    # ok: weak-crypto-weak-hash-for-security
    return hmac.new(secret_key, payload, hashlib.sha256).hexdigest()


def dedupe_session_rows(rows):
    # ok: weak-crypto-weak-hash-for-security
    return {hashlib.md5(r, usedforsecurity=False).hexdigest(): r for r in rows}


def gravatar_url(email: str) -> str:
    # ok: weak-crypto-weak-hash-for-security
    digest = hashlib.md5(email.strip().lower().encode()).hexdigest()
    return f"https://www.gravatar.com/avatar/{digest}"


def verify_download(blob: bytes, expected_sha1: str) -> None:
    # ruleid: weak-crypto-weak-hash-for-security
    actual = hashlib.sha1(blob).hexdigest()
    if actual != expected_sha1:
        raise ValueError("corrupted or tampered download")


def pin_matches(peer_der: bytes, pinned: str) -> bool:
    # ruleid: weak-crypto-weak-hash-for-security
    return pinned == hashlib.md5(peer_der).hexdigest()


def _file_md5(path) -> str:
    # ruleid: weak-crypto-weak-hash-for-security
    h = hashlib.md5()
    h.update(open(path, "rb").read())
    return h.hexdigest()


def changed_files(index: dict) -> list:
    return [p for p, want in index.items() if _file_md5(p) != want]


def not_modified(request, body: bytes) -> bool:
    # ok: weak-crypto-weak-hash-for-security
    etag = hashlib.md5(body).hexdigest()
    return etag == request.headers.get("If-None-Match")


def same_cache_entry(cache, url: str) -> bool:
    # ok: weak-crypto-weak-hash-for-security
    return cache.get("last") == hashlib.md5(url.encode()).hexdigest()


def save_avatar(request, media_root):
    upload = request.files["avatar"]
    content = upload.read()
    # ruleid: weak-crypto-weak-hash-of-upload
    name = hashlib.sha1(content).hexdigest()
    with open(os.path.join(media_root, name), "wb") as fh:
        fh.write(content)
    return name


def save_document(doc: UploadedFile, store):  # noqa: F821
    h = hashlib.md5()
    for chunk in doc.chunks():
        # ruleid: weak-crypto-weak-hash-of-upload
        h.update(chunk)
    store[h.hexdigest()] = doc


def save_avatar_sha256(request, media_root):
    content = request.files["avatar"].read()
    # ok: weak-crypto-weak-hash-of-upload
    name = hashlib.sha256(content).hexdigest()
    return os.path.join(media_root, name)


def upload_etag(request):
    content = request.files["avatar"].read()
    # ok: weak-crypto-weak-hash-of-upload
    etag = hashlib.md5(content).hexdigest()
    return etag


def local_manifest_md5(path):
    # ok: weak-crypto-weak-hash-of-upload
    return hashlib.md5(open(path, "rb").read()).hexdigest()


# --- broken ciphers and ECB ---------------------------------------------------------------


def encrypt_card(key: bytes, card_number: bytes) -> bytes:
    # ruleid: weak-crypto-broken-cipher
    cipher = DES.new(key, DES.MODE_CBC, iv=os.urandom(8))
    return cipher.encrypt(card_number)


def encrypt_legacy(key: bytes, data: bytes) -> bytes:
    # ruleid: weak-crypto-broken-cipher
    return ARC4.new(key).encrypt(data)


def encrypt_blowfish(key: bytes, data: bytes) -> bytes:
    # ruleid: weak-crypto-broken-cipher
    return Blowfish.new(key, Blowfish.MODE_CBC).encrypt(data)


def triple_des(key: bytes):
    # ruleid: weak-crypto-broken-cipher
    return DES3.new(key, DES3.MODE_EAX)


def tdes_cryptography(key: bytes, iv: bytes):
    # ruleid: weak-crypto-broken-cipher
    return Cipher(algorithms.TripleDES(key), modes.CBC(iv)).encryptor()


def encrypt_token(key: bytes, data: bytes) -> bytes:
    # ruleid: weak-crypto-ecb-mode
    cipher = AES.new(key, AES.MODE_ECB)
    return cipher.encrypt(data)


def encrypt_block(key: bytes, block: bytes) -> bytes:
    # ruleid: weak-crypto-ecb-mode
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def encrypt_card_safely(key: bytes, card_number: bytes) -> bytes:
    nonce = os.urandom(12)
    # ok: weak-crypto-broken-cipher
    return nonce + AESGCM(key).encrypt(nonce, card_number, None)


def encrypt_token_safely(key: bytes, data: bytes):
    # ok: weak-crypto-ecb-mode
    cipher = AES.new(key, AES.MODE_GCM)
    return cipher.encrypt_and_digest(data)


def encrypt_block_safely(key: bytes, iv: bytes, block: bytes) -> bytes:
    # ok: weak-crypto-ecb-mode
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    return encryptor.update(block) + encryptor.finalize()


def encrypt_chacha(key: bytes, data: bytes):
    from Crypto.Cipher import ChaCha20_Poly1305

    # ok: weak-crypto-broken-cipher
    cipher = ChaCha20_Poly1305.new(key=key)
    return cipher.encrypt_and_digest(data)


def encrypt_gcm_cryptography(key: bytes, iv: bytes):
    # ok: weak-crypto-broken-cipher
    return Cipher(algorithms.AES(key), modes.GCM(iv)).encryptor()


def store_secret(key: bytes, secret: bytes) -> bytes:
    from cryptography.fernet import Fernet

    # ok: weak-crypto-broken-cipher
    return Fernet(key).encrypt(secret)


def aes_key():
    # ok: weak-crypto-broken-cipher
    return get_random_bytes(32)


# --- short RSA keys -----------------------------------------------------------------------


def make_signing_key():
    # ruleid: weak-crypto-short-rsa-key
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)


def make_legacy_key():
    # ruleid: weak-crypto-short-rsa-key
    return RSA.generate(512)


def make_ssh_key():
    # ruleid: weak-crypto-short-rsa-key
    return rsa.generate_private_key(65537, 1024)


def make_signing_key_safely():
    # ok: weak-crypto-short-rsa-key
    return rsa.generate_private_key(public_exponent=65537, key_size=3072)


def make_ed25519_key():
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    # ok: weak-crypto-short-rsa-key
    return Ed25519PrivateKey.generate()


def make_key_safely():
    # ok: weak-crypto-short-rsa-key
    return RSA.generate(2048)


def store_digest(data, path):
    # ruleid: weak-crypto-weak-hash-for-security
    digest = hashlib.new("md5")
    digest.update(data.encode())
    with open(path, "a") as out:
        out.write(f"hash_value={base64.b64encode(digest.digest())}\n")


def store_sha1_row(db, name, data):
    # ruleid: weak-crypto-weak-hash-for-security
    value = hashlib.sha1(data).hexdigest()
    db.execute("INSERT INTO hashes (name, value) VALUES (?, ?)", (name, value))


def store_sha384(data, path):
    # ok: weak-crypto-weak-hash-for-security
    digest = hashlib.new("sha384")
    digest.update(data.encode())
    with open(path, "a") as out:
        out.write(f"hash_value={base64.b64encode(digest.digest())}\n")


def etag_header(body, response):
    # ok: weak-crypto-weak-hash-for-security
    response.headers["ETag"] = hashlib.md5(body).hexdigest()


def cache_file_name(url, cache_dir):
    # ok: weak-crypto-weak-hash-for-security
    key = hashlib.md5(url.encode()).hexdigest()
    with open(f"{cache_dir}/{key}", "w") as out:
        out.write("cached")


def store_digest_result(data, path):
    # ruleid: weak-crypto-weak-hash-for-security
    digest = hashlib.new("md5")
    digest.update(data.encode())
    result = digest.digest()
    with open(path, "a") as out:
        out.write(f"hash_value={base64.b64encode(result)}\n")
