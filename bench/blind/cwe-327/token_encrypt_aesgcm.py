"""Encrypt API tokens before they are stored in the integrations table."""

import base64
import os

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

KEY = bytes.fromhex(os.environ["TOKEN_ENCRYPTION_KEY"])


class TokenCipher:
    def __init__(self, key: bytes = KEY) -> None:
        self.aead = AESGCM(key)

    def encrypt(self, token: str) -> str:
        nonce = os.urandom(12)
        return base64.b64encode(nonce + self.aead.encrypt(nonce, token.encode(), None)).decode()

    def decrypt(self, blob: str) -> str:
        raw = base64.b64decode(blob)
        return self.aead.decrypt(raw[:12], raw[12:], None).decode()
