"""The two catalogues stay in step: the same keys, each one used, and the Korean wording reviewed."""

import json
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "functions/publisher/daily_papers"
CATALOGUES = {lang: json.loads((PACKAGE / f"locales/{lang}.json").read_text(encoding="utf-8")) for lang in ("ko", "en")}
# Where templates and code name a key: t.key, t["key"], t("key", ...), msg.key, say("key", ...)
USES = re.compile(
    r"""\bt\.(\w+)|\bt\[\s*["'](\w+)["']\s*\]|\bt\(\s*["'](\w+)["']|\bmsg\.(\w+)|\bsay\(\s*["'](\w+)["']"""
)
# Keys built from a view's kind (topics, orgs): the expression and the keys it makes
DYNAMIC = {
    't[kind ~ "_lead"]': ("topics_lead", "orgs_lead"),
    't["all_" ~ kind]': ("all_topics", "all_orgs"),
    "t[kind]": ("topics", "orgs"),
    'say(kind + "_count"': ("topics_count", "orgs_count"),
    '"topic_title" : "org_title"': ("topic_title", "org_title"),
}
AWKWARD = ("거르기", "낱말", "가로질러")  # read oddly to a Korean reader (issue 10)


def keys(table: dict, prefix: str = "") -> set[str]:
    found = set()
    for key, value in table.items():
        found.add(prefix + key)
        if isinstance(value, dict):
            found |= keys(value, f"{prefix}{key}.")
    return found


def used_keys() -> set[str]:
    sources = [
        p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*") if p.suffix in (".py", ".html", ".js", ".xml", ".md")
    ]
    text = "\n".join(sources)
    used = {name for match in USES.finditer(text) for name in match.groups() if name}
    for expression, names in DYNAMIC.items():
        if expression in text:
            used.update(names)
    return used


def test_both_catalogues_have_the_same_keys():
    assert keys(CATALOGUES["ko"]) == keys(CATALOGUES["en"])


def test_every_key_is_used_and_every_used_key_exists():
    defined = {k.rsplit(".", 1)[-1].removesuffix("_one") for k in keys(CATALOGUES["ko"])}
    used = used_keys()
    assert defined - used == set(), "unused keys"
    assert used - defined - {"language", "strings"} == set(), "keys used but not defined"


@pytest.mark.parametrize("word", AWKWARD)
def test_the_korean_wording_avoids_what_read_oddly(word):
    assert word not in json.dumps(CATALOGUES["ko"], ensure_ascii=False)


def test_a_key_that_would_hide_the_catalogues_own_names_is_refused():
    from daily_papers.i18n import Catalogue

    for key in ("strings", "language", "__call__"):
        with pytest.raises(ValueError, match="clash"):
            Catalogue("ko", {key: "x"})
    assert getattr(Catalogue("ko", {"abstract": "초록"}), "abstract") == "초록"  # noqa: B009 - it is dynamic
