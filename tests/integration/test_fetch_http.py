"""HfApiSource against a real HTTP server on 127.0.0.1."""

import json
import time
from datetime import date

import pytest

from daily_papers.deadline import Deadline
from daily_papers.exceptions import DeadlineExceeded, FetchError
from daily_papers.fetch import HfApiSource
from tests.support.data import SEED_DAY, SEED_RANKING, hf_item, many_items
from tests.support.fake_hf import Reply

DAY = date.fromisoformat(SEED_DAY)


def source(api, **kwargs) -> HfApiSource:
    kwargs.setdefault("backoff", 0.01)
    return HfApiSource(api.url, **kwargs)


def test_seed_day_is_fetched_with_invalid_items_skipped(fake_hf):
    papers = source(fake_hf).fetch_day(DAY)
    assert sorted(p.id for p in papers) == sorted(SEED_RANKING)
    request = fake_hf.requests[0]
    assert request["query"] == {"date": [SEED_DAY], "limit": ["100"], "p": ["0"]}
    assert request["headers"]["User-Agent"].startswith("daily-papers/")


def test_pages_until_a_short_page(fake_hf):
    fake_hf.days["2026-02-10"] = many_items(230)
    papers = source(fake_hf).fetch_day(date(2026, 2, 10))
    assert len(papers) == 230 and len({p.id for p in papers}) == 230
    assert [r["query"]["p"] for r in fake_hf.requests] == [["0"], ["1"], ["2"]]


def test_exactly_one_full_page_asks_for_the_next(fake_hf):
    fake_hf.days["2026-02-10"] = many_items(100)
    assert len(source(fake_hf).fetch_day(date(2026, 2, 10))) == 100
    assert len(fake_hf.requests) == 2


def test_weekend_is_an_empty_list(fake_hf):
    assert source(fake_hf).fetch_day(date(2026, 2, 7)) == []


def test_429_with_retry_after_is_honoured(fake_hf):
    fake_hf.faults.append(Reply(429, b'{"error":"rate limited"}', {"Retry-After": "1"}))
    started = time.monotonic()
    papers = source(fake_hf).fetch_day(DAY)
    assert len(papers) == 10 and len(fake_hf.requests) == 2
    assert time.monotonic() - started >= 0.9


def test_transient_500s_are_retried(fake_hf):
    fake_hf.faults.extend([Reply(502, b"bad gateway"), Reply(503, b"unavailable")])
    assert len(source(fake_hf).fetch_day(DAY)) == 10
    assert len(fake_hf.requests) == 3


def test_persistent_500_fails_clearly_after_the_retries(fake_hf):
    fake_hf.always = Reply(500, b"boom")
    with pytest.raises(FetchError, match=r"api/daily_papers.*HTTP 500"):
        source(fake_hf, retries=2).fetch_day(DAY)
    assert len(fake_hf.requests) == 3


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (b"<!doctype html><html>Hugging Face is down</html>", "not JSON"),
        (json.dumps([{"paper": {}}])[:10].encode(), "not JSON"),
        (b'{"error": "Invalid date"}', "not a list but dict"),
    ],
)
def test_unusable_bodies_fail_with_url_and_status(fake_hf, body, message):
    fake_hf.always = Reply(200, body, {"Content-Type": "text/html"})
    with pytest.raises(FetchError, match=message) as info:
        source(fake_hf).fetch_day(DAY)
    assert f"{fake_hf.url}/api/daily_papers?date={SEED_DAY}" in str(info.value)
    assert "HTTP 200" in str(info.value)


def test_a_client_error_is_not_retried(fake_hf):
    fake_hf.always = Reply(400, b'{"error":"date is in the future"}')
    with pytest.raises(FetchError, match="HTTP 400"):
        source(fake_hf).fetch_day(DAY)
    assert len(fake_hf.requests) == 1


def test_a_hanging_server_times_out(fake_hf):
    fake_hf.always = Reply(200, b"[]", delay=2.0)
    with pytest.raises(FetchError, match="failed"):
        source(fake_hf, retries=0, timeout=0.5).fetch_day(DAY)


def test_a_paper_on_two_pages_is_counted_once(fake_hf, caplog):
    # HF's pages can shift while a day fills in: the last paper of page 0 comes again on page 1
    items = many_items(105)
    fake_hf.days["2026-02-10"] = items[:100] + [items[99]] + items[100:]
    papers = source(fake_hf).fetch_day(date(2026, 2, 10))
    assert len(papers) == 105 and len({p.id for p in papers}) == 105
    assert any(getattr(r, "paper_id", None) == items[99]["paper"]["id"] for r in caplog.records)


def test_a_paper_filed_under_another_day_is_kept_and_logged_with_both_dates(fake_hf, caplog):
    fake_hf.days["2026-02-10"] = [hf_item("2602.10001", submittedOnDailyAt="2026-02-11T00:30:00.000Z")]
    assert [p.id for p in source(fake_hf).fetch_day(date(2026, 2, 10))] == ["2602.10001"]
    logged = [r for r in caplog.records if getattr(r, "submitted_on", None)]
    assert [(r.day, r.submitted_on) for r in logged] == [("2026-02-10", "2026-02-11")]


def test_a_retry_after_longer_than_we_wait_fails_at_once(fake_hf):
    fake_hf.always = Reply(429, b'{"error":"rate limited"}', {"Retry-After": "3600"})
    started = time.monotonic()
    with pytest.raises(FetchError, match="Retry-After"):
        source(fake_hf).fetch_day(DAY)
    assert time.monotonic() - started < 5 and len(fake_hf.requests) == 1


def test_a_wait_past_the_invocation_deadline_is_not_slept(fake_hf):
    fake_hf.always = Reply(503, b"busy", {"Retry-After": "20"})
    left = Deadline(lambda: 65_000, margin_s=60)  # 5 s left
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="deadline"):
        source(fake_hf).fetch_day(DAY, left)
    assert time.monotonic() - started < 4 and len(fake_hf.requests) == 1


def test_a_dribbling_server_cannot_hold_a_request_past_its_deadline(fake_hf):
    # one byte every 0.2 s: each read is quick, so a per-read timeout alone would wait ~100 s
    fake_hf.always = Reply(200, json.dumps(many_items(3)).encode(), dribble=0.2)
    started = time.monotonic()
    with pytest.raises(FetchError, match="no complete answer within 2.0 s"):
        source(fake_hf, timeout=1.0, request_deadline=2.0).fetch_day(DAY)
    assert time.monotonic() - started < 4


def test_a_request_is_not_started_without_time_for_it(fake_hf):
    with pytest.raises(DeadlineExceeded, match="not started"):
        source(fake_hf).fetch_day(DAY, Deadline(lambda: 60_500, margin_s=60))
    assert fake_hf.requests == []
