"""Nightly export of the orders table to S3."""

import csv
import io
import os
from datetime import date

import boto3

BUCKET = os.environ.get("EXPORT_BUCKET", "acme-analytics-exports")

# credentials come from the instance role / AWS_* environment variables
s3 = boto3.client("s3", region_name=os.environ.get("AWS_REGION", "eu-west-1"))


def export_orders(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=rows[0].keys())
    writer.writeheader()
    writer.writerows(rows)
    key = f"orders/{date.today():%Y/%m/%d}.csv"
    s3.put_object(Bucket=BUCKET, Key=key, Body=buf.getvalue().encode())
    return key
