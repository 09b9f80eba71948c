"""Collecting the change: git, the changed files and lines, and who wrote them."""
