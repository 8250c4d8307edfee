"""Checks that hostile text from the API stayed text in every format the site publishes."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import yaml


class _Scan(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []
        self.in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in ("href", "src") and value and value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"<{tag} {name}={value!r}>")
        if tag == "script":
            src = dict(attrs).get("src")
            self.in_script = src is None
            if src and re.match(r"(https?:)?//", src):
                self.problems.append(f"external script {src}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self.in_script = False

    def handle_data(self, data: str) -> None:
        if self.in_script and "alert(" in data:
            self.problems.append("data reached an inline script")
        self.text.append(data)


def assert_inert(site: dict[str, bytes], hostile: list[str]) -> None:
    problems: list[str] = []
    for key, body in site.items():
        text = body.decode("utf-8")  # everything is UTF-8
        if key.endswith(".html"):
            scan = _Scan()
            scan.feed(text)
            problems += [f"{key}: {p}" for p in scan.problems]
        elif key.endswith(".xml"):
            try:
                ET.fromstring(body)
            except ET.ParseError as exc:
                problems.append(f"{key}: not well-formed XML ({exc})")
        elif key.endswith(".json"):
            json.loads(body)
        elif key.endswith(".md"):
            problems += [f"{key}: {p}" for p in _markdown_problems(text)]
    post = site[_post(site)].decode("utf-8")
    if "{{ 7*7 }}" not in post or ">49<" in post:
        problems.append("Jinja syntax in data was evaluated or lost")
    data = json.loads(site[_post(site).replace("posts/", "data/").replace("/index.html", ".json")])
    titles = [p["title"] for p in data["papers"]]
    for title in hostile:
        if " ".join(title.split()) not in titles:
            problems.append(f"title did not round-trip through JSON: {title!r}")
    assert problems == [], "\n".join(problems)


def _post(site: dict[str, bytes]) -> str:
    return max(k for k in site if k.startswith("posts/") and k.endswith("/index.html"))


def _markdown_problems(text: str) -> list[str]:
    _, front, body = text.split("---\n", 2)
    problems = []
    meta = yaml.safe_load(front)
    if not isinstance(meta, dict) or not meta.get("title"):
        problems.append("front matter is not a YAML mapping with a title")
    if re.search(r"(?<!\\)\]\((?:javascript|data):", body):
        problems.append("a live javascript:/data: link")
    if re.search(r"(?<!\\)<(?:script|img|b)\b", body):
        problems.append("raw HTML from data")
    if "{{" in body or "{%" in body:
        problems.append("Liquid/Jinja syntax left for Jekyll to evaluate")
    items = re.findall(r"^\d+\. \*\*", body, re.M)
    if len(items) != len(re.findall(r"^   - \[HF", body, re.M)):
        problems.append("data broke the list structure")
    return problems
