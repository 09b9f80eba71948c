#!/usr/bin/env bash
# Refresh requirements.lock: aigate's runtime dependencies, exact versions with hashes, for
# every supported Python (3.10 and newer) and platform. The GitHub Action installs from it with
# `pip install --require-hashes`, so a transitive release cannot change a verdict overnight.
# Re-run after changing [project.dependencies] in pyproject.toml, commit both together, and
# re-run the test suite (tests/integration/test_lock.py installs the lock into a fresh venv).
# Needs uv (pip install uv); UV=/path/to/uv to pick one.
set -euo pipefail
cd "$(dirname "$0")/.."
uv="${UV:-$(command -v uv || true)}"
if [ -z "$uv" ]; then
  echo "scripts/lock.sh: uv not found; install it with: python3 -m pip install uv" >&2
  exit 2
fi
"$uv" pip compile pyproject.toml \
  --universal --python-version 3.10 --generate-hashes \
  --custom-compile-command 'scripts/lock.sh' \
  --output-file requirements.lock "$@"
