"""Run aigate as ``python -m gate``."""

from gate.cli import run_main

run_main()
