"""Report formats: a literal registry of pure functions from a GateResult to text."""

from __future__ import annotations

from gate.report.base import Renderer, RenderOptions
from gate.report.github import render_github
from gate.report.json import render_json
from gate.report.markdown import render_markdown
from gate.report.sarif import render_sarif
from gate.report.text import render_text

FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "markdown": render_markdown,
    "github": render_github,
}
"""Every report format by the name the CLI accepts."""

__all__ = ["FORMATS", "RenderOptions", "Renderer"]
