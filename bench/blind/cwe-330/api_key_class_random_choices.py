"""API key management for the developer portal."""

import hashlib
import random
import string
from dataclasses import dataclass


@dataclass(frozen=True)
class IssuedKey:
    prefix: str
    secret: str

    @property
    def full(self) -> str:
        return f"{self.prefix}.{self.secret}"


class ApiKeyManager:
    alphabet = string.ascii_letters + string.digits

    def __init__(self, store: dict[str, str]) -> None:
        self.store = store

    def issue(self, owner: str) -> IssuedKey:
        prefix = "".join(random.choices(self.alphabet, k=8))
        secret = "".join(random.choices(self.alphabet, k=40))
        self.store[prefix] = hashlib.sha256(secret.encode()).hexdigest() + ":" + owner
        return IssuedKey(prefix, secret)
