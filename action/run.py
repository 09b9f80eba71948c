"""The GitHub Action's scan step: event -> `aigate scan` argv -> outputs, summary, exit status.

Every value from the event or the inputs arrives through the environment and is passed to aigate
as one argv item: nothing here is ever a shell word. Runs under the action's own venv python.
"""

from __future__ import annotations

import hashlib
import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

from gate.depsenv import MARKER, envs_directory

ZERO_SHA = "0" * 40
# extra-args may tune the policy, never change what is scanned or where outputs go
ALLOWED_FLAGS = {"--all-lines", "--assume-ai", "--debug"}
ALLOWED_WITH_VALUE = {"--human-fail-on", "--baseline", "--fail-on", "--scope", "--config"}


class ActionError(Exception):
    """A problem with the action's inputs or event; reported as an error annotation."""


def _env(name: str) -> str:
    return os.environ.get(name, "").strip()


def event_range() -> tuple[str, str]:
    """Base and head commits from the inputs, else from the pull_request or push event."""
    base, head = _env("AIGATE_INPUT_BASE"), _env("AIGATE_INPUT_HEAD")
    if base and head:
        return base, head
    event_name = _env("GITHUB_EVENT_NAME")
    event_path = _env("GITHUB_EVENT_PATH")
    event: dict[str, object] = {}
    if event_path and Path(event_path).is_file():
        loaded = json.loads(Path(event_path).read_text(encoding="utf-8"))
        event = loaded if isinstance(loaded, dict) else {}
    if event_name in ("pull_request", "pull_request_target", "merge_group"):
        pr = event.get("pull_request")
        if isinstance(pr, dict):
            base = base or str(pr.get("base", {}).get("sha", ""))
            head = head or str(pr.get("head", {}).get("sha", ""))
    elif event_name == "push":
        before, after = str(event.get("before", "")), str(event.get("after", ""))
        if before == ZERO_SHA:
            raise ActionError(
                "this push created a new branch and has no previous commit to compare with: "
                "set the action's `base` input (e.g. the default branch)"
            )
        base, head = base or before, head or after
    if not base:
        raise ActionError(
            f"no base commit: the {event_name or 'unknown'} event has none; set the `base` input"
        )
    return base, head or "HEAD"


def extra_args(text: str) -> list[str]:
    """Split extra-args like a shell would, but allow only policy options."""
    words = shlex.split(text)
    out: list[str] = []
    i = 0
    while i < len(words):
        word = words[i]
        name = word.split("=", 1)[0]
        if name in ALLOWED_FLAGS and "=" not in word:
            out.append(word)
        elif name in ALLOWED_WITH_VALUE:
            if "=" in word:
                out.append(word)
            elif i + 1 < len(words):
                out += [word, words[i + 1]]
                i += 1
            else:
                raise ActionError(f"extra-args: {word} needs a value")
        else:
            allowed = ", ".join(sorted(ALLOWED_FLAGS | ALLOWED_WITH_VALUE))
            raise ActionError(f"extra-args: {word!r} is not allowed here (allowed: {allowed})")
        i += 1
    return out


def scan_argv(base: str, head: str, sarif: str, summary: Path, report: Path) -> list[str]:
    """The aigate command line, one item per value."""
    # -I: the scanned repo is the working directory; a gate/ package in it must not shadow ours
    argv = [sys.executable, "-I", "-m", "gate", "scan", f"--base={base}", f"--head={head}"]
    argv += ["--format=github", f"--sarif={sarif}", f"--summary={summary}", f"--json={report}"]
    server, repository = _env("GITHUB_SERVER_URL"), _env("GITHUB_REPOSITORY")
    if server and repository:
        argv.append(f"--link-base={server}/{repository}/blob/{head}/")
    for flag, name in (
        ("--config", "AIGATE_INPUT_CONFIG"),
        ("--fail-on", "AIGATE_INPUT_FAIL_ON"),
        ("--scope", "AIGATE_INPUT_SCOPE"),
    ):
        if _env(name):
            argv.append(f"{flag}={_env(name)}")
    if _env("AIGATE_INPUT_CACHE") == "true":  # restored and saved by actions/cache
        argv.append(f"--cache-dir={Path(_env('RUNNER_TEMP') or '.') / 'aigate-cache'}")
    else:
        argv.append("--no-cache")
    return argv + extra_args(os.environ.get("AIGATE_INPUT_EXTRA_ARGS", ""))


def used_environments_key(envs: Path, since: float) -> str:
    """Delete the analysis environments the scan did not use (restored from older runs, or
    half-built); the actions/cache key of the rest: the declarations hash of the one it used.

    Using an environment touches its marker (gate/depsenv.py); '' when none was used.
    """
    kept = []
    for entry in sorted(envs.iterdir()) if envs.is_dir() else ():
        try:
            used = (entry / MARKER).stat().st_mtime >= since - 2  # coarse file-system clocks
        except OSError:
            used = False
        if used:
            kept.append(entry.name)
        else:
            shutil.rmtree(entry, ignore_errors=True)
    if len(kept) <= 1:
        return "".join(kept)
    return hashlib.sha256("\n".join(kept).encode()).hexdigest()[:32]


def write_outputs(values: dict[str, str]) -> None:
    """Append step outputs to $GITHUB_OUTPUT (one line each; values never hold newlines)."""
    target = _env("GITHUB_OUTPUT")
    if not target:
        return
    with open(target, "a", encoding="utf-8") as handle:
        for key, value in values.items():
            handle.write(f"{key}={value.replace(chr(10), ' ').replace(chr(13), ' ')}\n")


def append_summary(summary: Path) -> None:
    """Append the Markdown summary to the job summary."""
    target = _env("GITHUB_STEP_SUMMARY")
    if target and summary.is_file():
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(summary.read_text(encoding="utf-8"))


def main() -> int:
    """Run the scan; the exit status fails the step on FAIL (1) and ERROR (2)."""
    sarif = _env("AIGATE_INPUT_SARIF_FILE") or "aigate.sarif"
    temp = Path(_env("RUNNER_TEMP") or ".")
    summary, report = temp / "aigate-summary.md", temp / "aigate-report.json"
    try:
        base, head = event_range()
        argv = scan_argv(base, head, sarif, summary, report)
    except (ActionError, ValueError) as exc:
        print(f"::error title=aigate::{str(exc).replace(chr(10), ' ')}")
        write_outputs({"verdict": "error", "findings": "0", "sarif-file": sarif})
        return 2
    workspace = _env("GITHUB_WORKSPACE") or "."
    started = time.time()
    code = subprocess.run(argv, cwd=workspace, check=False).returncode
    deps_key = used_environments_key(envs_directory(), started)
    verdict, blocking = "error", "0"
    if report.is_file():
        doc = json.loads(report.read_text(encoding="utf-8"))
        verdict = str(doc.get("verdict", "error"))
        blocking = str(doc.get("counts", {}).get("blocking", 0))
    append_summary(summary)
    outputs = {"verdict": verdict, "findings": blocking, "sarif-file": sarif}
    write_outputs({**outputs, "deps-key": deps_key} if deps_key else outputs)
    return code if code in (0, 1, 2) else 2


if __name__ == "__main__":
    sys.exit(main())
