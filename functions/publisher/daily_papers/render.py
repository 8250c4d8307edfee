"""Render stage: content models -> pages (key + bytes). No I/O but reading templates."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from email.utils import format_datetime
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from . import urls
from .config import Settings
from .i18n import Catalogue, catalogue
from .models import Edition, Paper, SiteView

FEED_DAYS = 30
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")


@dataclass(frozen=True, slots=True)
class Page:
    key: str
    body: bytes

    @property
    def content_type(self) -> str:
        return urls.content_type(self.key)


class SiteRenderer:
    def __init__(self, settings: Settings):
        self.settings = settings
        self.t: Catalogue = catalogue(settings.language)
        self.env = Environment(
            loader=PackageLoader(__package__, "templates"),
            autoescape=select_autoescape(["html", "xml"], default_for_string=True, default=False),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self.env.filters.update(
            md=md_escape, yaml_str=yaml_str, rfc822=format_datetime, local=self.local_time
        )
        self.env.globals.update(t=self.t, site=settings, institution=self.institution)

    def local_time(self, moment: datetime, fmt: str = "%Y-%m-%d %H:%M:%S %z") -> str:
        return moment.astimezone(self.settings.tz).strftime(fmt)

    def institution(self, paper: Paper) -> str:
        """The organization's name, else the first two authors and how many more."""
        if paper.organization:
            return paper.organization
        names, rest = paper.authors[:2], len(paper.authors) - 2
        if not names:
            return self.t("unknown_institution")
        joined = ", ".join(names)
        return self.t("authors_more", names=joined, n=rest) if rest > 0 else joined

    def day_pages(self, edition: Edition, site: SiteView) -> list[Page]:
        """The day's own post, Markdown and HTML."""
        return [
            self._page(urls.post_md(edition.day), "post.md", edition=edition),
            self.post_page(edition, site),
        ]

    def post_page(self, edition: Edition, site: SiteView) -> Page:
        older, newer = site.neighbours(edition.day)
        return self._page(urls.post_html(edition.day), "post.html", edition=edition, older=older, newer=newer)

    def listing_pages(self, day: date, site: SiteView) -> list[Page]:
        """Every other page that changes when `day` is (re)published: home, feed, neighbours."""
        days = site.manifest.newest_first()
        pages = [
            self._page(urls.INDEX, "index.html", days=days),
            self._page(urls.FEED, "feed.xml", days=days[:FEED_DAYS]),
            self._page(urls.STYLESHEET, "style.css"),
        ]
        for neighbour in site.neighbours(day):
            if neighbour is not None:
                pages.append(self.post_page(site.edition(neighbour.day), site))
        return pages

    def all_pages(self, site: SiteView) -> list[Page]:
        """The whole site (a rebuild): every day's post, then the listings."""
        days = sorted(site.manifest.days)
        pages = {p.key: p for day in days for p in self.day_pages(site.edition(day), site)}
        if days:
            pages.update((p.key, p) for p in self.listing_pages(days[-1], site))
        return list(pages.values())

    def _page(self, key: str, template: str, **context: Any) -> Page:
        text = self.env.get_template(template).render(
            here=key,
            url=partial(urls.relative, key),
            absolute=partial(urls.absolute, self.settings.base_url),
            urls=urls,
            **context,
        )
        return Page(key, text.encode("utf-8"))


def md_escape(value: object) -> str:
    """Inline Markdown text: no emphasis, links, HTML or Liquid tags can come from data."""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    text = _MD_ENTITY.sub("&amp;", text)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def yaml_str(value: object) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML), safe whatever it holds."""
    text = json.dumps(str(value), ensure_ascii=False)
    return text.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
