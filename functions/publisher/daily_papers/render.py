"""Render stage: content models -> pages (key + bytes). No I/O but templates and `site.edition`."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import search_index, urls
from .config import Settings
from .i18n import Catalogue, catalogue
from .models import FIRST_DAY, DaySummary, Edition, Manifest, Paper, SiteView
from .slugs import slugify

FEED_DAYS = 30
HOME_PAPERS = 10  # the latest day's papers shown in full on the home page
HOME_DAYS = 7  # older days listed below them; the month archive pages hold the rest
FULL_PAPERS = 10  # a post shows its top papers in full, the rest as a compact list that expands
EAGER_IMAGES = 2  # thumbnails above the fold load at once; the others lazily
POST_TIME = time(9, 15)  # a day's post is dated at the scheduled run's hour (template.yaml ScheduleExpression)
STATIC: tuple[tuple[str, str, dict[str, Any]], ...] = (
    (urls.TOPICS, "browse.html", {"kind": "topics"}),
    (urls.ORGS, "browse.html", {"kind": "orgs"}),
    (urls.SEARCH, "search.html", {}),
    (urls.ROBOTS, "robots.txt", {}),
)
POST_TITLE = "Hugging Face Daily Papers - {day}"  # the seed's title, for posts, feeds and the front matter
ABSTRACT_FOLD = 400  # a longer abstract is folded behind "Abstract"; under a Korean summary it is a link
HOME_EXCERPT = 220  # characters of an abstract on the home page when there is no summary
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_YAML_PLAIN = re.compile(r"[^\W\d_](?:[\w.\- ]*[\w.])?")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


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
            auto_reload=False,  # templates ship with the code: no stat() per page to see if they changed
        )
        self.env.filters.update(
            md=md_escape, yaml_str=yaml_str, rfc822=format_datetime, local=self.local_time, slug=slugify, iso=iso
        )
        self.env.filters.update(paragraphs=paragraphs, english=self.english)
        self.env.globals.update(t=self.t, site=settings, authors=self.authors, month_label=self.month_label)
        self.env.globals.update(dated=self.dated, last_ranked=last_ranked)
        self.env.globals.update(EAGER_IMAGES=EAGER_IMAGES, FULL_PAPERS=FULL_PAPERS, lang_en=self.lang_en)
        self.env.globals.update(post_title=post_title, post_heading=post_heading, feed_updated=feed_updated)
        self.env.globals.update(ABSTRACT_FOLD=ABSTRACT_FOLD, HOME_EXCERPT=HOME_EXCERPT)
        self.env.globals["ko"] = settings.language == "ko"  # Korean titles and summaries shown on a Korean site

    def local_time(self, moment: datetime, fmt: str = "%Y-%m-%d %H:%M:%S %z") -> str:
        return moment.astimezone(self.settings.tz).strftime(fmt)

    def lang_en(self, text: str) -> Markup:
        """` lang="en"` for English text (HF's titles, abstracts, summaries) on a Korean page, so
        screen readers pronounce it as English; nothing on an English page or for Hangul text."""
        english = self.settings.language != "en" and not _HANGUL.search(text)
        return Markup(' lang="en"') if english else Markup("")

    def english(self, text: str) -> Markup:
        """Inline text, in a `<span lang="en">` when `lang_en` says it is English on a Korean page."""
        if self.lang_en(text):  # concatenated: Markup.format goes through string.Formatter, 20x slower
            return Markup('<span lang="en">') + escape(text) + Markup("</span>")
        return escape(text)

    def dated(self, day: date) -> datetime:
        """When day D's post is dated: D at the scheduled hour in SITE_TIMEZONE, whenever it was ranked."""
        return datetime.combine(day, POST_TIME, tzinfo=self.settings.tz)

    def month_label(self, month: str) -> str:
        year, number = month.split("-")
        return self.t("month_label", year=year, name=self.t["month_names"][int(number) - 1])

    def authors(self, paper: Paper) -> str:
        """The first two authors and how many more (HF's organization is shown apart, when it has one)."""
        names, rest = paper.authors[:2], len(paper.authors) - 2
        if not names:
            return self.t("unknown_authors")
        joined = ", ".join(names)
        return self.t("authors_more", names=joined, n=rest) if rest > 0 else joined

    # What the publisher asks for.

    def day_pages(self, edition: Edition, site: SiteView) -> list[Page]:
        """The day's own post, Markdown and HTML."""
        return [
            self._page(urls.post_md(edition.day), "post.md", edition=edition),
            self.post_page(edition, site),
        ]

    def post_page(self, edition: Edition, site: SiteView) -> Page:
        older, newer = site.neighbours(edition.day)
        image = edition.papers[0].thumbnail if edition.papers else None
        return self._page(
            urls.post_html(edition.day),
            "post.html",
            edition=edition,
            older=older,
            newer=newer,
            image=image,
            thumbnails=any(p.thumbnail for p in edition.papers),
        )

    def needs(self, days: Iterable[date], manifest: Manifest) -> set[date]:
        """The editions that `pages_for(days)` renders from, for the publisher to load first: the
        days themselves, the newest day (home), every day of the months listed (month pages,
        sitemap parts, search shards) and the days next to them (their posts link to them)."""
        wanted = set()
        for day in days:
            wanted.add(day)
            wanted.update(d for m in self._listed_months(day, manifest) for d in manifest.days_of(m))
            wanted.update(d for d in manifest.neighbours(day) if d is not None)
        if manifest.latest is not None:
            wanted.add(manifest.latest)
        return {d for d in wanted if d in manifest}

    def listing_pages(self, day: date, site: SiteView) -> list[Page]:
        """Every other page that changes when `day` is (re)published.

        Home, feeds, the sitemap index with the site's and the month's parts, the archive, the
        day's month page (and its neighbours when the month is new: their links change), the
        month's search shard and the shard list, the static pages (skipped when unchanged) and the
        neighbouring posts.
        """
        manifest = site.manifest
        month = urls.month_of(day)
        pages = [*self.site_pages(site), *self.sitemap_months(site, [month])]
        pages += [self.month_page(site, m) for m in self._listed_months(day, manifest)]
        pages += self.shard_pages(site, month)
        for neighbour in site.neighbours(day):
            if neighbour is not None:
                pages.append(self.post_page(site.edition(neighbour), site))
        return pages

    def site_pages(self, site: SiteView) -> list[Page]:
        """The pages that list the whole site: home, feeds, the sitemap index and its fixed part,
        the archive, the search shard list, and the static pages (skipped when unchanged)."""
        manifest = site.manifest
        return [
            self.home_page(site),
            *self.feed_pages(manifest),
            *self.sitemap_pages(manifest),
            self.archive_page(manifest),
            self._json(urls.SEARCH_SHARDS, search_index.shard_list(manifest.month_names())),
            *self.static_pages(),
        ]

    def month_of_pages(self, month: str, site: SiteView) -> list[Page]:
        """Everything a rebuild renders for one month: its posts, month page, sitemap part and
        search shard. Reads the month's editions only (and knows its neighbours from the manifest)."""
        posts = [p for d in reversed(site.manifest.days_of(month)) for p in self.day_pages(site.edition(d), site)]
        return [
            *posts,
            self.month_page(site, month),
            *self.sitemap_months(site, [month]),
            *self.shard_pages(site, month),
        ]

    def pages_for(self, days: Iterable[date], site: SiteView, all_months: bool = False) -> list[Page]:
        """Every page that changes when `days` change: added, refreshed, or gone from the site.
        `all_months` when the set of months changed too (their older/newer links move)."""
        pages = []
        for day in sorted(days):
            if day in site.manifest:
                pages += self.day_pages(site.edition(day), site)
            pages += self.listing_pages(day, site)
        if all_months:
            pages += [self.month_page(site, m) for m in site.manifest.month_names()]
        return list({page.key: page for page in pages}.values())

    def all_pages(self, site: SiteView) -> list[Page]:
        """The whole site in one list (tests and small sites)."""
        pages = {p.key: p for m in site.manifest.month_names() for p in self.month_of_pages(m, site)}
        pages.update((p.key, p) for p in self.site_pages(site))
        return list(pages.values())

    @staticmethod
    def _listed_months(day: date, manifest: Manifest) -> list[str]:
        """The month pages that list `day`'s month: its own, and its neighbours' when the month is new
        (their older/newer links change)."""
        month = urls.month_of(day)
        names = manifest.month_names()
        if month not in manifest.months or not manifest.months[month]:
            return []
        if len(manifest.months[month]) > 1:
            return [month]
        at = names.index(month)
        return names[max(at - 1, 0) : at + 2]

    # Page builders.

    def home_page(self, site: SiteView) -> Page:
        days = site.manifest.recent_days()
        latest = site.edition(days[0].day) if days else None
        recent = days[1 : HOME_DAYS + 1]
        older = days[HOME_DAYS + 1] if len(days) > HOME_DAYS + 1 else None
        return self._page(
            urls.INDEX,
            "index.html",
            latest=latest,
            papers=latest.papers[:HOME_PAPERS] if latest else (),
            thumbnails=bool(latest and any(p.thumbnail for p in latest.papers[:HOME_PAPERS])),
            recent=recent,
            older_month=older.month if older else None,
            image=_image(site.manifest),
        )

    def feed_pages(self, manifest: Manifest) -> list[Page]:
        days = manifest.recent_days()[:FEED_DAYS]
        return [
            self._page(urls.FEED, "feed.xml", days=days),
            self._page(urls.ATOM, "atom.xml", days=days),
            self._json(urls.JSON_FEED, self.json_feed(days), indent=1),
        ]

    def json_feed(self, days: list[DaySummary]) -> dict[str, Any]:
        """JSON Feed 1.1: one item per day, newest first."""
        items = []
        for d in days:
            link = self.absolute(urls.post_html(d.day))
            item = {"id": link, "url": link, "title": post_title(d.day)}
            item["content_html"] = self.entry_html(d)
            item["summary"] = self.t("day_papers", n=d.count)
            item["date_published"] = iso(self.dated(d.day))
            item["date_modified"] = iso(d.ranked_at)
            if d.image:
                item["image"] = d.image
            items.append(item)
        return {
            "version": "https://jsonfeed.org/version/1.1",
            "title": self.settings.site_title,
            "home_page_url": self.absolute(urls.INDEX),
            "feed_url": self.absolute(urls.JSON_FEED),
            "description": self.t("site_description"),
            "language": self.t("html_lang"),
            "authors": [{"name": self.settings.author}],
            "items": items,
        }

    def entry_html(self, summary: DaySummary) -> str:
        """A day's ranking as HTML, the body of its feed entries."""
        return self.env.get_template("_entry.html").render(d=summary, absolute=self.absolute, urls=urls)

    def archive_page(self, manifest: Manifest) -> Page:
        """Every month, by year, newest first; counts are on the month pages, so that this page changes
        only when a month begins, and its size does not weigh on the daily run."""
        years: dict[str, list[str]] = {}
        for month in reversed(manifest.month_names()):
            years.setdefault(month[:4], []).append(month)
        return self._page(urls.ARCHIVE, "archive.html", years=years)  # no sharing image: it changes daily

    def sitemap_pages(self, manifest: Manifest) -> list[Page]:
        """The sitemap index and its part for the fixed pages. The index gives its parts no lastmod
        (the parts carry their pages' dates), so it changes only when a month begins."""
        latest = last_ranked(manifest.recent_days())
        fixed: list[tuple[str, datetime | None]] = [(urls.INDEX, latest), (urls.ARCHIVE, latest)]
        fixed += [(key, None) for key in (urls.TOPICS, urls.ORGS, urls.SEARCH)]
        parts = [(urls.sitemap_part(name), None) for name in ["site", *manifest.month_names()]]
        return [
            self._page(urls.SITEMAP, "sitemap_index.xml", entries=parts),
            self._page(urls.sitemap_part("site"), "sitemap.xml", entries=fixed),
        ]

    def sitemap_months(self, site: SiteView, months: list[str]) -> list[Page]:
        """The sitemap parts of `months`: each month page and its posts."""
        pages = []
        for month in months:
            days = [site.summary(d) for d in site.manifest.days_of(month)]
            if not days:
                continue
            entries = [(urls.month_page(month), last_ranked(days))]
            entries += [(urls.post_html(d.day), self.dated(d.day)) for d in days]
            pages.append(self._page(urls.sitemap_part(month), "sitemap.xml", entries=entries))
        return pages

    def month_page(self, site: SiteView, month: str) -> Page:
        """A month's archive page: its days with their top papers."""
        names = site.manifest.month_names()
        at = names.index(month)
        days = [site.summary(d) for d in site.manifest.days_of(month)]
        return self._page(
            urls.month_page(month),
            "month.html",
            month=month,
            days=days,
            older=names[at - 1] if at > 0 else None,
            newer=names[at + 1] if at + 1 < len(names) else None,
            image=days[0].image,
        )

    def shard_pages(self, site: SiteView, month: str) -> list[Page]:
        """The month's search shard, after its Korean summaries when it has some: a shard never
        points at a summaries file that is not there yet."""
        editions = [site.edition(d) for d in site.manifest.days_of(month)]
        korean = self.settings.language == "ko"
        found = search_index.summaries(month, editions) if korean else None
        pages = [self._json(urls.search_summaries(month), found)] if found else []
        return [*pages, self._json(urls.search_shard(month), search_index.shard(month, editions, korean))]

    def static_pages(self) -> list[Page]:
        """Pages that change only with the code or settings: the publisher skips them unchanged."""
        pages = [self._page(urls.STYLESHEET, "style.css")]
        for key in (urls.SCRIPT, urls.IMAGES_SCRIPT, urls.PLACEHOLDER, urls.FAVICON):  # copied as they are
            source, _, _ = self.env.loader.get_source(self.env, key.removeprefix("assets/"))  # type: ignore[union-attr]
            pages.append(Page(key, source.encode("utf-8")))
        pages += [self._page(key, template, **context) for key, template, context in STATIC]
        pages.append(self._page(urls.NOT_FOUND, "404.html", url=self.anywhere))
        return pages

    # Helpers.

    def absolute(self, key: str) -> str:
        return urls.absolute(self.settings.base_url, key)

    def anywhere(self, key: str) -> str:
        """A link that works from any URL (the 404 page is served at every missing path)."""
        return self.absolute(key) if self.settings.base_url else "/" + urls.path_of(key)

    def _page(self, key: str, template: str, **context: Any) -> Page:
        context.setdefault("url", partial(urls.relative, key))
        context.setdefault("image", None)
        context.setdefault("thumbnails", False)  # pages with thumbnails load the placeholder script
        text = self.env.get_template(template).render(here=key, absolute=self.absolute, urls=urls, **context)
        return Page(key, text.encode("utf-8"))

    @staticmethod
    def _json(key: str, data: Any, indent: int | None = None) -> Page:
        separators = None if indent else (",", ":")
        text = json.dumps(data, ensure_ascii=False, indent=indent, separators=separators)
        return Page(key, text.encode("utf-8"))


def post_title(day: date) -> str:
    return POST_TITLE.format(day=day.isoformat())


def post_heading(day: date) -> Markup:
    """The post title with its day as a <time> element."""
    when = Markup('<time datetime="{0}">{0}</time>').format(day.isoformat())
    return Markup(escape(POST_TITLE)).format(day=when)


def feed_updated(days: list[DaySummary]) -> str:
    """A feed's last update: its newest ranking, or the first HF day for a feed with no day yet."""
    latest = last_ranked(days)
    return iso(latest) if latest else iso(datetime.combine(FIRST_DAY, time.min, UTC))


def last_ranked(days: Iterable[DaySummary]) -> datetime | None:
    """When the newest ranking among `days` was made: a feed's or a listing's last change."""
    return max((d.ranked_at for d in days), default=None)


def iso(moment: datetime) -> str:
    """ISO 8601 to the second: HTML's `<time datetime>` allows at most three fractional digits."""
    return moment.isoformat(timespec="seconds")


def _image(manifest: Manifest) -> str | None:
    latest = manifest.latest
    return manifest.recent[latest].image if latest else None


def paragraphs(text: str) -> list[str]:
    """An abstract's paragraphs: split at blank lines (a single line break is only a wrap)."""
    return [part.strip() for part in _PARAGRAPH_BREAK.split(text) if part.strip()]


def md_escape(value: object) -> str:
    """Inline Markdown text: no emphasis, links, HTML or Liquid tags can come from data."""
    text = _MD_SPECIAL.sub(r"\\\1", str(value))
    text = _MD_ENTITY.sub("&amp;", text)
    return text.replace("{", "&#123;").replace("}", "&#125;")


def yaml_str(value: object) -> str:
    """A YAML scalar, safe whatever it holds: plain like the seed's when it is only words, spaces,
    dots and hyphens starting with a letter (never a number, date or keyword), else double-quoted
    (JSON strings are valid YAML)."""
    text = str(value)
    if _YAML_PLAIN.fullmatch(text) and text.lower() not in _YAML_WORDS:
        return text
    text = json.dumps(text, ensure_ascii=False)
    return text.replace("\u0085", "\\u0085").replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
