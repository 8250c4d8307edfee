"""Korean summaries end to end: the handler, the fake HF API, moto S3 and a fake Bedrock Converse endpoint."""

import html
import json
import xml.etree.ElementTree as ET

import pytest

import app
from daily_papers.enrich import BREAKER, PROMPT_VERSION
from daily_papers.render import md_escape
from tests.integration.conftest import bodies, load_event
from tests.integration.test_reliability import HOSTILE
from tests.support.data import SEED_DAY, SEED_RANKING, hf_item, seed_items
from tests.support.emf import blob
from tests.support.fake_bedrock import Reply, answer, default_reply, error, korean, title_of
from tests.support.hostile import assert_inert
from tests.support.lambda_context import FakeLambdaContext
from tests.support.logs import captured_logs

MODEL = "apac.amazon.nova-lite-v1:0"
POST = f"posts/{SEED_DAY}/index.html"
DATA = f"data/{SEED_DAY}.json"
SUMMARY = "이 논문은 문제를 정의하고 새로운 방법을 제안한다. 실험으로 효과를 보인다."


@pytest.fixture
def summaries(handler, fake_bedrock, monkeypatch):
    """The handler with Korean summaries on, as a (event) -> result callable."""
    monkeypatch.setenv("SUMMARY_MODEL_ID", MODEL)
    return handler


def papers(s3, bucket) -> list[dict]:
    return json.loads(bodies(s3, bucket)[DATA])["papers"]


def run_logged(handler, event, capsys) -> tuple[dict, list[dict], dict]:
    """The result, the JSON log lines and the flushed EMF metrics of one invocation."""
    with captured_logs() as stream:
        result = handler(event)
    logs = [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]
    return result, logs, blob(capsys.readouterr().out)


def metric(emf: dict, name: str) -> float:
    value = emf[name]
    return sum(value) if isinstance(value, list) else value


def test_korean_titles_and_summaries_are_published_everywhere_with_one_call_per_paper(
    summaries, fake_bedrock, s3, bucket
):
    assert summaries(load_event("manual-date.json"))["status"] == "published"
    # one call per paper, none twice
    sent = fake_bedrock.titles()
    assert len(sent) == len(SEED_RANKING) == len(set(sent))
    site = bodies(s3, bucket)
    data = json.loads(site[DATA])["papers"]
    for paper in data:
        assert paper["title_ko"] == f"한국어 제목: {paper['title']}"
        assert (paper["summary_ko"], paper["summary_model"], paper["summary_prompt"]) == (
            SUMMARY,
            MODEL,
            PROMPT_VERSION,
        )
    first = data[0]
    post = site[POST].decode()
    # the Korean title under the English one, the Korean summary labelled AI-written in place of HF's
    assert f'{html.escape(first["title"])}</a></h3>\n<p class="title-ko">{html.escape(first["title_ko"])}</p>' in post
    assert post.count(f"<strong>AI 요약:</strong> {SUMMARY}</p>") == len(data)
    assert first["ai_summary"] and html.escape(first["ai_summary"]) not in post
    # the English abstract one click away, on the paper's arXiv page; the Markdown post keeps it in full
    assert post.count(">영문 초록 보기 (arXiv)</a>") == sum(1 for p in data if p["summary"])
    assert f'<a href="https://arxiv.org/abs/{first["id"]}">영문 초록 보기 (arXiv)</a>' in post
    assert "<details><summary>Abstract</summary>" not in post and html.escape(first["summary"][:80]) not in post
    markdown = site[f"posts/{SEED_DAY}/index.md"].decode()
    assert f"   - 한국어 제목: {md_escape(first['title_ko'])}\n" in markdown
    assert markdown.count(f"   - AI 요약: {md_escape(SUMMARY)}\n") == len(data)
    assert f"   - Abstract: {md_escape(first['summary'])}" in markdown
    home = site["index.html"].decode()
    assert f'<p class="title-ko">{html.escape(first["title_ko"])}</p>' in home and SUMMARY in home
    for feed in ("feed.xml", "atom.xml", "feed.json"):
        assert "한국어 제목: " in site[feed].decode(), feed
    shard = json.loads(site["data/search/2026-02.json"])
    assert {p["id"]: p["tk"] for p in shard["papers"]} == {p["id"]: p["title_ko"] for p in data}
    # the summaries, which only the search view reads, in a file of their own that the shard points at
    assert shard["summaries"] is True
    summaries = json.loads(site["data/search/summaries/2026-02.json"])
    assert summaries["sk"] == {p["id"]: p["summary_ko"] for p in data}


def test_rerun_refresh_and_rebuild_make_no_bedrock_call(summaries, fake_bedrock, fake_hf, s3, bucket):
    summaries(load_event("manual-date.json"))
    first = papers(s3, bucket)
    fake_bedrock.requests.clear()
    # a re-run of the same day
    assert summaries(load_event("manual-date.json"))["status"] == "unchanged"
    # the scheduled run two days later republishes the seed day, whose upvotes rose
    for item in fake_hf.days[SEED_DAY]:
        if (
            isinstance(item, dict)
            and isinstance(item.get("paper"), dict)
            and isinstance(item["paper"].get("upvotes"), int)
        ):
            item["paper"]["upvotes"] += 5
    result = summaries(load_event("scheduler.json") | {"time": "2026-02-12T00:15:00Z"})
    # (the 10th, which HF has no papers for, is asked again as a day the site lacks)
    assert [(d["date"], d["status"]) for d in result["days"]] == [("2026-02-10", "empty"), (SEED_DAY, "published")]
    refreshed = papers(s3, bucket)
    assert [p["upvotes"] for p in refreshed] == [p["upvotes"] + 5 for p in first]
    assert [p["summary_ko"] for p in refreshed] == [p["summary_ko"] for p in first]
    # a rebuild
    assert summaries({"action": "rebuild"})["status"] == "rebuilt"
    assert fake_bedrock.requests == []


def test_only_new_papers_and_changed_abstracts_are_sent(summaries, fake_bedrock, fake_hf):
    summaries(load_event("manual-date.json"))
    fake_bedrock.requests.clear()
    fake_hf.days[SEED_DAY].append(hf_item("2602.09999", "A new paper", upvotes=0))
    changed = next(
        i for i in fake_hf.days[SEED_DAY] if isinstance(i, dict) and i.get("paper", {}).get("id") == SEED_RANKING[1]
    )
    changed["paper"]["summary"] = "A revised abstract."
    summaries(load_event("manual-date.json"))
    assert sorted(fake_bedrock.titles()) == sorted(["A new paper", changed["paper"]["title"]])


FAULTS = {
    "throttled": error("ThrottlingException", 429),
    "server error": error("InternalServerException", 500),
    "unavailable": error("ServiceUnavailableException", 503),
    "access denied": error("AccessDeniedException", 403),
    "model timeout": error("ModelTimeoutException", 408),
    "read timeout": Reply(200, b"{}", delay=1.0),
    "not JSON": answer("제목: 좋은 논문입니다."),
    "missing key": answer('{"title_ko": "제목"}'),
    "cut off": answer('{"title_ko": "제목", "summary_ko": "요약', stop="max_tokens"),
    "content filtered": answer("", stop="content_filtered"),
    "English answer": korean("A title", "A summary in English."),
    "invented number": korean("제목", "정확도를 97.5% 달성한다."),
}


@pytest.mark.parametrize("fault", FAULTS, ids=list(FAULTS))
def test_any_bedrock_failure_publishes_the_day_in_english_and_the_next_run_retries(
    summaries, fake_bedrock, s3, bucket, monkeypatch, capsys, fault
):
    monkeypatch.setenv("SUMMARY_TIMEOUT", "0.2")
    fake_bedrock.always = FAULTS[fault]
    result, logs, emf = run_logged(summaries, load_event("manual-date.json"), capsys)
    # the day is published, in English
    assert result["status"] == "published"
    assert all("title_ko" not in p and "summary_ko" not in p for p in papers(s3, bucket))
    post = bodies(s3, bucket)[POST].decode()
    assert 'class="title-ko"' not in post and "<strong>AI 요약:</strong>" in post  # HF's English summary
    # counted, one warning per failed paper; a broken Bedrock stops being asked
    warned = [line["paper"] for line in logs if str(line["message"]).startswith("Korean summary failed")]
    assert len(warned) == len(set(warned)) == metric(emf, "SummaryFailed")
    assert BREAKER <= len(warned) < len(SEED_RANKING)
    assert "RunCompleted" in emf
    # the next run, with Bedrock healthy, sends every paper again and publishes them in Korean
    fake_bedrock.always = None
    fake_bedrock.requests.clear()
    assert summaries(load_event("manual-date.json"))["status"] == "published"
    assert len(fake_bedrock.requests) == len(SEED_RANKING)
    assert all(p["summary_ko"] == SUMMARY for p in papers(s3, bucket))


def test_the_next_scheduled_run_retries_the_failed_summaries_of_the_day_before(
    summaries, fake_bedrock, s3, bucket, monkeypatch
):
    monkeypatch.setenv("SUMMARY_TIMEOUT", "0.2")
    fake_bedrock.always = error("ThrottlingException", 429)
    summaries(load_event("manual-date.json"))
    assert all("summary_ko" not in p for p in papers(s3, bucket))
    # the next morning's run publishes the 10th and, although the 9th is not yet due for its
    # refresh, takes it again for its missing summaries
    fake_bedrock.always = None
    result = summaries(load_event("scheduler.json") | {"time": "2026-02-11T00:15:00Z"})
    assert (SEED_DAY, "published") in [(d["date"], d["status"]) for d in result["days"]]
    assert all(p["summary_ko"] == SUMMARY for p in papers(s3, bucket))
    # once summarised, the day waits for its refresh: the run after sends nothing for it
    fake_bedrock.requests.clear()
    result = summaries(load_event("scheduler.json") | {"time": "2026-02-11T00:15:00Z"})
    assert SEED_DAY not in [d["date"] for d in result["days"] or []]


def test_a_failure_for_one_paper_leaves_only_that_paper_in_english(summaries, fake_bedrock, s3, bucket):
    unlucky = next(
        i["paper"]["title"]
        for i in seed_items()
        if isinstance(i, dict) and i.get("paper", {}).get("id") == SEED_RANKING[3]
    )
    fake_bedrock.respond = lambda request: (
        error("ModelErrorException", 424) if title_of(request) == " ".join(unlucky.split()) else default_reply(request)
    )
    summaries(load_event("manual-date.json"))
    assert [p["id"] for p in papers(s3, bucket) if "summary_ko" not in p] == [SEED_RANKING[3]]


def test_no_call_near_the_deadline_and_the_next_run_catches_up(summaries, fake_bedrock, s3, bucket):
    near = FakeLambdaContext(remaining_ms=100_000)
    assert app.lambda_handler(load_event("manual-date.json"), near)["status"] == "published"
    assert fake_bedrock.requests == []
    assert all("summary_ko" not in p for p in papers(s3, bucket))
    summaries(load_event("manual-date.json"))
    assert len(fake_bedrock.requests) == len(SEED_RANKING)


def test_at_most_summary_max_papers_are_sent_top_ranked_first(summaries, fake_bedrock, s3, bucket, monkeypatch):
    monkeypatch.setenv("SUMMARY_MAX_PAPERS", "3")
    summaries(load_event("manual-date.json"))
    assert [p["id"] for p in papers(s3, bucket) if "summary_ko" in p] == SEED_RANKING[:3]
    assert len(fake_bedrock.requests) == 3


@pytest.mark.parametrize("env", [{}, {"SUMMARY_MODEL_ID": MODEL, "SITE_LANGUAGE": "en"}], ids=["no model", "en site"])
def test_with_the_feature_off_bedrock_is_never_called(handler, fake_bedrock, s3, bucket, monkeypatch, env):
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert handler(load_event("manual-date.json"))["status"] == "published"
    assert fake_bedrock.requests == []
    assert all("title_ko" not in p for p in papers(s3, bucket))


def test_hostile_model_output_is_escaped_everywhere(summaries, fake_bedrock, fake_hf, s3, bucket):
    fake_hf.days["2026-02-11"] = [
        hf_item(f"2602.3{i:04d}", t, upvotes=10 - i, summary=t) for i, t in enumerate(HOSTILE)
    ]
    fake_bedrock.respond = lambda request: korean(f"제목 {title_of(request)}", f"요약 {title_of(request)} 끝.")
    summaries({"date": "2026-02-11"})
    site = bodies(s3, bucket)
    assert_inert(site, HOSTILE)
    written = json.loads(site["data/2026-02-11.json"])["papers"]
    assert [p["title_ko"] for p in written] == [f"제목 {' '.join(t.split())}" for t in HOSTILE]
    post = site["posts/2026-02-11/index.html"].decode()
    assert "제목 &lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in post
    assert "요약 [click](javascript:alert(1))" in post and 'href="javascript' not in post
    markdown = site["posts/2026-02-11/index.md"].decode()
    assert "한국어 제목: 제목 \\<script\\>" in markdown and "요약 \\[click\\](javascript:alert(1))" in markdown
    entry = ET.fromstring(site["feed.xml"]).find("channel/item/description")
    assert entry is not None and "제목 &lt;script&gt;" in (entry.text or "")  # HTML inside XML, escaped in both
