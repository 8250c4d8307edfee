"""Render stage: content models -> pages (key + bytes). No I/O but templates and `site.edition`."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from functools import partial
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from . import digest, search_index, urls
from .config import Settings
from .i18n import Catalogue, catalogue
from .models import FIRST_DAY, DayPaper, DaySummary, Digest, Edition, Manifest, Paper, PeriodSnapshot, SiteView
from .periods import KINDS, Kind, Period, of
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
DIGEST_TITLES = {"weekly": "Hugging Face Weekly Papers - {name}", "monthly": "Hugging Face Monthly Papers - {name}"}
HOME_DIGEST = 5  # the latest closed week's top papers on the home page
PERIOD_FEED_ITEMS = {"weekly": 8, "monthly": 6}  # closed periods in the weekly and monthly feeds
PERIOD_FEED_PAPERS = 10  # papers listed in a period's feed item
PAPER_FEED_DAYS = 3  # the paper feeds hold every paper of the latest days
PAPER_FEED_TOP = 10  # papers/feed-top10.xml: only these of each day
ABSTRACT_FOLD = 400  # a longer abstract is folded behind "Abstract"; under a Korean summary it is a link
HOME_EXCERPT = 220  # characters of an abstract on the home page when there is no summary
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
_YAML_PLAIN = re.compile(r"[^\W\d_](?:[\w.\- ]*[\w.])?")
_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
_YAML_WORDS = {"yes", "no", "true", "false", "on", "off", "null", "y", "n"}


@dataclass(slots=True)
class Needs:
    """What some pages are rendered from, for the publisher to load first: editions and snapshots."""

    days: set[date]
    periods: set[Period]  # their snapshots
    fallback: dict[Period, list[date]] = field(default_factory=dict)  # days read if it has no snapshot
    # months whose search shard is rendered -> their days, read unless the stored shard holds them
    shards: dict[str, list[date]] = field(default_factory=dict)

    def all_days(self, snapshots: dict[Period, PeriodSnapshot | None], held: Iterable[date] = ()) -> set[date]:
        """The days to read once the snapshots are: those asked for, those of the periods without one,
        and those of the shards but the days `held` (in a stored shard, as the manifest says)."""
        kept = set(held)
        return self._others(snapshots) | {d for days in self.shards.values() for d in days if d not in kept}

    def shard_only(self, snapshots: dict[Period, PeriodSnapshot | None]) -> dict[str, set[date]]:
        """Month -> the days read only for its shard: worth reading the stored shard instead."""
        others = self._others(snapshots)
        return {month: left for month, days in self.shards.items() if (left := set(days) - others)}

    def _others(self, snapshots: dict[Period, PeriodSnapshot | None]) -> set[date]:
        return self.days.union(*(days for q, days in self.fallback.items() if snapshots.get(q) is None))


@dataclass(frozen=True, slots=True)
class Change:
    """What a publish changes, so that `needs` and `listing_pages` render only the pages it moves.

    `moved`: a week or month gained its first day or lost its last (the pages listing every period,
    the period feeds and the neighbouring digests move). `new`: the days that join the site (their
    neighbours' posts link to them); None takes every day as new. The default assumes everything."""

    moved: bool = True
    new: frozenset[date] | None = None

    def is_new(self, day: date) -> bool:
        return self.new is None or day in self.new


EVERYTHING = Change()


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
        self.env.globals.update(digest_title=digest_title, period_label=self.period_label)
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

    def period_label(self, period: Period) -> str:
        """'2026-W03 (2026-01-12 – 2026-01-18)' for a week, 'January 2026' for a month."""
        if period.kind == "monthly":
            return self.month_label(period.name)
        return self.t("week_label", name=period.name, start=period.start.isoformat(), end=period.end.isoformat())

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

    def needs(self, days: Iterable[date], manifest: Manifest, change: Change = EVERYTHING) -> Needs:
        """What `pages_for(days)` renders from, for the publisher to load first: the days themselves,
        the newest days (home, paper feeds), the days of the months listed that the manifest has no
        summary of (month pages, sitemap parts), the days of their months' search shards (unless the
        stored shard holds them), the days next to them (their posts link to them), and the periods
        whose digests change, with their days (for those without a snapshot)."""
        days = list(days)
        wanted: set[date] = set(manifest.newest(PAPER_FEED_DAYS))
        periods = set(digest.latest_periods("weekly", manifest, 2))  # the home page's closed week
        shards = {urls.month_of(day): manifest.days_of(urls.month_of(day)) for day in days}
        for day in days:
            wanted.add(day)
            listed = (d for m in self._listed_months(day, manifest) for d in manifest.days_of(m))
            wanted.update(d for d in listed if d not in manifest.recent)  # the others: their summaries
            if change.is_new(day):
                wanted.update(d for d in manifest.neighbours(day) if d is not None)
            periods.update(q for kind in KINDS for q in self._listed_periods(day, kind, manifest, change.moved))
        fallback = {q: manifest.days_between(q.start, q.end) for q in periods}
        feeds = {  # a feed lists periods with a snapshot: their snapshots only
            q
            for kind in KINDS
            if change.moved and any(self._new_period(day, kind, manifest) for day in days)
            for q in digest.candidates(kind, manifest, PERIOD_FEED_ITEMS[kind])
        }
        return Needs({d for d in wanted if d in manifest}, periods | feeds, fallback, shards)

    def listing_pages(self, day: date, site: SiteView, change: Change = EVERYTHING) -> list[Page]:
        """Every other page that changes when `day` is (re)published: with `change.moved` (the day is
        the first or was the last of its week or month) also the pages that list every period.

        Home, feeds, the sitemap index with the site's and the month's parts, the archive, the
        day's month page (and its neighbours when the month is new: their links change), the
        month's search shard and the shard list, the static pages (skipped when unchanged), the
        neighbouring posts, and the digests of the day's week and month (and of their neighbours
        when the period is new).
        """
        manifest = site.manifest
        month = urls.month_of(day)
        pages = [*self.site_pages(site, change.moved)]
        pages += self.sitemap_months(site, self._sitemap_months(day, site, change))
        pages += [self.month_page(site, m) for m in self._listed_months(day, manifest)]
        pages += self.shard_pages(site, month)
        for neighbour in site.neighbours(day) if change.is_new(day) else ():  # posts link by date only
            if neighbour is not None:
                pages.append(self.post_page(site.edition(neighbour), site))
        for kind in KINDS:
            listed = self._listed_periods(day, kind, manifest, change.moved)
            pages += [p for q in listed for p in self.digest_pages(q, site)]
            new_period = change.moved and self._new_period(day, kind, manifest)
            late = change.is_new(day) and self.feed_needs([day], site) & {of(kind, day)}  # in a listed period
            if new_period or late:
                pages += self.period_feed_pages(kind, site)
        return pages

    def listing_keys(self, day: date, site: SiteView) -> set[str]:
        """The listing pages that show `day` while it is in the site: its month's page and search shard
        (and Korean summaries, if it has some); its month's sitemap part once its week has ended; its
        week's and month's digests (they count their days; the Markdown only of a period that has
        ended, as for a backfilled day: an open one has none); the posts before and after it (they link
        to it); the feeds, paper feeds and home page while it is among their newest days. A day new
        to the site therefore changes each."""
        month = urls.month_of(day)
        keys = {urls.month_page(month), urls.search_shard(month)}
        keys.update(urls.post_html(d) for d in site.neighbours(day) if d is not None)
        if in_sitemap(day, site.manifest):
            keys.add(urls.sitemap_part(month))
        if self.settings.language == "ko" and any(p.summary_ko for p in site.edition(day).papers):
            keys.add(urls.search_summaries(month))
        for period in (of(kind, day) for kind in KINDS):
            keys.add(urls.period_html(period))
            if not digest.is_open(period, site):
                keys.add(urls.period_md(period))
        newest = [d.day for d in site.manifest.recent_days()[:FEED_DAYS]]
        if day in newest:
            keys.update((urls.FEED, urls.ATOM, urls.JSON_FEED))
        if day in newest[: HOME_DAYS + 1]:
            keys.add(urls.INDEX)
        if day in newest[:PAPER_FEED_DAYS]:
            keys.update((urls.PAPERS_FEED, urls.PAPERS_TOP_FEED, urls.PAPERS_JSON_FEED))
        return keys

    def feed_needs(self, days: Iterable[date], site: SiteView) -> set[Period]:
        """The snapshots the kinds' feeds need once the days' own periods are loaded: a feed lists the
        newest closed periods with a snapshot, so a day of one of those changes its links."""
        wanted: set[Period] = set()
        for day in days:
            for kind in KINDS:
                period = of(kind, day)
                window = digest.candidates(kind, site.manifest, PERIOD_FEED_ITEMS[kind])
                if period in window and site.snapshots.get(period) is not None:
                    wanted.update({period, *window})
        return wanted

    @staticmethod
    def _new_period(day: date, kind: Kind, manifest: Manifest) -> bool:
        """`day` begins its period, or was its last: the feeds' window of periods moves."""
        period = of(kind, day)
        days = manifest.days_between(period.start, period.end)
        return not days or days[0] == day

    def site_pages(self, site: SiteView, indexes: bool = True) -> list[Page]:
        """The pages that list the whole site: home, feeds, the paper feeds and the static pages
        (skipped when unchanged); with `indexes`, also those that list every month and period
        (`index_pages`)."""
        manifest = site.manifest
        pages = [
            self.home_page(site),
            *self.feed_pages(manifest),
            *self.static_pages(),
            *self.paper_feed_pages(site),
        ]
        return pages + (self.index_pages(manifest) if indexes else [])

    @staticmethod
    def periods_moved(days: Iterable[date], before: Manifest, after: Manifest) -> bool:
        """Whether publishing `days` changed the set of weeks or months with days (`listing_pages`'s
        `indexes`): one of them is the first of its period, or was its last."""
        for day in days:
            for kind in KINDS:
                period = of(kind, day)
                if bool(before.days_between(period.start, period.end)) != bool(
                    after.days_between(period.start, period.end)
                ):
                    return True
        return False

    def index_pages(self, manifest: Manifest) -> list[Page]:
        """The pages that list every month and period: the archive, the sitemap index and its periods
        part, the search shard list. They change only when a week or month begins or loses its last
        day, so a daily run renders them only then (their cost grows with the history)."""
        return [
            self.archive_page(manifest),
            *self.sitemap_pages(manifest),
            self._json(urls.SEARCH_SHARDS, search_index.shard_list(manifest.month_names())),
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
            *(p for q in self.periods_of_month(month, site.manifest) for p in self.digest_pages(q, site)),
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
        pages.update((p.key, p) for p in self.site_listings(site))
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

    @staticmethod
    def _listed_periods(day: date, kind: Kind, manifest: Manifest, moved: bool = True) -> list[Period]:
        """The digests that list `day`: its period's, and its neighbours' when the period is new (their
        links change, and the one before is now closed) or lost its last day (only if `moved`)."""
        period = of(kind, day)
        days = manifest.days_between(period.start, period.end)
        if days and (days[0] != day or not moved):
            return [period]
        older, newer = digest.neighbours(period, manifest)
        return [q for q in (older, period if days else None, newer) if q is not None]

    @staticmethod
    def periods_of_month(month: str, manifest: Manifest) -> list[Period]:
        """The digests a rebuild renders with `month`: the month's, and each week whose last published
        day is in it (a week's earlier days may be in the month before: `period_days`)."""
        days = manifest.days_of(month)
        if not days:
            return []
        weeks = {of("weekly", d) for d in days}
        last = {w for w in weeks if manifest.days_between(w.start, w.end)[-1].isoformat()[:7] == month}
        return [of("monthly", days[0]), *sorted(last)]

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
            week=self.home_digest(site),
            posted=site.manifest,
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
        return self._feed_json(None, urls.JSON_FEED, items)

    def entry_html(self, summary: DaySummary) -> str:
        """A day's ranking as HTML, the body of its feed entries."""
        return self.env.get_template("_entry.html").render(d=summary, absolute=self.absolute, urls=urls)

    def archive_page(self, manifest: Manifest) -> Page:
        """Every month, by year, newest first; counts are on the month pages, so that this page changes
        only when a month begins, and its size does not weigh on the daily run."""
        years: dict[str, list[str]] = {}
        for month in reversed(manifest.month_names()):
            years.setdefault(month[:4], []).append(month)
        periods: dict[str, dict[str, list[Period]]] = {kind: {} for kind in KINDS}
        for kind in KINDS:
            for period in reversed(manifest.periods(kind)):  # under the year of its first day (a week spans two)
                first = period.start
                if first.year != period.end.year:
                    first = manifest.days_between(period.start, period.end)[0]
                periods[kind].setdefault(str(first.year), []).append(period)
        # no sharing image: the newest day's would change the page every day
        return self._page(urls.ARCHIVE, "archive.html", years=years, periods=periods)

    def sitemap_pages(self, manifest: Manifest) -> list[Page]:
        """The sitemap index and its periods part. The index gives its parts no lastmod (the parts carry
        their pages' dates), so it changes only when a month or period begins."""
        parts = [(urls.sitemap_part(name), None) for name in ["site", *manifest.month_names()]]
        parts += [(urls.PERIODS_SITEMAP, None)] if manifest else []
        return [
            self._page(urls.SITEMAP, "sitemap_index.xml", entries=parts),
            *([self.periods_sitemap(manifest)] if manifest else []),
        ]

    def sitemap_months(self, site: SiteView, months: list[str]) -> list[Page]:
        """The sitemap parts of `months`: each month page and the posts of its days whose week has
        ended (`in_sitemap`), dated by day."""
        pages = []
        for month in months:
            if not site.manifest.days_of(month):
                continue
            days = [d for d in site.manifest.days_of(month) if in_sitemap(d, site.manifest)]
            entries = [(urls.month_page(month), self.dated(max(days)) if days else None)]
            entries += [(urls.post_html(d), self.dated(d)) for d in days]
            pages.append(self._page(urls.sitemap_part(month), "sitemap.xml", entries=entries))
        return pages

    @staticmethod
    def _sitemap_months(day: date, site: SiteView, change: Change) -> list[str]:
        """The sitemap parts that `day` changes: its month's, if its week has ended and the day is new
        (or a month or week begins or ends: `change.moved`); and then also those of the days whose week
        has just ended."""
        manifest = site.manifest
        months = set()
        if change.moved or (in_sitemap(day, manifest) and change.is_new(day)):
            months.add(urls.month_of(day))
        week = of("weekly", day)
        before = manifest.before(week.start) if change.moved else None
        if before is not None:
            ended = manifest.days_between(of("weekly", before).start, week.start - timedelta(days=1))
            months.update(urls.month_of(d) for d in ended)
        return sorted(months)

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
        points at a summaries file that is not there yet. Each day's entries come from its edition
        when it is loaded, else from the stored shard (`site.shard_days`, checked by `stored_shard`):
        the same bytes either way."""
        korean = self.settings.language == "ko"
        days = {}
        for day in site.manifest.days_of(month):
            if day in site.editions or day not in site.shard_days:
                days[day] = search_index.day_entries(site.edition(day), korean)
            else:
                days[day] = site.shard_days[day]
        shard, found = search_index.assemble(month, days)
        pages = [self._json(urls.search_summaries(month), found)] if found else []
        return [*pages, self._json(urls.search_shard(month), shard)]

    def day_summary(self, edition: Edition) -> DaySummary:
        """What the manifest keeps of a day, with the fingerprint of its search shard entries."""
        entries = search_index.day_entries(edition, self.settings.language == "ko")
        return DaySummary.of(edition, shard=search_index.fingerprint(entries))

    @staticmethod
    def stored_shard(month: str, days: Iterable[date], manifest: Manifest, bodies: tuple[Any, Any]) -> dict[date, Any]:
        """The days of `days` whose entries the stored shard and summaries (`bodies`, parsed JSON or
        None) hold as published: they hash to the fingerprint in the manifest's summary of the day.
        A day the manifest has no fingerprint of is not taken from the shard."""
        recovered = search_index.recover(month, *bodies)
        prints = {d: s.shard for d in days if (s := manifest.recent.get(d)) is not None}
        return search_index.kept(recovered, prints)

    @staticmethod
    def shard_summaries_wanted(stored: Any) -> bool:
        """Whether a stored shard's summaries file is needed to recover its days."""
        return search_index.wants_summaries(stored)

    def static_pages(self) -> list[Page]:
        """Pages that change only with the code or settings: the publisher skips them unchanged."""
        fixed = [(key, None) for key in (urls.INDEX, urls.ARCHIVE, urls.TOPICS, urls.ORGS, urls.SEARCH)]
        pages = [self._page(urls.STYLESHEET, "style.css")]
        # the sitemap's part for the pages that are not a day's, a month's or a period's: no lastmod
        # (home and archive change every day, and crawlers visit them anyway)
        pages.append(self._page(urls.sitemap_part("site"), "sitemap.xml", entries=fixed))
        for key in (urls.SCRIPT, urls.IMAGES_SCRIPT, urls.PLACEHOLDER, urls.FAVICON):  # copied as they are
            source, _, _ = self.env.loader.get_source(self.env, key.removeprefix("assets/"))  # type: ignore[union-attr]
            pages.append(Page(key, source.encode("utf-8")))
        pages += [self._page(key, template, **context) for key, template, context in STATIC]
        pages.append(self._page(urls.NOT_FOUND, "404.html", url=self.anywhere))
        # last: the stamp of all of them, which a daily run compares instead of each (SitePublisher)
        stamp = {"v": 1, "pages": {p.key: hashlib.sha256(p.body).hexdigest() for p in pages}}
        return [*pages, self._json(urls.STATIC_STAMP, stamp)]

    # Digests: the weekly and monthly pages, their feeds, and the feeds of single papers.

    def snapshot_pages(self, period: Period, site: SiteView) -> list[Page]:
        """What a period's snapshot changes: its kind's feeds, the home page's week, and its own page,
        last (`SitePublisher.settle_period` takes a current page for a finished settling)."""
        pages = self.period_feed_pages(period.kind, site) + ([self.home_page(site)] if period.kind == "weekly" else [])
        return pages + self.digest_pages(period, site)

    def site_listings(self, site: SiteView, periods: Iterable[Period] = ()) -> list[Page]:
        """What a rebuild renders after the months: the pages that list the whole site, each kind's
        feeds, and the pages of `periods` (whose snapshot changed during the rebuild)."""
        pages = self.site_pages(site) + [p for kind in KINDS for p in self.period_feed_pages(kind, site)]
        listed = [q for q in sorted(periods) if site.manifest.days_between(q.start, q.end)]
        return pages + [p for q in listed for p in self.digest_pages(q, site)]

    def rebuild_needs(self, days: Iterable[date], periods: Iterable[Period], manifest: Manifest) -> Needs:
        """What `pages_for(days)` and `site_listings(periods)` render from."""
        needs = self.needs(days, manifest)
        for kind in KINDS:
            needs.periods.update(digest.candidates(kind, manifest, PERIOD_FEED_ITEMS[kind]))
        for period in periods:
            needs.periods.add(period)
            needs.fallback[period] = manifest.days_between(period.start, period.end)
        return needs

    def period_needs(self, period: Period, manifest: Manifest) -> Needs:
        """What `snapshot_pages(period)` renders from: the period's days, its kind's feed periods
        (snapshots), and what the home page needs."""
        needs = self.needs([], manifest)
        needs.periods.update([period, *digest.candidates(period.kind, manifest, PERIOD_FEED_ITEMS[period.kind])])
        needs.fallback[period] = manifest.days_between(period.start, period.end)
        return needs

    def digest_pages(self, period: Period, site: SiteView) -> list[Page]:
        """A period's page, with links to the periods before and after it, after its Markdown post once
        the period has ended: the post is dated the period's last day, so Jekyll would not publish it
        while the period is open (its page does not link to it then). The HTML comes last: closing
        checks it alone (`SitePublisher._period_page_current`)."""
        older, newer = digest.neighbours(period, site.manifest)
        built = digest.build(period, site, self.settings.digest_top_n)
        context = {"digest": built, "older": older, "newer": newer, "posted": site.manifest}
        md = [] if built.state == "open" else [self._page(urls.period_md(period), "digest.md", **context)]
        return [*md, self._page(urls.period_html(period), "digest.html", **context)]

    def home_digest(self, site: SiteView) -> Digest | None:
        """The latest closed week, for the home page."""
        closed = digest.closed_periods("weekly", site, 1)
        return digest.build(closed[-1], site, HOME_DIGEST) if closed else None

    def period_feed_pages(self, kind: Kind, site: SiteView) -> list[Page]:
        """RSS, Atom and JSON Feed of the latest closed periods of a kind that have a snapshot, one item each."""
        closed = digest.closed_periods(kind, site, PERIOD_FEED_ITEMS[kind])[::-1]
        # only rankings with the likes read after the period ended: a feed item is final (and the
        # feed costs no reading of days)
        digests = [digest.build(p, site, PERIOD_FEED_PAPERS) for p in closed if site.snapshot(p) is not None]
        rss, atom, json_feed = urls.period_feeds(kind)
        context = {"kind": kind, "digests": digests, "posted": site.manifest, "updated": _as_of(digests)}
        return [
            self._page(rss, "digest_feed.xml", **context),
            self._page(atom, "digest_atom.xml", **context),
            self._json(json_feed, self.digest_json_feed(kind, digests, site), indent=1),
        ]

    def digest_json_feed(self, kind: Kind, digests: list[Digest], site: SiteView) -> dict[str, Any]:
        items = []
        for d in digests:
            link = self.absolute(urls.period_html(d.period))
            item: dict[str, Any] = {"id": link, "url": link, "title": digest_title(d.period)}
            item["content_html"] = self.env.get_template("_digest_entry.html").render(
                d=d, posted=site.manifest, absolute=self.absolute, urls=urls
            )
            item["date_published"] = iso(self.dated(d.period.end))
            if d.as_of:
                item["date_modified"] = iso(d.as_of)
            items.append(item)
        title = self.t("weekly_feed") if kind == "weekly" else self.t("monthly_feed")
        return self._feed_json(title, urls.period_feeds(kind)[2], items)

    def paper_feed_pages(self, site: SiteView) -> list[Page]:
        """One item per paper of the latest days: every paper, and only each day's top 10."""
        latest = site.manifest.newest(PAPER_FEED_DAYS)
        entries = [DayPaper(d, p) for d in latest for p in site.edition(d).papers]
        top = [DayPaper(d, p) for d in latest for p in site.edition(d).papers[:PAPER_FEED_TOP]]
        updated = last_ranked(site.manifest.recent[d] for d in latest)
        return [
            self._page(urls.PAPERS_FEED, "papers_feed.xml", entries=entries, updated=updated, top=False),
            self._page(urls.PAPERS_TOP_FEED, "papers_feed.xml", entries=top, updated=updated, top=True),
            self._json(urls.PAPERS_JSON_FEED, self.papers_json_feed(entries), indent=1),
        ]

    def papers_json_feed(self, entries: list[DayPaper]) -> dict[str, Any]:
        items = []
        template = self.env.get_template("_paper_entry.html")
        for e in entries:
            assert e.day is not None  # the paper feeds are built from published days
            link = self.absolute(urls.post_html(e.day)) + "#" + e.paper.id
            item: dict[str, Any] = {"id": link, "url": link, "title": self.paper_title(e.paper)}
            item["content_html"] = template.render(p=e.paper)
            item["date_published"] = iso(self.dated(e.day))
            item["external_url"] = e.paper.hf_url
            if e.paper.ai_keywords:
                item["tags"] = list(e.paper.ai_keywords)
            if e.paper.thumbnail:
                item["image"] = e.paper.thumbnail
            items.append(item)
        return self._feed_json(self.t("papers_feed"), urls.PAPERS_JSON_FEED, items)

    def paper_title(self, paper: Paper) -> str:
        """A paper feed item's title: the Korean title on a Korean site when the paper has one."""
        return paper.title_ko if self.settings.language == "ko" and paper.title_ko else paper.title

    def periods_sitemap(self, manifest: Manifest) -> Page:
        """Every digest page, without lastmod: the open periods' pages change daily, and so this part
        changes only when a period begins."""
        entries = [(urls.period_html(q), None) for kind in KINDS for q in manifest.periods(kind)]
        return self._page(urls.PERIODS_SITEMAP, "sitemap.xml", entries=entries)

    def _feed_json(self, title: str | None, key: str, items: list[dict[str, Any]]) -> dict[str, Any]:
        """A JSON Feed 1.1 of the site (the day feed), or of its `title` part (periods, papers)."""
        return {
            "version": "https://jsonfeed.org/version/1.1",
            "title": f"{self.settings.site_title} · {title}" if title else self.settings.site_title,
            "home_page_url": self.absolute(urls.INDEX),
            "feed_url": self.absolute(key),
            "description": self.t("site_description"),
            "language": self.t("html_lang"),
            "authors": [{"name": self.settings.author}],
            "items": items,
        }

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


def digest_title(period: Period) -> str:
    return DIGEST_TITLES[period.kind].format(name=period.name)


def _as_of(digests: list[Digest]) -> datetime | None:
    return max((d.as_of for d in digests if d.as_of), default=None)


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


def in_sitemap(day: date, manifest: Manifest) -> bool:
    """Whether `day`'s post is in its month's sitemap part: once its week has ended (a later week has a
    day), so that a part changes once a week, not every day. Until then it is in the feed, which
    robots.txt names as a sitemap too (sitemaps.org accepts RSS for recent pages)."""
    return digest.closed(of("weekly", day), manifest)
