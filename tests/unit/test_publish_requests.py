"""What a publish asks the store, and what it skips asking: each shortcut is checked for what it
saves and for the case where skipping would be wrong."""

import json
import shutil
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from daily_papers import urls
from daily_papers.config import Settings
from daily_papers.events import PublishDay, Rebuild
from daily_papers.models import DayPaper, DaySummary, Manifest, PeriodSnapshot, SiteView
from daily_papers.periods import KINDS, Period, of
from daily_papers.render import SiteRenderer
from daily_papers.store import LocalStore
from daily_papers.wiring import make_service
from tests.support.history import CountingStore, history_days, seed_data, synthetic_edition
from tests.support.site_check import drift
from tests.unit.fakes import FakeSource

pytestmark = pytest.mark.unit

NEW_DAY = date(2026, 11, 25)  # a Wednesday: an ordinary scheduled run
NOW = datetime(2026, 11, 26, 0, 15, tzinfo=UTC)
BASE = {"SITE_BASE_URL": "https://papers.example.org"}


class Refreshed(FakeSource):
    """HF on the morning after `new`: the new day, and the two before it with more likes."""

    def __init__(self, new: date):
        super().__init__()
        self.new = new

    def fetch_day(self, day, deadline=None):
        papers = list(synthetic_edition(day).papers)
        return papers if day == self.new else [replace(p, upvotes=p.upvotes + (self.new - day).days) for p in papers]

    def fetch_period(self, period, deadline=None):
        return [p for d in period.days() if d.weekday() < 5 for p in self.fetch_day(d)]


def published_site(tmp_path, days: int, **env: str) -> LocalStore:
    store = LocalStore(tmp_path / f"site-{days}")
    seed_data(store, history_days(days, NEW_DAY))
    settings = Settings.from_env({"REFRESH_DAYS": "0", **BASE, **env})
    make_service(settings, FakeSource(), store, clock=lambda: NOW).run(Rebuild())
    return store


def scheduled_run(store, day: date = NEW_DAY, **env: str) -> CountingStore:
    counting = CountingStore(store)
    settings = Settings.from_env({"REFRESH_DAYS": "2", **BASE, **env})
    clock = lambda: datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC)  # noqa: E731
    make_service(settings, Refreshed(day), counting, clock=clock).run(PublishDay(day, scheduled=True))
    return counting


def ordinary_run(store) -> CountingStore:
    """Wednesday's run, after Monday's (which closed the week and the month before) and Tuesday's."""
    for day in (NEW_DAY - timedelta(days=2), NEW_DAY - timedelta(days=1)):
        scheduled_run(store, day)
    return scheduled_run(store)


def test_the_scheduled_run_asks_the_store_little_and_the_same_however_long_the_history(tmp_path):
    small, large = ordinary_run(published_site(tmp_path, 20)), ordinary_run(published_site(tmp_path, 300))
    assert dict(large.calls) == dict(small.calls)
    # a HEAD before every write was ~60 of them; what is left: the static stamp, the manifest and 3
    # snapshots after writing, the closed week's and month's pages. The month's editions (for its
    # open digest, which has no snapshot yet; its search shard would be updated in place) are most
    # of the GETs: make bench prints the total
    assert large.calls["HEAD"] <= 7 and large.calls["GET"] <= 30
    # the new day and the refreshed one (data, post, Markdown: 6), the post before the new day, the
    # manifest, home, 3 feeds, 3 paper feeds, the month's page, shard and summaries, and the open week's
    # and month's pages (not their Markdown, nor the month's sitemap part: both wait for the period)
    assert large.calls["PUT"] <= 20


def test_a_sitemap_part_changes_once_a_week_not_with_every_day(tmp_path):
    store = published_site(tmp_path, 20)
    monday = scheduled_run(store, NEW_DAY - timedelta(days=2))  # the week of the 16th ended
    assert urls.sitemap_part("2026-11") in monday.keys["PUT"]
    for day in (NEW_DAY - timedelta(days=1), NEW_DAY):  # days of the open week: in the feed only
        run = scheduled_run(store, day)
        assert not [k for op in ("HEAD", "PUT") for k in run.keys[op] if k.startswith("sitemaps/")]
    part = (tmp_path / "site-20" / urls.sitemap_part("2026-11")).read_text()
    assert "posts/2026-11-22/" in part and "posts/2026-11-23/" not in part
    assert "posts/2026-11-25/" in (tmp_path / "site-20" / urls.FEED).read_text()


def test_a_monday_that_begins_a_month_puts_the_week_that_ended_into_the_month_before(tmp_path):
    monday = date(2026, 6, 1)
    store = LocalStore(tmp_path / "site")
    seed_data(store, history_days(20, monday - timedelta(days=1)))
    make_service(Settings.from_env({"REFRESH_DAYS": "0", **BASE}), FakeSource(), store, clock=lambda: NOW).run(
        Rebuild()
    )
    assert "posts/2026-05-29/" not in (tmp_path / "site" / urls.sitemap_part("2026-05")).read_text()
    scheduled_run(store, monday, REFRESH_DAYS="0")  # no refreshed May day to bring May along
    assert "posts/2026-05-29/" in (tmp_path / "site" / urls.sitemap_part("2026-05")).read_text()
    assert drift(store, SiteRenderer(Settings.from_env(BASE))) == []


def test_an_ordinary_run_writes_the_open_weeks_and_months_page_but_no_markdown_post(tmp_path):
    run = ordinary_run(published_site(tmp_path, 20))
    week, month = of("weekly", NEW_DAY), of("monthly", NEW_DAY)
    assert {urls.period_html(week), urls.period_html(month)} <= set(run.keys["PUT"])
    # a Jekyll post dated a day still to come: written once, by the run that closes its period
    asked = {k for op in ("HEAD", "GET", "PUT") for k in run.keys[op]}
    assert not {k for k in asked if k.endswith("/index.md") and not k.startswith("posts/")}


def test_static_pages_are_checked_through_their_stamp_and_rewritten_when_it_changes(tmp_path):
    store = published_site(tmp_path, 20)
    static = {p.key for p in SiteRenderer(Settings.from_env(BASE)).static_pages()}
    # Given a site whose static pages and stamp are stored, a run asks only for the stamp
    run = ordinary_run(store)
    asked = {k for op in ("HEAD", "GET", "PUT") for k in run.keys[op]}
    assert asked & static == {urls.STATIC_STAMP}
    # When the code or settings change a static page, the stamp differs and the pages are rewritten
    moved = {"SITE_BASE_URL": "https://moved.example.org"}
    run = scheduled_run(store, NEW_DAY + timedelta(days=1), **moved)
    assert {urls.ROBOTS, urls.NOT_FOUND, urls.STATIC_STAMP} <= set(run.keys["PUT"])
    assert b"moved.example.org" in (tmp_path / "site-20" / urls.ROBOTS).read_bytes()
    put = run.keys["PUT"]
    assert put.index(urls.STATIC_STAMP) > max(put.index(k) for k in (urls.ROBOTS, urls.NOT_FOUND))


def test_a_static_page_lost_while_its_stamp_is_stored_is_restored_by_a_rebuild(tmp_path):
    store = published_site(tmp_path, 20)
    (tmp_path / "site-20" / urls.ROBOTS).unlink()
    scheduled_run(store)  # the stamp stands for the static pages: the daily run does not look
    make_service(Settings.from_env(BASE), FakeSource(), store, clock=lambda: NOW).run(Rebuild())
    assert (tmp_path / "site-20" / urls.ROBOTS).exists()


def test_every_page_said_to_list_a_new_day_changes_when_it_joins_the_site():
    # the run writes these without asking what is stored: each must really differ from before
    renderer = SiteRenderer(Settings.from_env({**BASE, "SITE_LANGUAGE": "ko"}))
    editions = [synthetic_edition(d) for d in history_days(45, NEW_DAY)]
    new = synthetic_edition(NEW_DAY)
    # no period has a snapshot
    none: dict[Period, PeriodSnapshot | None] = {of(k, e.day): None for e in [*editions, new] for k in KINDS}
    before = SiteView(Manifest.of(DaySummary.of(e) for e in editions), editions, snapshots=none)
    after = SiteView(Manifest.of(DaySummary.of(e) for e in [*editions, new]), [*editions, new], snapshots=none)
    old = {p.key: p.body for p in renderer.listing_pages(editions[-1].day, before)}
    old[urls.post_html(editions[-1].day)] = renderer.post_page(editions[-1], before).body  # the newest post
    now = {p.key: p.body for p in renderer.listing_pages(NEW_DAY, after)}
    claimed = renderer.listing_keys(NEW_DAY, after)
    assert {urls.INDEX, urls.FEED, urls.PAPERS_FEED, urls.search_summaries("2026-11")} <= claimed
    assert urls.post_html(editions[-1].day) in claimed  # it links to the new day now
    assert claimed <= now.keys()
    for key in claimed:
        assert old.get(key) != now[key], f"{key} is said to change, but did not"
    # the open week and month have no Markdown post to claim
    assert not {urls.period_md(of(k, NEW_DAY)) for k in KINDS} & claimed


@pytest.mark.parametrize("snapshot", [False, True], ids=["closed", "snapshot"])
def test_a_backfilled_day_of_an_ended_period_changes_its_markdown_post_too(snapshot):
    renderer = SiteRenderer(Settings.from_env(BASE))
    editions = [synthetic_edition(d) for d in history_days(45, NEW_DAY)]
    saturday = date(2026, 10, 17)  # a day of an ended week and month, published late
    new = synthetic_edition(saturday)
    week = of("weekly", saturday)
    snaps: dict[Period, PeriodSnapshot | None] = {of(k, e.day): None for e in [*editions, new] for k in KINDS}
    if snapshot:
        snaps[week] = PeriodSnapshot(week, tuple(DayPaper(saturday, p) for p in new.papers), NOW, len(new.papers))
    before = SiteView(Manifest.of(DaySummary.of(e) for e in editions), editions, snapshots=snaps)
    after = SiteView(Manifest.of(DaySummary.of(e) for e in [*editions, new]), [*editions, new], snapshots=snaps)
    old = {p.key: p.body for p in renderer.listing_pages(saturday - timedelta(days=1), before)}
    now = {p.key: p.body for p in renderer.listing_pages(saturday, after)}
    claimed = renderer.listing_keys(saturday, after)
    assert {urls.period_md(of(k, saturday)) for k in KINDS} <= claimed <= now.keys()
    for key in claimed:
        assert old.get(key) != now[key], f"{key} is said to change, but did not"


def test_closing_reads_neither_the_manifest_nor_a_snapshot_the_publish_just_read(tmp_path):
    store = published_site(tmp_path, 20)
    run = ordinary_run(store)  # Monday's run closed the week before
    assert run.keys["GET"].count(urls.MANIFEST) == 1
    gets = [k for k in run.keys["GET"] if k.startswith("data/weekly/")]
    assert len(gets) == len(set(gets))
    # and the closed week's page is checked by the one page written last
    assert [k for k in run.keys["HEAD"] if k.startswith("weekly/2026-W47/")] == ["weekly/2026-W47/index.html"]


def test_the_run_that_closes_a_week_reads_its_days_once(tmp_path):
    # Monday's publish renders the week that ended from its days (it has no snapshot yet); taking the
    # snapshot files HF's papers under those same days, as the publish read them
    monday = scheduled_run(published_site(tmp_path, 20), NEW_DAY - timedelta(days=2))
    week = [urls.day_data(d) for d in of("weekly", NEW_DAY - timedelta(days=7)).days()[:5]]  # not in the batch
    gets = [k for k in monday.keys["GET"] if k in week]
    assert gets and len(gets) == len(set(gets))


def test_a_day_the_run_read_is_compared_with_that_version_not_asked_for_again(tmp_path):
    store = published_site(tmp_path, 20)
    run = ordinary_run(store)
    data = [urls.day_data(NEW_DAY - timedelta(days=n)) for n in range(3)]
    assert not set(run.keys["HEAD"]) & set(data)
    # the new day and the refreshed one (two days back) changed: written; the day between waits
    assert set(run.keys["PUT"]) & set(data) == {data[0], data[2]}
    again = scheduled_run(store)
    assert not again.keys["PUT"]


DEC_2 = date(2026, 12, 2)  # refreshes Nov 30: November has its snapshot, so only its shard needs its days


@pytest.fixture(scope="module")
def december(tmp_path_factory):
    """A site published day by day up to Dec 1 (November closed), and November's shard after Nov 27."""
    root = tmp_path_factory.mktemp("december")
    store = published_site(root, 30)
    for n in range(1, 7):
        scheduled_run(store, NEW_DAY + timedelta(days=n))
        if n == 2:
            stale = (root / "site-30" / urls.search_shard("2026-11")).read_bytes()
    return root / "site-30", stale


def november_reads(run: CountingStore) -> set[str]:
    batch = {urls.day_data(DEC_2 - timedelta(days=n)) for n in range(3)}
    return {k for k in run.keys["GET"] if k.startswith(urls.month_data("2026-11"))} - batch


def december_run(december, tmp_path, damage=None) -> tuple[CountingStore, LocalStore]:
    shutil.copytree(december[0], tmp_path / "site")
    store = LocalStore(tmp_path / "site")
    if damage is not None:
        damage(tmp_path / "site" / urls.search_shard("2026-11"), december[1])
    return scheduled_run(store, DEC_2), store


def test_a_months_shard_is_updated_in_place_when_only_the_shard_needs_its_days(december, tmp_path):
    # Given a site whose November is closed (its digest is its snapshot, its page the manifest's summaries)
    run, store = december_run(december, tmp_path)
    # When Dec 2's run refreshes Nov 30, November's shard (and Korean summaries) are read, not its days
    assert {urls.search_shard("2026-11"), urls.search_summaries("2026-11")} <= set(run.keys["GET"])
    assert november_reads(run) == set()
    assert run.calls["GET"] <= 12
    # and the shard is the one a rebuild from every day gives
    assert urls.search_shard("2026-11") in run.keys["PUT"]
    assert drift(store, SiteRenderer(Settings.from_env(BASE))) == []


def stale(path, older):
    path.write_bytes(older)  # as a run that crashed after committing its manifest left it


DAMAGES = {
    "deleted": lambda path, older: path.unlink(),
    "truncated": lambda path, older: path.write_bytes(path.read_bytes()[:100]),
    "stale": stale,
    "an entry edited by hand": lambda path, older: edit_entry(path, "2026-11-16"),
}


def edit_entry(path, day: str) -> None:
    shard = json.loads(path.read_bytes())
    next(p for p in shard["papers"] if p["d"] == day)["t"] += " (edited)"
    path.write_text(json.dumps(shard, ensure_ascii=False))


@pytest.mark.parametrize("damage", sorted(DAMAGES))
def test_a_shard_that_is_not_as_published_is_built_again_from_the_days(december, tmp_path, damage):
    run, store = december_run(december, tmp_path, DAMAGES[damage])
    read = november_reads(run)
    if damage == "stale":  # only the days published (or refreshed) since it was written are read
        assert read == {urls.day_data(date(2026, 11, d)) for d in (26, 27, 28, 29)}
    elif damage == "an entry edited by hand":  # only the edited day
        assert read == {urls.day_data(date(2026, 11, 16))}
    else:
        assert len(read) > 15
    assert drift(store, SiteRenderer(Settings.from_env(BASE))) == []
