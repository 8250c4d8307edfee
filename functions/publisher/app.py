"""Lambda entry point: wiring only. The job itself lives in daily_papers.service."""

from functools import cache
from typing import Any

from aws_lambda_powertools.utilities.typing import LambdaContext

from daily_papers.config import Settings
from daily_papers.observability import logger, metrics, traced
from daily_papers.service import DailyPapers, invoke
from daily_papers.wiring import build


@cache
def service() -> DailyPapers:
    return build(Settings.from_env())


@metrics.log_metrics(raise_on_empty_metrics=True)
@logger.inject_lambda_context(log_event=True)
@traced
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return invoke(service, event, context.get_remaining_time_in_millis)
