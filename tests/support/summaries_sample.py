"""Korean summaries of 10 real papers from Bedrock, printed for a human to review (`make summaries-sample`).

Needs AWS credentials and a region with Bedrock (e.g. AWS_REGION=ap-northeast-2); the model is
SUMMARY_MODEL_ID, else the template's default. Not part of `make test`: it calls the real service.
`--write-prompt` only rewrites tests/fixtures/summaries/prompt.txt from the code (no AWS).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from daily_papers.bedrock import BedrockSummariser
from daily_papers.enrich import MAX_TOKENS, PROMPT_VERSION, SYSTEM_PROMPT, TEMPERATURE, build_prompt, parse_answer
from daily_papers.exceptions import SummaryError
from daily_papers.models import Paper

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "summaries"
DEFAULT_MODEL = "apac.amazon.nova-lite-v1:0"
# USD per 1,000 tokens (input, output), list prices: docs/deploy.md
PRICES = {"nova-micro": (0.000035, 0.00014), "nova-lite": (0.00006, 0.00024), "haiku-4-5": (0.0011, 0.0055)}


def sample_papers() -> list[Paper]:
    items = json.loads((FIXTURES / "papers.json").read_text(encoding="utf-8"))
    return [Paper(upvotes=0, **item) for item in items]


def prompt_text() -> str:
    """What the model receives for the first sample paper, as committed in prompt.txt."""
    return (
        f"# Prompt version {PROMPT_VERSION}: the system prompt, then the user message for one paper.\n\n"
        f"## System\n\n{SYSTEM_PROMPT}\n\n## User\n\n{build_prompt(sample_papers()[0])}\n"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default=os.environ.get("SUMMARY_MODEL_ID") or DEFAULT_MODEL)
    parser.add_argument("--write-prompt", action="store_true", help="rewrite prompt.txt from the code and exit")
    args = parser.parse_args(argv)
    if args.write_prompt:
        (FIXTURES / "prompt.txt").write_text(prompt_text(), encoding="utf-8")
        return 0
    model = BedrockSummariser(args.model, max_tokens=MAX_TOKENS, temperature=TEMPERATURE)
    out, failed = sys.stdout, 0
    for paper in sample_papers():
        out.write(f"\n## {paper.id}  {paper.title}\n")
        try:
            title, summary = parse_answer(model.converse(SYSTEM_PROMPT, build_prompt(paper)), paper)
        except SummaryError as exc:
            failed += 1
            out.write(f"FAILED: {exc}\n")
            continue
        out.write(f"{title}\n{summary}\n")
    calls = len(sample_papers())
    tokens_in, tokens_out = model.tokens["input"] / calls, model.tokens["output"] / calls
    out.write(
        f"\n{args.model}: {failed} of {calls} failed; per call {tokens_in:.0f} input, {tokens_out:.0f} output tokens\n"
    )
    for name, (price_in, price_out) in PRICES.items():
        monthly = 900 * (tokens_in * price_in + tokens_out * price_out) / 1000
        out.write(f"  at {name} list prices, 30 papers a day: {monthly:.2f} USD a month\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
