"""Split the labelled reviews into train/validation files reproducibly."""

import argparse
import json
import random
from pathlib import Path


def split(records: list[dict], ratio: float, seed: int) -> tuple[list[dict], list[dict]]:
    rng = random.Random(seed)
    shuffled = records[:]
    rng.shuffle(shuffled)
    cut = int(len(shuffled) * ratio)
    return shuffled[:cut], shuffled[cut:]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("input", type=Path)
    parser.add_argument("--ratio", type=float, default=0.9)
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args()
    records = [json.loads(line) for line in args.input.read_text().splitlines() if line]
    train, valid = split(records, args.ratio, args.seed)
    for name, part in (("train", train), ("valid", valid)):
        Path(f"{name}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in part))


if __name__ == "__main__":
    main()
