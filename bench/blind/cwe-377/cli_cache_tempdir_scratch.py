"""Convert a batch of images to WebP using a private scratch directory."""

import argparse
import shutil
import subprocess
import tempfile
from pathlib import Path


def convert_all(sources: list[Path], out_dir: Path) -> None:
    with tempfile.TemporaryDirectory(prefix="webp-") as scratch:
        work = Path(scratch) / "batch.txt"
        work.write_text("\n".join(str(s) for s in sources))
        for source in sources:
            target = Path(scratch) / (source.stem + ".webp")
            subprocess.run(["cwebp", "-quiet", "-q", "80", str(source), "-o", str(target)], check=True)
            shutil.move(str(target), out_dir / target.name)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("images", nargs="+", type=Path)
    args = parser.parse_args()
    convert_all(args.images, args.out)
