"""Compute derived columns for the partner price feed.

The partner CSV has a `formula` column, e.g. "price * 1.2", applied to each row.
"""

import csv
import sys


class DerivedColumns:
    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows

    def compute(self) -> list[dict]:
        out = []
        for row in self.rows:
            env = {"price": float(row["price"]), "qty": int(row["qty"])}
            row["derived"] = eval(row["formula"], {}, env)
            out.append(row)
        return out


def main(path: str) -> None:
    with open(path, newline="") as fh:
        rows = list(csv.DictReader(fh))
    writer = csv.DictWriter(sys.stdout, fieldnames=[*rows[0].keys(), "derived"])
    writer.writeheader()
    writer.writerows(DerivedColumns(rows).compute())


if __name__ == "__main__":
    main(sys.argv[1])
