"""Nightly export of the orders table to S3."""

import csv
import io
from datetime import date

import boto3

BUCKET = "acme-analytics-exports"

s3 = boto3.client(
    "s3",
    region_name="eu-west-1",
    aws_access_key_id="AKIA4Q7XRZ2MLP6WHC3N",
    aws_secret_access_key="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",
)


def export_orders(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=rows[0].keys())
    writer.writeheader()
    writer.writerows(rows)
    key = f"orders/{date.today():%Y/%m/%d}.csv"
    s3.put_object(Bucket=BUCKET, Key=key, Body=buf.getvalue().encode())
    return key
