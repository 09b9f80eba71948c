"""Validation applied to every blog post before it is stored."""

import re
from dataclasses import dataclass

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TAG = re.compile(r"#([a-z0-9_]{1,30})")


@dataclass
class Post:
    slug: str
    body: str


class PostValidator:
    def errors(self, post: Post) -> list[str]:
        problems = []
        if len(post.slug) > 80 or not SLUG.fullmatch(post.slug):
            problems.append("slug must be lowercase words joined by dashes")
        if len(TAG.findall(post.body)) > 10:
            problems.append("at most 10 tags")
        return problems
