"""When the weekly and monthly digests close: the scheduled run after a period ends takes its snapshot once,
a failure never costs the day and is retried by the next run, and every run leaves the site matching
what is stored (a rebuild, which never calls HF, would change nothing)."""

import json
from datetime import UTC, date, datetime, timedelta

import pytest

from daily_papers.config import Settings
from daily_papers.events import Backfill, PublishDay, Rebuild
from daily_papers.exceptions import StoreError
from daily_papers.observability import metrics
from daily_papers.periods import month_of, week_of
from daily_papers.render import SiteRenderer
from daily_papers.wiring import make_service
from tests.support.emf import emitted
from tests.support.site_check import drift
from tests.unit.factories import paper
from tests.unit.fakes import FakeSource, MemoryStore

SITE_ENV = {"SITE_BASE_URL": "https://papers.example.org", "HF_MIN_INTERVAL": "0"}
SETTINGS = Settings.from_env(SITE_ENV)
RENDERER = SiteRenderer(SETTINGS)
WEEKDAYS = [date(2026, 2, 9) + timedelta(days=n) for n in range(5)]  # Monday 9 to Friday 13 February
W07, W08 = week_of(date(2026, 2, 9)), week_of(date(2026, 2, 16))


def papers_of(day: date, likes: int = 0) -> list:
    return [paper(f"{day:%y%m}.{day.day:02d}{i:03d}", upvotes=i + likes) for i in range(3)]


def scheduled(at: str) -> dict:
    return {"source": "aws.scheduler", "detail-type": "Scheduled Event", "time": at}


class Site:
    settings = SETTINGS

    def __init__(self, days=WEEKDAYS):
        self.store = MemoryStore()
        self.source = FakeSource({d: papers_of(d) for d in days})
        self.now = datetime(2026, 2, 14, 0, 15, tzinfo=UTC)
        for day in days:
            self.service().run(PublishDay(day))

    def service(self):
        return make_service(self.settings, self.source, self.store, clock=lambda: self.now)

    def run(self, at: str, **kwargs):
        self.now = datetime.fromisoformat(at.replace("Z", "+00:00"))
        return self.service().handle(scheduled(at), **kwargs)

    def snapshot(self, period):
        found = self.store.get(f"data/{period.kind}/{period.name}.json")
        return found and json.loads(found.body)

    def page(self, key: str) -> str:
        return self.store.get(key).body.decode()


@pytest.fixture(autouse=True)
def clean_metrics():
    metrics.clear_metrics()
    yield
    metrics.clear_metrics()


def test_the_run_after_sunday_closes_the_week_once_with_the_likes_of_then():
    site = Site()
    site.source.likes_later = 100  # likes grew after the days were published
    # When the Monday run comes (it publishes Sunday, which has no papers)
    outcome = site.run("2026-02-16T00:15:00Z")
    # Then the week is closed: its snapshot holds the likes of now, and its page is built from it
    assert outcome.status == "empty" and outcome.periods == {"2026-W07": "closed"}
    assert site.source.period_calls == [W07]
    taken = site.snapshot(W07)
    assert taken["total"] == 15 and taken["papers"][0]["upvotes"] == 102
    page = site.page("weekly/2026-W07/index.html")
    assert "👍 102" in page and "data/weekly/2026-W07.json" in outcome.keys and "weekly/feed.xml" in outcome.keys
    assert "2026-W07" in site.page("index.html") and "2026-W07" in site.page("weekly/feed.xml")
    assert drift(site.store, RENDERER) == []
    # And the next runs never fetch the week again, even as the week's days are refreshed
    site.source.days[date(2026, 2, 16)] = papers_of(date(2026, 2, 16))
    assert site.run("2026-02-17T00:15:00Z").status == "published"
    assert site.source.period_calls == [W07] and site.snapshot(W07) == taken
    assert drift(site.store, RENDERER) == []


def test_the_run_after_a_months_last_day_closes_the_month():
    days = [date(2026, 1, 29), date(2026, 1, 30), date(2026, 2, 2)]
    site = Site(days)
    assert site.run("2026-01-31T00:15:00Z").periods is None  # January is not over yet
    outcome = site.run("2026-02-01T00:15:00Z")  # publishes Saturday 31 January
    assert outcome.periods == {"2026-01": "closed"}
    assert site.snapshot(month_of(days[0]))["period"] == "2026-01"
    assert "monthly/feed.xml" in outcome.keys and "Monthly Papers - 2026-01" in site.page("monthly/feed.xml")
    assert drift(site.store, RENDERER) == []


class Recording(MemoryStore):
    """A MemoryStore that remembers the order of its writes."""

    def __init__(self, objects):
        super().__init__(objects)
        self.puts: list[str] = []

    def put(self, key, *args, **kwargs):
        self.puts.append(key)
        return super().put(key, *args, **kwargs)


@pytest.mark.parametrize(
    ("days", "at", "period"),
    [
        (WEEKDAYS, "2026-02-16T00:15:00Z", W07),  # the run after Sunday 15 February
        ([date(2026, 1, 29), date(2026, 1, 30)], "2026-02-01T00:15:00Z", month_of(date(2026, 1, 30))),
    ],
    ids=["week", "month"],
)
def test_the_closing_run_writes_the_periods_markdown_post_then_its_page(days, at, period):
    # Given a period whose days were published while it was open: its page only, no Markdown post
    site = Site(days)
    md, html = f"{period.kind}/{period.name}/index.md", f"{period.kind}/{period.name}/index.html"
    assert html in site.store.objects and md not in site.store.objects
    assert "index.md" not in site.page(html)
    # When the run after its last day closes it
    site.store = Recording(site.store.objects)
    assert site.run(at).periods == {period.name: "closed"}
    # Then it writes the Markdown post from the snapshot, and the page that links to it last
    assert [k for k in site.store.puts if k in (md, html)][-2:] == [md, html]
    assert "기준 Hugging Face 좋아요 순위" in site.page(md) and 'href="index.md"' in site.page(html)
    assert drift(site.store, RENDERER) == []


def test_a_closed_periods_markdown_post_lost_by_hand_is_named_by_drift_and_restored_by_a_rebuild():
    # Given a closed week: its page, written after its Markdown post, stands for both
    site = Site()
    site.run("2026-02-16T00:15:00Z")
    md = site.store.objects.pop("weekly/2026-W07/index.md")
    # When the post alone is deleted, the daily runs do not look (as for a static page under its stamp)
    site.run("2026-02-17T00:15:00Z")
    assert "weekly/2026-W07/index.md" not in site.store.objects
    # Then the drift check names it, and a rebuild writes it again
    assert drift(site.store, RENDERER) == ["weekly/2026-W07/index.md"]
    assert site.service().run(Rebuild()).status == "rebuilt"
    assert site.store.objects["weekly/2026-W07/index.md"][0] == md[0] and drift(site.store, RENDERER) == []


def test_a_rebuild_writes_the_markdown_post_of_every_ended_period_and_of_no_open_one():
    # Given a site whose week W05 and January ended with later days, W07 with its snapshot; February is open
    site = Site([date(2026, 1, 29), date(2026, 1, 30), *WEEKDAYS])
    site.run("2026-02-16T00:15:00Z")
    # When everything but the data is lost and rebuilt
    site.store.objects = {k: v for k, v in site.store.objects.items() if k.startswith("data/")}
    assert site.service().run(Rebuild()).status == "rebuilt"
    # Then each ended period has its Markdown post again, and the open month none
    posts = {k for k in site.store.objects if k.endswith("/index.md") and not k.startswith("posts/")}
    assert posts == {"weekly/2026-W05/index.md", "weekly/2026-W07/index.md", "monthly/2026-01/index.md"}
    assert "monthly/2026-02/index.html" in site.store.objects and drift(site.store, RENDERER) == []


def test_a_failed_period_fetch_costs_nothing_of_the_day_and_the_next_run_retries(capsys):
    site = Site()
    site.source.days[date(2026, 2, 15)] = papers_of(date(2026, 2, 15))  # a Sunday with papers
    site.source.broken_periods.add(W07)
    capsys.readouterr()
    # When HF fails the week on Monday's run
    outcome = site.run("2026-02-16T00:15:00Z")
    # Then Sunday is published, the week is not closed, and it is counted and said
    assert outcome.status == "published" and outcome.periods == {"2026-W07": "failed"}
    metrics.flush_metrics()
    assert emitted(capsys.readouterr().out)["DigestFailed"] == 1.0
    assert site.snapshot(W07) is None and "진행 중" in site.page("weekly/2026-W07/index.html")  # "so far"
    assert "weekly/2026-W07/index.md" not in site.store.objects and drift(site.store, RENDERER) == []
    # And Tuesday's run (even one that missed Monday) closes it
    site.source.broken_periods.clear()
    site.source.days[date(2026, 2, 16)] = papers_of(date(2026, 2, 16))
    assert site.run("2026-02-17T00:15:00Z").periods == {"2026-W07": "closed"}
    assert site.snapshot(W07) is not None and drift(site.store, RENDERER) == []
    assert "기간이 끝난 뒤" in site.page("weekly/2026-W07/index.html")  # "after the period ended"
    assert "기준 Hugging Face 좋아요 순위" in site.page("weekly/2026-W07/index.md")  # from the snapshot


def test_a_week_with_no_published_day_is_not_fetched():
    site = Site([date(2026, 2, 2)])  # only the week before
    assert site.run("2026-02-16T00:15:00Z").periods is None and site.source.period_calls == []


def test_running_out_of_time_leaves_the_period_for_the_next_run():
    site = Site()
    site.source.slow_periods.add(W07)
    assert site.run("2026-02-16T00:15:00Z").periods == {"2026-W07": "failed"}
    assert site.snapshot(W07) is None


def test_a_corrupt_snapshot_is_named_never_fatal_and_the_latest_is_taken_again():
    site = Site()
    site.run("2026-02-16T00:15:00Z")
    site.store.put("data/weekly/2026-W07.json", b'{"schema": 1, "kind": "weekly", "pap', "application/json")
    # A rebuild names it and builds the week from its days
    rebuilt = site.service().run(Rebuild())
    assert rebuilt.status == "rebuilt"
    assert [s["key"] for s in rebuilt.skipped_snapshots] == ["data/weekly/2026-W07.json"]
    assert "corrupt" in rebuilt.skipped_snapshots[0]["reason"] and drift(site.store, RENDERER) == []
    assert site.source.period_calls == [W07]  # a rebuild never calls HF
    # And the next scheduled run takes the week again, since it is the latest
    assert site.run("2026-02-17T00:15:00Z").periods == {"2026-W07": "closed"}
    assert site.snapshot(W07)["period"] == "2026-W07" and drift(site.store, RENDERER) == []


def test_a_deleted_snapshot_of_an_older_week_leaves_its_page_built_from_its_days():
    site = Site()
    site.source.days[date(2026, 2, 16)] = papers_of(date(2026, 2, 16))
    site.run("2026-02-17T00:15:00Z")
    site.store.objects.pop("data/weekly/2026-W07.json")
    assert site.service().run(Rebuild()).status == "rebuilt"
    assert "Hugging Face에서 가져오지 못했습니다" in site.page("weekly/2026-W07/index.html")
    assert drift(site.store, RENDERER) == []


def test_a_backfill_closes_every_period_it_covers_that_has_ended():
    site = Site([])
    site.source.days.update({d: papers_of(d) for d in WEEKDAYS + [date(2026, 2, 16)]})
    site.now = datetime(2026, 2, 17, 12, tzinfo=UTC)
    outcome = site.service().run(Backfill(date(2026, 2, 9), date(2026, 2, 16)))
    # W07 has ended; W08 and February are open: their pages are "so far", and nothing is fetched for them
    assert outcome.status == "backfilled" and outcome.periods == {"2026-W07": "closed"}
    assert site.source.period_calls == [W07] and site.snapshot(W08) is None
    assert "weekly/2026-W08/index.html" in outcome.keys and "monthly/2026-02/index.html" in site.store.objects
    # only the ended week has its Markdown post: the others' are dated days still to come
    assert {k for k in site.store.objects if k.endswith("index.md") and not k.startswith("posts/")} == {
        "weekly/2026-W07/index.md"
    }
    assert drift(site.store, RENDERER) == []


class Unrefreshed(Site):
    """No refreshed days: nothing but the closing renders the week's pages."""

    settings = Settings.from_env({"SITE_BASE_URL": "https://papers.example.org", "REFRESH_DAYS": "0"})


def test_a_store_failure_at_any_write_of_a_closing_run_is_completed_by_the_next_run():
    site = Unrefreshed()
    reference = Unrefreshed()
    writes = len(reference.run("2026-02-16T00:15:00Z").keys)
    assert writes >= 6

    class Failing(MemoryStore):
        fail_at, count = 0, 0

        def put(self, key, *args, **kwargs):
            self.count += 1
            if self.count == self.fail_at:
                raise StoreError(f"injected failure writing {key}")
            return super().put(key, *args, **kwargs)

    for fail_at in range(1, writes + 1):
        trial = Unrefreshed.__new__(Unrefreshed)
        trial.store, trial.source, trial.now = Failing(dict(site.store.objects)), site.source, site.now
        trial.store.fail_at = fail_at
        # When the n-th write of the run that closes the week fails, the run fails
        with pytest.raises(StoreError):
            trial.run("2026-02-16T00:15:00Z")
        # Then the next run completes the week: the same objects, matching what is stored
        trial.store.fail_at = 0
        trial.run("2026-02-16T00:15:00Z")
        assert drift(trial.store, RENDERER) == [], f"failure at write {fail_at}"
        assert trial.store.objects.keys() == reference.store.objects.keys(), f"failure at write {fail_at}"


def test_a_day_published_late_in_a_closed_week_is_linked_from_the_weekly_feed():
    # Given a week closed with a snapshot in which HF listed Saturday's papers, a day the site never published
    site = Site()
    site.settings = Settings.from_env({**SITE_ENV, "REFRESH_DAYS": "0"})
    saturday = date(2026, 2, 14)
    stamp = "2026-02-14T08:00:00.000Z"
    site.source.days[saturday] = [paper(f"2602.14{i:03d}", upvotes=50 + i, submitted_at=stamp) for i in range(2)]
    site.run("2026-02-16T00:15:00Z")
    assert "posts/2026-02-14/" not in site.page("weekly/feed.xml")
    # When Saturday is published later
    assert site.service().run(PublishDay(saturday)).status == "published"
    # Then the weekly feed's item for that week links its papers to their new post
    assert "posts/2026-02-14/#2602.14001" in site.page("weekly/feed.xml")
    assert drift(site.store, RENDERER) == []
