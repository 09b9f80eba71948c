"""One-time passcodes for SMS login."""

import hmac
import secrets
import time
from dataclasses import dataclass, field


@dataclass
class OtpService:
    ttl_seconds: int = 300
    _codes: dict[str, tuple[str, float]] = field(default_factory=dict)

    def issue(self, phone: str) -> str:
        code = f"{secrets.randbelow(1_000_000):06d}"
        self._codes[phone] = (code, time.time() + self.ttl_seconds)
        return code

    def verify(self, phone: str, code: str) -> bool:
        expected, expires = self._codes.get(phone, ("", 0.0))
        if time.time() > expires:
            return False
        return hmac.compare_digest(code, expected)
