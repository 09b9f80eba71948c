"""Static asset storage with content-addressed names and ETags."""

import hashlib
from pathlib import Path


class AssetStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    @staticmethod
    def etag(data: bytes) -> str:
        # cache validator only, not a security control
        return hashlib.md5(data, usedforsecurity=False).hexdigest()

    def put(self, name: str, data: bytes) -> str:
        tag = self.etag(data)
        stem, dot, ext = name.rpartition(".")
        target = self.root / f"{stem}.{tag[:10]}{dot}{ext}"
        target.write_bytes(data)
        return target.name
