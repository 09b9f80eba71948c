"""Encrypt API tokens before they are stored in the integrations table."""

import base64
import os

from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

KEY = bytes.fromhex(os.environ["TOKEN_ENCRYPTION_KEY"])


class TokenCipher:
    def __init__(self, key: bytes = KEY) -> None:
        self.cipher = Cipher(algorithms.AES(key), modes.ECB())

    def encrypt(self, token: str) -> str:
        padder = padding.PKCS7(128).padder()
        data = padder.update(token.encode()) + padder.finalize()
        enc = self.cipher.encryptor()
        return base64.b64encode(enc.update(data) + enc.finalize()).decode()

    def decrypt(self, blob: str) -> str:
        dec = self.cipher.decryptor()
        data = dec.update(base64.b64decode(blob)) + dec.finalize()
        unpadder = padding.PKCS7(128).unpadder()
        return (unpadder.update(data) + unpadder.finalize()).decode()
