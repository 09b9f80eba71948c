"""Compute derived columns for the partner price feed.

The partner CSV names one of our formulas in its `formula` column.
"""

import csv
import sys

FORMULAS = {
    "retail": "price * 1.2",
    "wholesale": "price * 0.85",
    "total": "price * qty",
}


class DerivedColumns:
    def __init__(self, rows: list[dict]) -> None:
        self.rows = rows

    def compute(self) -> list[dict]:
        out = []
        for row in self.rows:
            env = {"price": float(row["price"]), "qty": int(row["qty"])}
            expression = FORMULAS[row["formula"]]
            row["derived"] = eval(expression, {"__builtins__": {}}, env)
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
