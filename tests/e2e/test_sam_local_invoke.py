"""`sam local invoke PublisherFunction -e events/*.json`, without Docker.

The `sam build` output runs under the Lambda Runtime Interface Emulator with awslambdaric (what the
SAM container runs), against the fake HF API and moto S3 on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import pytest

from tests.support.data import SEED_DAY
from tests.support.fake_hf import FakeHfApi
from tests.support.lambda_emulator import Invocation, LambdaEmulator

REPO = Path(__file__).resolve().parents[2]
EVENTS = REPO / "events"
INVOKE_TIMEOUT = 90
SEED_TOP_TITLE = "On the Entropy Dynamics in Reinforcement Fine-Tuning of Large Language Models"
SEED_PAPERS = 10
SITE_OBJECTS = {
    f"posts/{SEED_DAY}/index.html": "text/html; charset=utf-8",
    f"posts/{SEED_DAY}/index.md": "text/markdown; charset=utf-8",
    f"data/{SEED_DAY}.json": "application/json",
    "index.html": "text/html; charset=utf-8",
    "feed.xml": "application/rss+xml; charset=utf-8",
}


def event(name: str) -> Any:
    return json.loads((EVENTS / name).read_text(encoding="utf-8"))


def invoke(publisher: LambdaEmulator, payload: Any) -> tuple[dict[str, Any], str]:
    """Invoke; return the handler's response and the emulator log tail for assertion messages."""
    result: Invocation = publisher.invoke(payload, timeout=INVOKE_TIMEOUT)
    log = publisher.log_tail()
    assert result.status == 200, f"HTTP {result.status}: {result.raw!r}\n{log}"
    assert isinstance(result.body, dict), f"not a JSON object: {result.raw!r}\n{log}"
    assert "errorType" not in result.body, f"the function failed: {json.dumps(result.body, indent=2)}\n{log}"
    return result.body, log


def snapshot(s3, bucket: str) -> dict[str, str]:
    """Every object in the bucket with its ETag."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {obj["Key"]: obj["ETag"] for page in pages for obj in page.get("Contents", ())}


@pytest.mark.parametrize("event_file", ["manual-date.json", "scheduler.json"])
def test_invoke_publishes_the_day_to_s3(
    publisher: LambdaEmulator, s3, bucket: str, fake_hf: FakeHfApi, event_file: str
) -> None:
    code_paths = [Path(p) for p in publisher.environment()["PYTHONPATH"].split(os.pathsep)]
    assert not [p for p in code_paths if p.is_relative_to(REPO)], "the code must come from the sam build"

    response, log = invoke(publisher, event(event_file))

    assert response["status"] == "published", f"{response}\n{log}"
    assert response["date"] == SEED_DAY, f"{response}\n{log}"
    assert response["papers"] == SEED_PAPERS, f"{response}\n{log}"
    assert set(SITE_OBJECTS) <= set(response["keys"]), f"{response}\n{log}"
    assert SEED_DAY in {r["query"]["date"][0] for r in fake_hf.requests}, fake_hf.requests

    stored = snapshot(s3, bucket)
    for key, content_type in SITE_OBJECTS.items():
        assert key in stored, f"s3://{bucket}/{key} missing; bucket has {sorted(stored)}\n{log}"
        head = s3.head_object(Bucket=bucket, Key=key)
        assert head["ContentType"] == content_type, f"{key}: {head['ContentType']}"

    markdown = s3.get_object(Bucket=bucket, Key=f"posts/{SEED_DAY}/index.md")["Body"].read().decode("utf-8")
    assert "좋아요 순위" in markdown
    ranking = re.findall(r"^(\d+)\. \*\*(.+?)\*\*", markdown, flags=re.MULTILINE)
    assert ranking[0] == ("1", SEED_TOP_TITLE), ranking
    assert [int(n) for n, _ in ranking] == list(range(1, SEED_PAPERS + 1)), ranking

    data = json.loads(s3.get_object(Bucket=bucket, Key=f"data/{SEED_DAY}.json")["Body"].read())
    assert SEED_TOP_TITLE in json.dumps(data, ensure_ascii=False)


def test_invoke_rejects_a_bad_event_and_writes_nothing(
    publisher: LambdaEmulator, s3, bucket: str, fake_hf: FakeHfApi
) -> None:
    response, log = invoke(publisher, event("manual-date.json"))
    assert response["status"] == "published", f"{response}\n{log}"
    before, fetches = snapshot(s3, bucket), len(fake_hf.requests)

    # The same warm container, as a second `sam local start-lambda` call would find it.
    response, log = invoke(publisher, {"date": "not-a-date"})

    assert response["status"] == "rejected", f"{response}\n{log}"
    assert "not-a-date" in response["error"], response
    assert "keys" not in response or response["keys"] == [], response
    assert snapshot(s3, bucket) == before, "a rejected event changed the bucket"
    assert len(fake_hf.requests) == fetches, "a rejected event fetched from HF"
