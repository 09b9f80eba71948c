"""Run aigate as ``python -m gate``."""

from gate.cli import main

raise SystemExit(main())
