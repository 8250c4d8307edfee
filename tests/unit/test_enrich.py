"""The enrich stage: prompt, answer parsing, cache reuse, the cost cap, the deadline and the breaker."""

import hashlib
import json
from dataclasses import replace
from datetime import date

import pytest
from botocore.stub import Stubber

from daily_papers.bedrock import BedrockSummariser
from daily_papers.enrich import (
    BREAKER,
    MAX_TOKENS,
    PROMPT_VERSION,
    STOP_MARGIN_S,
    SYSTEM_PROMPT,
    TEMPERATURE,
    WORKERS,
    Enricher,
    build_prompt,
    parse_answer,
)
from daily_papers.exceptions import SummaryError
from daily_papers.models import Paper
from tests.support.summaries_sample import FIXTURES, prompt_text, sample_papers
from tests.unit.factories import edition, paper
from tests.unit.fakes import FakeSummariser

# Each prompt version is pinned to its text: change the prompt, bump PROMPT_VERSION (every cached
# summary is then written again) and add the new hash here.
PROMPTS = {"ko-1": "43bb94f5"}

OMNIMOE = next(p for p in sample_papers() if p.title.startswith("OmniMoE"))
# What a model answers for OmniMoE, as Converse returns it (text of the first content block).
OMNIMOE_ANSWER = json.dumps(
    {
        "title_ko": "OmniMoE: 원자 단위 전문가를 대규모로 조율하는 효율적인 MoE",
        "summary_ko": (
            "전문가 혼합(Mixture-of-Experts, MoE)은 전문가를 세분화할수록 하드웨어 실행 효율이 떨어지는 문제가 "
            "있다. OmniMoE는 벡터 단위의 Atomic Experts와 Cartesian Product Router로 라우팅 복잡도를 O(N)에서 "
            "O(sqrt(N))으로 줄이는 시스템-알고리즘 공동 설계를 제안한다."
        ),
    },
    ensure_ascii=False,
)


def korean(title: str = "한국어 제목", summary: str = "요약이다.") -> str:
    return json.dumps({"title_ko": title, "summary_ko": summary}, ensure_ascii=False)


# ------------------------------------------------------------------ prompt


def test_the_prompt_gives_the_paper_as_data_and_asks_for_json_only():
    prompt = build_prompt(replace(OMNIMOE, ai_summary="OmniMoE scales MoE to atomic experts."))
    assert prompt.startswith("<paper>\nTitle: OmniMoE: ") and prompt.endswith("\n</paper>")
    assert f"Abstract: {OMNIMOE.summary}\n" in prompt
    assert "English summary: OmniMoE scales MoE to atomic experts." in prompt
    assert "English summary" not in build_prompt(OMNIMOE)  # no grounding line without one
    for rule in ('{"title_ko": "...", "summary_ko": "..."}', "nothing else", "exactly", "Add no facts", "-다"):
        assert rule in SYSTEM_PROMPT, rule


def test_the_prompt_version_is_bumped_when_the_prompt_changes():
    digest = hashlib.sha256((SYSTEM_PROMPT + build_prompt(OMNIMOE)).encode()).hexdigest()[:8]
    assert PROMPTS.get(PROMPT_VERSION) == digest, f"prompt changed: bump PROMPT_VERSION, pin {digest}"


def test_the_committed_prompt_is_the_one_the_code_sends():
    assert (FIXTURES / "prompt.txt").read_text(encoding="utf-8") == prompt_text(), (
        "regenerate: PYTHONPATH=functions/publisher:. .venv/bin/python -m tests.support.summaries_sample --write-prompt"
    )
    assert len(sample_papers()) == 10 and all(p.summary for p in sample_papers())


# ------------------------------------------------------------------ answers


def test_a_real_shaped_answer_is_parsed():
    title, summary = parse_answer(OMNIMOE_ANSWER, OMNIMOE)
    assert title.startswith("OmniMoE: ") and "O(sqrt(N))" in summary


def test_a_fenced_answer_and_extra_keys_are_accepted_and_whitespace_is_folded():
    answer = '```json\n{"title_ko": " 제목\\n둘째 줄 ", "summary_ko": "요약\\u0007이다.\\t끝.", "note": 1}\n```'
    assert parse_answer(answer, paper()) == ("제목 둘째 줄", "요약이다. 끝.")


BAD_ANSWERS = {
    "prose": "다음은 요약입니다: " + korean(),
    "prose after": korean() + "\n도움이 되었기를 바랍니다.",
    "not an object": json.dumps(["제목", "요약"], ensure_ascii=False),
    "missing key": '{"title_ko": "제목"}',
    "not a string": '{"title_ko": "제목", "summary_ko": ["요약"]}',
    "empty": korean(summary="   "),
    "English": korean("A title", "A summary."),
    "too long": korean(summary="요약" * 700),
    "an invented number": korean(summary="정확도 97.5%를 달성한다."),
    "truncated": '{"title_ko": "제목", "summary_ko": "요',
}


@pytest.mark.parametrize("answer", BAD_ANSWERS.values(), ids=list(BAD_ANSWERS))
def test_anything_but_the_asked_for_json_is_a_failure(answer):
    with pytest.raises(SummaryError):
        parse_answer(answer, paper(summary="We reach 97.4% accuracy."))


def test_numbers_the_paper_states_may_be_copied():
    source = paper(title="Scaling to 1,000 GPUs", summary="Accuracy rises from 45.2% to 61.0% with 7B models.")
    assert parse_answer(korean("1000개 GPU로 확장", "정확도가 45.2%에서 61.0%로 오른다. 7B 모델."), source)


# ------------------------------------------------------------------ the adapter's response handling (no HTTP)


def stubbed(response: dict) -> BedrockSummariser:
    import boto3

    client = boto3.client("bedrock-runtime", region_name="ap-northeast-2")
    stub = Stubber(client)
    stub.add_response("converse", response)
    stub.activate()
    return BedrockSummariser(
        "apac.amazon.nova-lite-v1:0", max_tokens=MAX_TOKENS, temperature=TEMPERATURE, client=client
    )


def converse_response(text: str, stop: str = "end_turn") -> dict:
    return {
        "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
        "stopReason": stop,
        "usage": {"inputTokens": 702, "outputTokens": 231, "totalTokens": 933},
        "metrics": {"latencyMs": 1840},
    }


def test_a_converse_response_is_read_and_its_tokens_counted():
    model = stubbed(converse_response(OMNIMOE_ANSWER))
    assert parse_answer(model.converse(SYSTEM_PROMPT, build_prompt(OMNIMOE)), OMNIMOE)[0].startswith("OmniMoE")
    assert model.tokens == {"input": 702, "output": 231}


@pytest.mark.parametrize("stop", ["max_tokens", "content_filtered", "guardrail_intervened", "stop_sequence"])
def test_an_answer_that_did_not_end_its_turn_is_a_failure(stop):
    with pytest.raises(SummaryError, match=stop):
        stubbed(converse_response(OMNIMOE_ANSWER, stop)).converse("s", "p")


# ------------------------------------------------------------------ the cache lives in the day's data


def test_summaries_round_trip_through_the_data_file_and_old_files_still_load():
    written = Enricher(FakeSummariser()).enrich(edition()).papers[0]
    data = json.loads(json.dumps(written.to_dict()))
    assert (data["title_ko"], data["summary_model"], data["summary_prompt"]) == (
        "한국어 제목",
        FakeSummariser.model_id,
        PROMPT_VERSION,
    )
    assert Paper.from_dict(data) == written
    english = paper().to_dict()
    assert not {"title_ko", "summary_ko", "summary_model", "summary_prompt"} & set(english)  # same bytes as before
    assert Paper.from_dict(english) == paper()


# ------------------------------------------------------------------ the stage


def test_each_paper_is_sent_once_and_gets_its_korean_text_with_model_and_prompt_version():
    model = FakeSummariser()
    result = Enricher(model).enrich(edition())
    assert len(model.prompts) == 2
    assert {(p.title_ko, p.summary_ko, p.summary_model, p.summary_prompt) for p in result.papers} == {
        ("한국어 제목", "요약이다.", model.model_id, PROMPT_VERSION)
    }


def test_cached_summaries_are_reused_and_nothing_is_sent():
    model = FakeSummariser()
    first = Enricher(model).enrich(edition())
    again = edition(papers=[replace(p, upvotes=p.upvotes + 9) for p in edition().papers])  # a refresh
    assert Enricher(model).enrich(again, previous=first).papers == tuple(
        replace(p, upvotes=p.upvotes + 9) for p in first.papers
    )
    assert len(model.prompts) == 2  # only the first run's


def test_a_changed_abstract_or_an_older_prompt_version_is_sent_again():
    first = Enricher(FakeSummariser()).enrich(edition())
    old, kept = first.papers
    previous = replace(first, papers=(replace(old, summary_prompt="ko-0"), kept))
    changed = edition(papers=[edition().papers[0], replace(edition().papers[1], summary="A new abstract.")])
    model = FakeSummariser()
    Enricher(model).enrich(changed, previous=previous)
    assert len(model.prompts) == 2


def test_an_older_summary_stays_when_its_rewrite_fails():
    first = Enricher(FakeSummariser()).enrich(edition())
    previous = replace(first, papers=tuple(replace(p, summary_prompt="ko-0") for p in first.papers))
    result = Enricher(FakeSummariser(failing)).enrich(edition(), previous=previous)
    assert [p.summary_ko for p in result.papers] == ["요약이다.", "요약이다."]


def failing(prompt: str) -> str:
    raise SummaryError("ThrottlingException")


def test_a_failed_paper_keeps_its_english_text_and_is_sent_next_time():
    first = Enricher(FakeSummariser(failing)).enrich(edition())
    assert all(p.title_ko is None and p.summary_prompt is None for p in first.papers)
    model = FakeSummariser()
    Enricher(model).enrich(edition(), previous=first)
    assert len(model.prompts) == 2


def test_without_a_summariser_cached_text_is_carried_and_nothing_else_happens():
    first = Enricher(FakeSummariser()).enrich(edition())
    assert Enricher(None).enrich(edition(), previous=first) == first
    assert Enricher(None).enrich(edition()) == edition()


def test_at_most_max_papers_are_sent_top_ranked_first():
    day = edition(papers=[paper(f"2602.0000{i}", 10 - i) for i in range(6)])
    model = FakeSummariser()
    result = Enricher(model, max_papers=3).enrich(day)
    assert [p.id for p in result.papers if p.title_ko] == ["2602.00000", "2602.00001", "2602.00002"]
    assert len(model.prompts) == 3


def test_a_paper_without_an_abstract_is_not_sent():
    model = FakeSummariser()
    Enricher(model).enrich(edition(papers=[paper(summary="")]))
    assert model.prompts == []


def test_no_call_starts_when_the_deadline_is_near():
    model = FakeSummariser()
    left = iter([STOP_MARGIN_S + 30, STOP_MARGIN_S - 1, STOP_MARGIN_S - 2])
    result = Enricher(model, workers=1).enrich(
        edition(papers=[paper(f"2602.0000{i}") for i in range(3)]), time_left=lambda: next(left)
    )
    assert len(model.prompts) == 1 and sum(1 for p in result.papers if p.title_ko) == 1


def test_bedrock_failing_again_and_again_stops_being_asked():
    model = FakeSummariser(failing)
    day = edition(papers=[paper(f"2602.{i:05d}") for i in range(20)])
    Enricher(model, workers=1).enrich(day)
    assert len(model.prompts) == BREAKER


def test_one_success_resets_the_breaker():
    answers = iter([failing, failing, failing, failing, None] * 4)

    def flaky(prompt: str) -> str:
        step = next(answers)
        return step(prompt) if step else korean()

    model = FakeSummariser(flaky)
    Enricher(model, workers=1).enrich(edition(papers=[paper(f"2602.{i:05d}") for i in range(20)]))
    assert len(model.prompts) == 20


def test_calls_run_concurrently_but_bounded():
    model = FakeSummariser(delay=0.05)
    Enricher(model).enrich(edition(papers=[paper(f"2602.{i:05d}") for i in range(12)]))
    assert 1 < model.peak <= WORKERS


def test_failures_are_counted_once_per_paper():
    from daily_papers.observability import metrics

    metrics.clear_metrics()
    Enricher(FakeSummariser(failing), workers=1).enrich(edition())
    assert metrics.metric_set["SummaryFailed"]["Value"] == [2.0]
    metrics.clear_metrics()


def test_a_kept_day_costs_no_call(tmp_path):
    from daily_papers.config import Settings
    from daily_papers.store import LocalStore
    from daily_papers.wiring import make_service
    from tests.unit.fakes import FakeSource

    day = date(2026, 2, 9)
    model = FakeSummariser()
    source = FakeSource({day: [paper("2602.00001", 3), paper("2602.00002", 1)]})
    store = LocalStore(tmp_path)
    service = make_service(Settings.from_env({}), source, store, enricher=Enricher(model))
    published = Paper(id="2602.00003", title="T", summary="S", upvotes=1)
    service.state.published_edition = lambda _: edition(day, [*source.days[day], published])  # type: ignore[method-assign,assignment]
    assert service.publish_day(day).status == "kept"
    assert model.prompts == []


def test_an_english_site_shows_no_korean_text_even_from_cached_data():
    from daily_papers.config import Settings
    from daily_papers.models import Manifest, SiteView
    from daily_papers.render import SiteRenderer

    day = Enricher(FakeSummariser()).enrich(edition())
    site = SiteView(Manifest(), [day])
    for language, shown in (("ko", True), ("en", False)):
        post = SiteRenderer(Settings.from_env({"SITE_LANGUAGE": language})).day_pages(day, site)
        assert all(("한국어 제목" in page.body.decode()) is shown for page in post), language


def test_a_bedrock_client_without_a_region_is_a_configuration_error(monkeypatch):
    from daily_papers.exceptions import ConfigError

    for name in ("AWS_REGION", "AWS_DEFAULT_REGION", "AWS_CONFIG_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", "/nonexistent")
    with pytest.raises(ConfigError, match="SUMMARY_MODEL_ID"):
        BedrockSummariser("apac.amazon.nova-lite-v1:0", max_tokens=MAX_TOKENS, temperature=TEMPERATURE)
