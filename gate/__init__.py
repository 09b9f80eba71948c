"""aigate: a security gate for code written by AI coding agents."""

__version__ = "0.1.0"
