"""The Lambda handler end to end: events/ payloads -> fake HF over HTTP -> moto S3 over HTTP."""

import json
import re

import pytest

from daily_papers.exceptions import FetchError
from tests.integration.conftest import load_event
from tests.support.bad_events import BAD_EVENTS, case_id
from tests.support.data import SEED_RANKING
from tests.support.emf import blob, emitted
from tests.support.fake_hf import Reply
from tests.support.logs import captured_logs

CONTENT_TYPES = {
    "posts/2026-02-09/index.html": "text/html; charset=utf-8",
    "posts/2026-02-09/index.md": "text/markdown; charset=utf-8",
    "data/2026-02-09.json": "application/json",
    "index.html": "text/html; charset=utf-8",
    "feed.xml": "application/rss+xml; charset=utf-8",
}


def objects(s3, bucket) -> dict[str, bytes]:
    listed = s3.list_objects_v2(Bucket=bucket).get("Contents", [])
    return {o["Key"]: s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read() for o in listed}


def test_manual_event_publishes_the_seed_day(handler, s3, bucket):
    # Given the seed day served by the fake HF API, shuffled and with invalid items mixed in
    # When the handler is invoked with events/manual-date.json
    result = handler(load_event("manual-date.json"))
    # Then the post, its data, the index and the feed are in the bucket
    assert result["status"] == "published" and result["date"] == "2026-02-09" and result["papers"] == 10
    assert set(CONTENT_TYPES) <= set(result["keys"])
    for key, content_type in CONTENT_TYPES.items():
        assert s3.head_object(Bucket=bucket, Key=key)["ContentType"] == content_type, key
    site = objects(s3, bucket)
    # ranked as the seed was, by likes
    data = json.loads(site["data/2026-02-09.json"])
    assert [p["id"] for p in data["papers"]] == SEED_RANKING
    md = site["posts/2026-02-09/index.md"].decode("utf-8")
    assert list(re.findall(r"papers/(\d{4}\.\d{5})\)", md)) == SEED_RANKING
    # the seed's front matter, line for line: dated by the paper day at the scheduled hour
    assert md.startswith("---\ntitle: Hugging Face Daily Papers - 2026-02-09\ndate: 2026-02-09 09:15:00 +0900\n")
    assert (
        "\ncategories: [Daily Papers, 일간]\ntags: [huggingface, papers, daily, ai]\nauthor: daily-papers\n---\n" in md
    )
    assert "## 📊 좋아요 순위" in md and "총 **10개**의 논문이 수집되었습니다." in md
    # clean institutions: organization names, or authors and how many more under 저자, never scraped garbage
    institutions = re.findall(r"   - (?:기관|저자): (.*)\n", md)
    assert institutions[5] == "Zhejiang University" and institutions[6] == "NVIDIA"
    assert re.fullmatch(r"[^,]+, [^,]+ 외 5명", institutions[0]) and "   - 저자: " + institutions[0] in md
    assert not any(re.search(r"authors\d|\D\d+$", i) for i in institutions)
    # UTF-8 all the way: no mojibake, the charset declared
    html = site["posts/2026-02-09/index.html"].decode("utf-8")
    assert '<meta charset="utf-8">' in html and "좋아요 순위" in html
    assert "github.com/example/2602.03392" in html and "https://arxiv.org/pdf/2602.03392" in html
    index = site["index.html"].decode("utf-8")
    assert 'href="posts/2026-02-09/"' in index
    assert b"<link>https://papers.example.org/posts/2026-02-09/</link>" in site["feed.xml"]


def test_scheduler_event_publishes_yesterday_utc(handler, s3, bucket):
    result = handler(load_event("scheduler.json"))
    assert (result["status"], result["date"]) == ("published", "2026-02-09")
    assert "posts/2026-02-09/index.md" in objects(s3, bucket)


def test_weekend_writes_nothing(handler, s3, bucket):
    result = handler({"date": "2026-02-07"})
    assert result == {"status": "empty", "date": "2026-02-07", "papers": 0, "keys": []}
    assert objects(s3, bucket) == {}


def test_empty_day_leaves_a_published_site_as_it_was(handler, s3, bucket):
    handler(load_event("manual-date.json"))
    before = objects(s3, bucket)
    assert handler({"date": "2026-02-08"})["status"] == "empty"
    assert objects(s3, bucket) == before


@pytest.mark.parametrize(("event", "message"), BAD_EVENTS, ids=case_id)
def test_bad_events_are_rejected_not_retried_and_write_nothing(handler, s3, bucket, fake_hf, event, message):
    # When the real handler gets a bad event (against the real clock)
    result = handler(event)
    # Then it answers (does not raise, so Lambda does not retry) with the reason, and touches nothing
    assert result["status"] == "rejected" and message in result["error"]
    assert objects(s3, bucket) == {} and fake_hf.requests == []


def test_broken_hf_response_fails_the_invocation_and_loses_nothing(handler, s3, bucket, fake_hf):
    handler(load_event("manual-date.json"))
    before = objects(s3, bucket)
    fake_hf.always = Reply(200, b"<html>oops</html>")
    with pytest.raises(FetchError, match="not JSON"):
        handler(load_event("manual-date.json"))
    assert objects(s3, bucket) == before


def _json_lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.startswith("{")]


def test_logs_are_json_with_lambda_context_and_metrics_are_flushed(handler, capsys):
    with captured_logs() as stream:
        handler(load_event("manual-date.json"))
    emf = blob(capsys.readouterr().out)
    logs = _json_lines(stream.getvalue())
    assert logs and all(line["function_name"] == "daily-papers-PublisherFunction" for line in logs)
    assert any(line["message"] == "Day done" and line["day"] == "2026-02-09" for line in logs)
    names = {m["Name"] for m in emf["_aws"]["CloudWatchMetrics"][0]["Metrics"]}
    assert {"PapersFetched", "PostsPublished", "RunCompleted"} <= names
    assert emf["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "DailyPapers"


def test_a_failed_run_still_flushes_its_failure_metric(handler, fake_hf, capsys):
    fake_hf.always = Reply(500, b"down")
    with pytest.raises(FetchError, match="HTTP 500"):
        handler(load_event("manual-date.json"))
    assert emitted(capsys.readouterr().out) == {"RunFailed": 1.0}


def test_bad_configuration_fails_loudly_and_is_counted(handler, monkeypatch, capsys):
    from daily_papers.exceptions import ConfigError

    monkeypatch.setenv("SITE_LANGUAGE", "fr")
    with pytest.raises(ConfigError, match="SITE_LANGUAGE"):
        handler(load_event("manual-date.json"))
    assert emitted(capsys.readouterr().out) == {"RunFailed": 1.0}


def test_an_unexpected_error_before_any_metric_surfaces_as_itself_and_is_counted(
    handler, s3, bucket, monkeypatch, capsys
):
    # Given reading the event fails in a way nobody planned for, before any metric is added
    import daily_papers.service

    def boom(event, now):
        raise RuntimeError("boom")

    monkeypatch.setattr(daily_papers.service, "parse_event", boom)
    # When the handler runs
    with pytest.raises(RuntimeError, match="^boom$") as raised:
        handler(load_event("manual-date.json"))
    # Then the error itself reaches Lambda, not the metrics flush's "Must contain at least one metric"
    assert type(raised.value) is RuntimeError
    # And it is counted once as a failed run, with nothing written
    assert emitted(capsys.readouterr().out) == {"RunFailed": 1.0}
    assert objects(s3, bucket) == {}
