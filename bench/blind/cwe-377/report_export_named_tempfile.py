"""Build the monthly CSV export and upload it to the reporting bucket."""

import csv
import os
import tempfile

import boto3


def write_report(rows: list[dict]) -> str:
    with tempfile.NamedTemporaryFile(
        "w", suffix=".csv", prefix="report-", newline="", delete=False
    ) as fh:
        writer = csv.DictWriter(fh, fieldnames=["customer", "total"])
        writer.writeheader()
        writer.writerows(rows)
        return fh.name


def export(rows: list[dict], bucket: str, key: str) -> None:
    path = write_report(rows)
    try:
        boto3.client("s3").upload_file(path, bucket, key)
    finally:
        os.remove(path)
