"""Stable, URL-safe slugs for topics and organizations, in any script."""

from __future__ import annotations

import hashlib
import unicodedata
from functools import lru_cache

MAX_LENGTH = 60
_WORDS = {"+": " plus ", "#": " sharp "}


@lru_cache(maxsize=4096)  # the same keywords recur across papers, days and pages
def slugify(label: str) -> str:
    """'Large Language Models' -> 'large-language-models'; '벤치마크' stays '벤치마크'.

    Letters, digits and combining marks of every script are kept (NFKC, case-folded); anything
    else separates words. The result depends on the label only, so it is the same on every run.
    A label with no letters at all (emoji, punctuation) gets a short hash instead.
    """
    text = unicodedata.normalize("NFKC", label).casefold()
    text = "".join(_WORDS.get(ch, ch) for ch in text)
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    slug = "-".join(kept.split())
    if not slug:
        return "x-" + _digest(text)
    if len(slug) > MAX_LENGTH:
        slug = slug[:MAX_LENGTH].rstrip("-") + "-" + _digest(text)
    return slug


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]
