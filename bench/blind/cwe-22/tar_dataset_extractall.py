"""Fetch a dataset archive from a partner URL and unpack it for the pipeline."""

import argparse
import tarfile
from pathlib import Path

import requests


def download(url: str, dest: Path) -> Path:
    archive = dest / "dataset.tar.gz"
    with requests.get(url, stream=True, timeout=60) as resp:
        resp.raise_for_status()
        with archive.open("wb") as fh:
            for chunk in resp.iter_content(chunk_size=1 << 20):
                fh.write(chunk)
    return archive


def unpack(archive: Path, dest: Path) -> None:
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(path=dest)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="https://partner.example.com/exports/latest.tar.gz")
    parser.add_argument("--out", type=Path, default=Path("data/raw"))
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    unpack(download(args.url, args.out), args.out)


if __name__ == "__main__":
    main()
