"""Digests: a period's ranking (from its snapshot or its days), the snapshot's data, and the richer paper data."""

import json
from datetime import UTC, date, datetime

import pytest

from daily_papers import urls
from daily_papers.config import Settings
from daily_papers.digest import build, closed_periods, ranked, snapshot
from daily_papers.fetch import parse_item
from daily_papers.models import (
    SNAPSHOT_PAPERS,
    DayPaper,
    Edition,
    Paper,
    PeriodSnapshot,
    SiteView,
)
from daily_papers.periods import month_of, week_of
from daily_papers.render import SiteRenderer
from tests.support.data import hf_item
from tests.unit.factories import RANKED_AT, paper, view_of

MON, TUE, SUN = date(2026, 2, 9), date(2026, 2, 10), date(2026, 2, 15)
WEEK = week_of(MON)
TAKEN_AT = datetime(2026, 2, 16, 0, 15, tzinfo=UTC)


def site(editions: dict, snapshots: dict | None = None) -> SiteView:
    return view_of(editions.values(), snapshots)


def test_a_period_ranks_like_a_day_likes_then_comments_then_id_one_entry_per_paper():
    entries = [
        DayPaper(MON, paper("2602.00003", 5, comments=1)),
        DayPaper(MON, paper("2602.00002", 5, comments=1)),
        DayPaper(TUE, paper("2602.00001", 5, comments=2)),
        DayPaper(TUE, paper("2602.00009", 9)),
        DayPaper(TUE, paper("2602.00002", 50)),  # the same paper on a later day: the first is kept
    ]
    assert [(e.paper.id, e.day) for e in ranked(entries)] == [
        ("2602.00009", TUE),
        ("2602.00001", TUE),
        ("2602.00002", MON),
        ("2602.00003", MON),
    ]


def test_an_open_period_is_ranked_so_far_from_its_stored_days():
    editions = {
        MON: Edition(MON, (paper("2602.00001", 3), paper("2602.00002", 1)), RANKED_AT),
        TUE: Edition(TUE, (paper("2602.00010", 7),), RANKED_AT.replace(day=11)),
    }
    digest = build(WEEK, site(editions), top_n=2)
    assert digest.state == "open" and digest.days == 2 and digest.total == 3
    assert [(e.paper.id, e.day) for e in digest.papers] == [("2602.00010", TUE), ("2602.00001", MON)]
    assert digest.as_of == RANKED_AT.replace(day=11)


def test_a_period_a_later_day_follows_is_closed_and_says_it_has_no_snapshot():
    later = date(2026, 2, 16)
    editions = {MON: Edition(MON, (paper("2602.00001", 3),), RANKED_AT), later: Edition(later, (paper(),), RANKED_AT)}
    view = site(editions)
    assert build(WEEK, view, top_n=20).state == "closed"
    assert build(week_of(later), view, top_n=20).state == "open"
    assert closed_periods("weekly", view, 8) == [WEEK]


@pytest.mark.parametrize("closing", ["a later day", "a snapshot", None])
def test_a_periods_markdown_post_is_rendered_and_linked_only_once_the_period_has_ended(closing):
    # Given a week whose last published day is its Sunday: ended by a later day or by its snapshot, or open
    editions = {MON: Edition(MON, (paper("2602.00001", 3),), RANKED_AT), SUN: Edition(SUN, (paper(),), RANKED_AT)}
    later = date(2026, 2, 16)
    if closing == "a later day":
        editions[later] = Edition(later, (paper("2602.16001"),), RANKED_AT)
    taken = snapshot(WEEK, [paper("2602.00001", 9)], editions, TAKEN_AT) if closing == "a snapshot" else None
    view = site(editions, {WEEK: taken})
    # When its pages are rendered
    pages = {p.key: p.body.decode() for p in SiteRenderer(Settings.from_env({})).digest_pages(WEEK, view)}
    # Then an open week has its "so far" page only, with no link to a Markdown post that is not there;
    # an ended one has its Markdown post, linked from its page, which comes last (closing checks it alone)
    md, html = urls.period_md(WEEK), urls.period_html(WEEK)
    assert list(pages) == ([md, html] if closing else [html])
    assert ('href="index.md"' in pages[html]) == bool(closing)
    assert (build(WEEK, view, 20).state == "open") == (not closing)


def test_a_snapshot_ranks_by_the_likes_read_after_the_period_and_keeps_what_the_site_wrote():
    # Given a stored day with a Korean title, and HF's list of the week a week later: likes grew, the
    # order changed, and a paper the site never posted (filed by HF on Sunday) made the list
    stored = {MON: Edition(MON, (paper("2602.00001", 30, title_ko="한국어"), paper("2602.00002", 20)), RANKED_AT)}
    listed = [
        paper("2602.00002", 90),
        paper("2602.00001", 40),
        paper("2602.00099", 60, submitted_at="2026-02-15T03:00:00.000Z"),
        paper("2602.00098", 1, submitted_at="2026-03-01T03:00:00.000Z"),  # HF's day outside the week
    ]
    taken = snapshot(WEEK, listed, stored, TAKEN_AT)
    # Then it is ranked by the current likes, each paper under its stored day (else HF's), Korean title kept
    assert [(e.paper.id, e.paper.upvotes, e.day) for e in taken.papers] == [
        ("2602.00002", 90, MON),
        ("2602.00099", 60, SUN),
        ("2602.00001", 40, MON),
        ("2602.00098", 1, None),
    ]
    assert taken.papers[2].paper.title_ko == "한국어" and taken.total == 4
    # And the site's page of the week uses it, even though the stored days rank otherwise
    view = site(stored, {WEEK: taken})
    digest = build(WEEK, view, top_n=2)
    assert digest.state == "snapshot" and digest.as_of == TAKEN_AT
    assert [e.paper.id for e in digest.papers] == ["2602.00002", "2602.00099"]
    assert closed_periods("weekly", view, 8) == [WEEK]  # its snapshot closes the newest week too


def test_a_snapshot_keeps_the_top_100_and_round_trips_through_its_json():
    listed = [paper(f"2602.{i:05d}", i, ai_keywords=("k",)) for i in range(130)]
    taken = snapshot(month_of(MON), listed, {}, TAKEN_AT)
    assert len(taken.papers) == SNAPSHOT_PAPERS and taken.total == 130 and taken.papers[0].paper.upvotes == 129
    data = json.loads(json.dumps(taken.to_dict()))
    assert data["kind"] == "monthly" and data["period"] == "2026-02" and data["papers"][0]["day"] is None
    assert PeriodSnapshot.from_dict(data, "monthly", "2026-02") == taken


@pytest.mark.parametrize(
    "damage",
    [
        {"schema": 2},
        {"kind": "weekly"},
        {"period": "2026-01"},
        {"papers": [{"day": "2026-02-09"}]},
        {"fetched_at": "yesterday"},
    ],
)
def test_a_snapshot_of_another_shape_or_period_is_refused(damage):
    data = snapshot(month_of(MON), [paper()], {}, TAKEN_AT).to_dict() | damage
    with pytest.raises((ValueError, KeyError, TypeError)):
        PeriodSnapshot.from_dict(data, "monthly", "2026-02")


def test_the_submitter_and_discussion_are_kept_and_old_data_files_keep_their_bytes():
    item = hf_item("2602.00001", discussionId="69aa20edc4f6edddcc6c85d2")
    item["paper"]["submittedOnDailyBy"] = {"_id": "x", "fullname": "Marco <b>Garosi</b>", "user": "marco-garosi"}
    parsed = parse_item(item)
    assert (parsed.submitted_by, parsed.submitted_by_name) == ("marco-garosi", "Marco <b>Garosi</b>")
    assert parsed.discussion_id == "69aa20edc4f6edddcc6c85d2"
    assert parsed.submitter_url == "https://huggingface.co/marco-garosi"
    assert Paper.from_dict(json.loads(json.dumps(parsed.to_dict()))) == parsed
    # an older answer names the user `name`; a user name that is not one is dropped, not linked
    item["paper"]["submittedOnDailyBy"] = {"name": "amber1120"}
    assert parse_item(item).submitted_by == "amber1120"
    item["paper"]["submittedOnDailyBy"] = {"user": "../evil?x=1"}
    item["paper"]["discussionId"] = "javascript:alert(1)"
    assert parse_item(item).submitted_by is None and parse_item(item).discussion_id is None
    # a data file written before these were kept reads, and writes back the same bytes
    old = paper().to_dict()
    assert "submitted_by" not in old and "discussion_id" not in old
    assert Paper.from_dict(old).to_dict() == old


@pytest.mark.parametrize("language", ["ko", "en"])
def test_paper_feeds_carry_the_korean_title_and_summary_on_a_korean_site_escaped(language):
    from xml.etree import ElementTree

    from daily_papers.config import Settings
    from daily_papers.render import SiteRenderer

    hostile = '<script>alert("ko")</script> & ]]>'
    papers = [
        paper(f"2602.{i:05d}", 20 - i, title_ko=f"한국어 {i} {hostile}", summary_ko=f"요약 {hostile}")
        for i in range(12)
    ]
    view = site({MON: Edition(MON, tuple(papers), RANKED_AT)})
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": "https://p.example", "SITE_LANGUAGE": language}))
    pages = {p.key: p.body for p in renderer.paper_feed_pages(view)}
    rss = ElementTree.fromstring(pages["papers/feed.xml"])
    items = list(rss.iter("item"))
    assert len(items) == 12 and len(list(ElementTree.fromstring(pages["papers/feed-top10.xml"]).iter("item"))) == 10
    title, description = items[0].findtext("title"), items[0].findtext("description") or ""
    assert items[0].findtext("link") == "https://p.example/posts/2026-02-09/#2602.00000"
    if language == "ko":
        assert title == f"한국어 0 {hostile}" and "요약 &lt;script&gt;" in description
    else:
        assert title == "Paper 2602.00000" and "요약" not in description
    assert "<script>" not in description  # the HTML inside is escaped text, never markup
    feed = json.loads(pages["papers/feed.json"])
    assert feed["items"][0]["title"] == title and "<script>" not in feed["items"][0]["content_html"]
