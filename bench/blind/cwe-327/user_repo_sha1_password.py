"""User persistence for the internal admin tool."""

import hashlib
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Engine


@dataclass
class User:
    id: int
    email: str


class UserRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @staticmethod
    def _digest(password: str) -> str:
        return hashlib.sha1(password.encode()).hexdigest()

    def create(self, email: str, password: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                text("INSERT INTO users (email, pw) VALUES (:e, :p)"),
                {"e": email, "p": self._digest(password)},
            )

    def authenticate(self, email: str, password: str) -> User | None:
        with self.engine.connect() as conn:
            row = conn.execute(
                text("SELECT id, email FROM users WHERE email = :e AND pw = :p"),
                {"e": email, "p": self._digest(password)},
            ).first()
        return User(*row) if row else None
