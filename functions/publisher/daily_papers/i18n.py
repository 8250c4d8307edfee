"""UI strings: one JSON catalogue per language under locales/."""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any


class Catalogue:
    def __init__(self, language: str, strings: dict[str, Any]):
        self.language = language
        self.strings = strings
        # A string looked up in a template: Jinja tries an attribute before an item, and a missing attribute costs
        # an exception per lookup (hundreds of thousands in a rebuild), so each string is one as well.
        clashes = {k for k in strings if hasattr(type(self), k) or k in ("language", "strings")}
        if clashes:
            raise ValueError(f"locale keys clash with Catalogue's own names: {sorted(clashes)}")
        vars(self).update(strings)

    def __call__(self, key: str, **values: object) -> str:
        """The string for `key` filled with `values`; `key_one` is used instead when n == 1."""
        if values.get("n") == 1 and f"{key}_one" in self.strings:
            key = f"{key}_one"
        return str(self.strings[key]).format(**values)

    def __getitem__(self, key: str) -> Any:
        return self.strings[key]


@cache
def catalogue(language: str) -> Catalogue:
    text = files(__package__).joinpath("locales", f"{language}.json").read_text(encoding="utf-8")
    return Catalogue(language, json.loads(text))
