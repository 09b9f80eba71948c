"""What Python would run, and the text the analyzers read: kinds, PEP 263 decoding, hidden text.

Every changed file gets a kind from its name (case-folded, trailing dots and spaces dropped as
Windows does) and, for files whose name says nothing, from a python shebang. A Python file is
decoded as Python decodes it (``tokenize.detect_encoding``: BOM, coding cookie) and handed to the
analyzers as UTF-8, line for line with the file. A file Python would run but the gate cannot read
is *unjudged*: it is listed with the reason and the verdict cannot be PASS.
"""

from __future__ import annotations

import enum
import io
import re
import tokenize
from dataclasses import dataclass

from gate.collect.notebook import NotebookError, NotPython, extract_notebook

PYTHON_SUFFIXES = (".py", ".pyi", ".pyw")
"""Python source by name."""
COMPILED_SUFFIXES = (".pyc", ".pyo", ".pyd", ".so", ".pyz", ".pyzw")
"""Python imports or runs these, and no analyzer can read them."""
BINARY_SUFFIXES = frozenset(
    ".png .jpg .jpeg .gif .bmp .ico .icns .webp .tif .tiff .psd .mp3 .mp4 .m4a .m4v .mov .avi "
    ".mkv .webm .wav .flac .ogg .opus .zip .gz .tgz .bz2 .xz .zst .7z .rar .tar .jar .war .whl "
    ".egg .pdf .doc .docx .xls .xlsx .ppt .pptx .woff .woff2 .ttf .otf .eot .o .a .dll .exe "
    ".dylib .class .bin .dat .db .sqlite .sqlite3 .npy .npz .pkl .pickle .h5 .parquet .onnx .pt "
    ".pth.tar .safetensors .wasm".split()
)
"""Formats aigate never reads (so a missing blob cannot fail the scan), unless executable."""
_SNIFF = 8192
_SHEBANG = re.compile(rb"#![ \t]*(?P<line>[^\r\n]*)")
_PYTHON_PROGRAM = re.compile(r"(?:python|pypy)[0-9.]*[wmt]?")
_RUNNERS = frozenset({"uv", "uvx", "pipx", "poetry", "pdm", "hatch", "rye"})
_COOKIE = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*(?P<name>[-\w.]+)")
_LONE_CR = re.compile(r"\r(?!\n)")


class Kind(str, enum.Enum):
    """What a changed file is to Python."""

    PYTHON = "python"
    """Source Python runs or imports (.py, .pyw, .pyi, a python shebang)."""
    NOTEBOOK = "notebook"
    """A Jupyter notebook: its code cells are Python."""
    PTH = "pth"
    """A .pth file: site.py executes its lines that start with ``import``."""
    COMPILED = "compiled"
    """Bytecode, zip applications or extension modules: run by Python, readable by no analyzer."""
    BINARY = "binary"
    """A binary format by name: never read."""
    OTHER = "other"
    """Anything else: read as text for our own checks; Python if it has a python shebang."""

    @property
    def runs(self) -> bool:
        """True when Python would run a file of this kind."""
        return self in (Kind.PYTHON, Kind.NOTEBOOK, Kind.PTH, Kind.COMPILED)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1].rstrip(" .").casefold()


def kind_by_name(path: str) -> Kind:
    """The kind a path's name gives (OTHER when the name alone does not say)."""
    name = _name(path)
    if name.endswith(PYTHON_SUFFIXES):
        return Kind.PYTHON
    if name.endswith(".ipynb"):
        return Kind.NOTEBOOK
    if name.endswith(".pth"):
        return Kind.PTH
    if name.endswith(COMPILED_SUFFIXES):
        return Kind.COMPILED
    suffix = "." + name.rsplit(".", 1)[-1] if "." in name else ""
    return Kind.BINARY if suffix in BINARY_SUFFIXES else Kind.OTHER


def has_python_shebang(data: bytes) -> bool:
    """True when the first line is a shebang that runs Python (directly, via env or a runner)."""
    # a BOM keeps the kernel from reading the shebang, but `python file` still runs it
    match = _SHEBANG.match(data.removeprefix(b"\xef\xbb\xbf"))
    if match is None:
        return False
    words = match.group("line").decode("utf-8", "replace").split()
    programs = [w.rsplit("/", 1)[-1] for w in words if not w.startswith("-")]
    if any(_PYTHON_PROGRAM.fullmatch(p) for p in programs):
        return True
    return "uvx" in programs or (any(p in _RUNNERS for p in programs) and "run" in programs)


def kind_of(path: str, data: bytes) -> Kind:
    """The kind from the name, then from the content for names that do not say."""
    kind = kind_by_name(path)
    if kind in (Kind.OTHER, Kind.BINARY) and has_python_shebang(data):
        return Kind.PYTHON
    return kind


class SourceError(ValueError):
    """Why Python source cannot be judged (the message is the reason shown)."""


@dataclass(frozen=True)
class Source:
    """A changed file as the gate reads it."""

    kind: Kind
    """What it is to Python."""
    content: bytes
    """UTF-8 text for reports and line checks (Python decoded per PEP 263), line for line."""
    python: bytes | None
    """What the Python analyzers read, line for line with the file; None if not Python."""


def decode_python(data: bytes) -> tuple[str, str]:
    """(text, encoding) as Python decodes source bytes, or SourceError saying why it cannot."""
    try:
        encoding, _lines = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        raise SourceError(f"Python cannot decode it: {exc.msg}") from None
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"not valid {encoding} text (byte {exc.start}), the encoding Python would use"
        ) from None
    except LookupError:
        raise SourceError(f"unknown source encoding {encoding!r}") from None


def hidden_text(data: bytes, text: str, encoding: str) -> tuple[int, str] | None:
    """(line, why) when Python reads other characters or lines than git and reviewers see."""
    raw_ascii = data.removeprefix(b"\xef\xbb\xbf").translate(None, bytes(range(128, 256)))
    if text.encode("ascii", "ignore") != raw_ascii:
        return (
            cookie_line(data),
            f"source encoding {encoding} is not ASCII-compatible: Python reads other characters "
            "(and lines) than the diff shows, so code can hide in what looks like a comment",
        )
    lone = _LONE_CR.search(text)
    if lone is not None:
        return (
            text.count("\n", 0, lone.start()) + 1,
            "a carriage return without a line feed: Python starts a new line there, git and "
            "reviewers see none, so code can hide after it",
        )
    return None


def cookie_line(data: bytes) -> int:
    """The 1-based line of the coding declaration (1 when there is none)."""
    for number, line in enumerate(data.split(b"\n")[:2], start=1):
        if _COOKIE.match(line):
            return number
    return 1


def as_utf8(data: bytes, text: str, encoding: str) -> bytes:
    """``text`` as UTF-8 source: the BOM dropped, a coding declaration rewritten to utf-8."""
    if encoding in ("utf-8", "utf-8-sig"):
        return text.encode("utf-8")
    lines = text.split("\n")
    index = cookie_line(data) - 1
    lines[index] = re.sub(r"(coding[:=][ \t]*)[-\w.]+", r"\1utf-8", lines[index], count=1)
    return "\n".join(lines).encode("utf-8")


def read_source(path: str, data: bytes, max_size: int) -> Source:
    """Read a changed file's bytes; SourceError when Python would run it but it cannot be judged."""
    kind = kind_of(path, data)
    if kind is Kind.COMPILED:
        raise SourceError("compiled or native Python: Python runs it, no analyzer can read it")
    if len(data) > max_size:
        raise _Skip(f"larger than max_file_size ({len(data)} > {max_size} bytes)", kind)
    if kind is Kind.NOTEBOOK:
        content = _utf8(data, kind)
        try:
            code = extract_notebook(content)
        except NotPython as exc:
            raise _Skip(str(exc), Kind.OTHER) from None
        except NotebookError as exc:
            raise SourceError(str(exc)) from None
        return Source(kind, content, code)
    if kind is Kind.PTH:
        content = _utf8(data, kind)
        hidden = hidden_text(content, content.decode("utf-8"), "utf-8")
        if hidden is not None:  # site.py reads .pth files with universal newlines
            raise HiddenText(hidden[0], hidden[1])
        lines = content.decode("utf-8").split("\n")
        kept = [line if line.startswith(("import ", "import\t")) else "" for line in lines]
        return Source(kind, content, "\n".join(kept).encode("utf-8"))
    if kind is Kind.PYTHON:
        if b"\0" in data[:_SNIFF]:
            raise SourceError("contains NUL bytes: not Python source the gate can judge")
        text, encoding = decode_python(data)
        hidden = hidden_text(data, text, encoding)
        if hidden is not None:
            raise HiddenText(hidden[0], hidden[1])
        python = as_utf8(data, text, encoding)
        return Source(kind, python, python)
    return Source(kind, _utf8(data, kind), None)


def _utf8(data: bytes, kind: Kind) -> bytes:
    if b"\0" in data[:_SNIFF]:
        raise _Skip("binary file", kind)
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Skip(f"not UTF-8 text (byte {exc.start})", kind) from None
    return data


class _Skip(SourceError):
    """A reason not to read a file; it blocks only when the file's kind is one Python runs."""

    def __init__(self, reason: str, kind: Kind) -> None:
        super().__init__(reason)
        self.kind = kind


class HiddenText(SourceError):
    """Python source whose text differs from what the diff shows (a finding, not only a skip)."""

    def __init__(self, line: int, why: str) -> None:
        super().__init__(why)
        self.line = line


def blocks(exc: SourceError) -> bool:
    """True when a file that raised ``exc`` is one Python would run."""
    return not isinstance(exc, _Skip) or exc.kind.runs
