"""The Bedrock adapter against the fake Converse endpoint, over real HTTP on 127.0.0.1."""

import pytest

from daily_papers.bedrock import BedrockSummariser
from daily_papers.enrich import MAX_TOKENS, TEMPERATURE
from daily_papers.exceptions import SummaryError
from tests.support.fake_bedrock import Reply, answer, error

MODEL = "apac.amazon.nova-lite-v1:0"


def summariser(timeout: float = 5.0) -> BedrockSummariser:
    return BedrockSummariser(MODEL, max_tokens=MAX_TOKENS, temperature=TEMPERATURE, timeout=timeout)


def test_a_converse_request_has_the_documented_shape(fake_bedrock):
    fake_bedrock.always = answer('{"title_ko": "제목", "summary_ko": "요약이다."}')
    assert summariser().converse("SYSTEM", "PROMPT") == '{"title_ko": "제목", "summary_ko": "요약이다."}'
    (request,) = fake_bedrock.requests
    assert request["model"] == MODEL  # URL-encoded in the path, decoded here
    body = request["body"]
    assert body["system"] == [{"text": "SYSTEM"}]
    assert body["messages"] == [{"role": "user", "content": [{"text": "PROMPT"}]}]
    assert body["inferenceConfig"] == {"maxTokens": MAX_TOKENS, "temperature": TEMPERATURE}
    assert TEMPERATURE <= 0.3 and MAX_TOKENS <= 1000
    assert "/bedrock/aws4_request" in request["headers"]["Authorization"]  # signed for Bedrock


def test_only_the_bedrock_variable_redirects_bedrock(fake_bedrock, monkeypatch):
    """AWS_ENDPOINT_URL_BEDROCK_RUNTIME reaches the fake; the global AWS_ENDPOINT_URL is never needed."""
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)
    fake_bedrock.always = answer("ok")
    assert summariser().client.meta.endpoint_url == fake_bedrock.url
    assert summariser().converse("s", "p") == "ok"


# (reply, HTTP requests made): throttling, ModelNotReady and 5xx are retried to 3 attempts in all.
ERRORS = {
    "throttled": (error("ThrottlingException", 429), 3),
    "model not ready": (error("ModelNotReadyException", 429), 3),
    "internal error": (error("InternalServerException", 500), 3),
    "unavailable": (error("ServiceUnavailableException", 503), 3),
    "access denied": (error("AccessDeniedException", 403), 1),
    "no such model": (error("ResourceNotFoundException", 404), 1),
    "invalid request": (error("ValidationException", 400), 1),
    "model timeout": (error("ModelTimeoutException", 408), 1),
    "model error": (error("ModelErrorException", 424), 1),
    "cut off": (answer('{"title_ko": "제목', stop="max_tokens"), 1),
    "content filtered": (answer("", stop="content_filtered"), 1),
    "guardrail": (answer("blocked", stop="guardrail_intervened"), 1),
    "no text": (answer("   "), 1),
    "not JSON": (Reply(200, b"<html>gateway</html>"), 1),
}


@pytest.mark.parametrize("case", ERRORS, ids=list(ERRORS))
def test_every_failure_is_one_summary_error_after_bounded_retries(fake_bedrock, case):
    reply, calls = ERRORS[case]
    fake_bedrock.always = reply
    with pytest.raises(SummaryError) as info:
        summariser().converse("s", "p")
    assert MODEL in str(info.value)
    assert len(fake_bedrock.requests) == calls


def test_a_read_timeout_is_a_summary_error(fake_bedrock):
    fake_bedrock.always = Reply(200, b"{}", delay=1.0)
    with pytest.raises(SummaryError, match="ReadTimeout"):
        summariser(timeout=0.2).converse("s", "p")
    assert len(fake_bedrock.requests) == 3


def test_a_throttle_then_an_answer_succeeds(fake_bedrock):
    fake_bedrock.faults.append(error("ThrottlingException", 429))
    fake_bedrock.always = answer("done")
    assert summariser().converse("s", "p") == "done"
    assert len(fake_bedrock.requests) == 2


def test_billed_tokens_are_counted(fake_bedrock):
    fake_bedrock.always = answer("ok")  # usage: 620 in, 180 out
    model = summariser()
    model.converse("s", "p")
    model.converse("s", "p")
    assert model.tokens == {"input": 1240, "output": 360}
