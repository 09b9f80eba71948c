"""Report formats: a literal registry of pure functions from a GateResult to text."""

from __future__ import annotations

from gate.model import GateResult
from gate.report.base import Renderer, RenderOptions
from gate.report.github import render_github
from gate.report.json import render_json
from gate.report.markdown import render_markdown
from gate.report.text import render_text


def render_sarif(result: GateResult, options: RenderOptions) -> str:
    """SARIF 2.1.0; sarif-om is imported only when SARIF is asked for (it costs ~0.3 s)."""
    from gate.report.sarif import render_sarif as render

    return render(result, options)


FORMATS: dict[str, Renderer] = {
    "text": render_text,
    "json": render_json,
    "sarif": render_sarif,
    "markdown": render_markdown,
    "github": render_github,
}
"""Every report format by the name the CLI accepts."""

__all__ = ["FORMATS", "RenderOptions", "Renderer"]
