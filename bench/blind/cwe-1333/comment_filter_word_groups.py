"""Spam heuristics applied to every blog comment before it is stored."""

import re
from dataclasses import dataclass

SHOUTING = re.compile(r"^([A-Z]+\s?)+!$")
LINK_FARM = re.compile(r"(https?://\S+\s*)+$")


@dataclass
class Comment:
    author: str
    body: str


class SpamFilter:
    def score(self, comment: Comment) -> int:
        points = 0
        if SHOUTING.match(comment.body):
            points += 2
        if LINK_FARM.search(comment.body):
            points += 3
        return points

    def is_spam(self, comment: Comment) -> bool:
        return self.score(comment) >= 3
