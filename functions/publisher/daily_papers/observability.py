"""Logger, metrics and, when tracing is on, the tracer, created once. Names come from POWERTOOLS_* env vars."""

from collections.abc import Callable
from typing import Any, cast

from aws_lambda_powertools import Logger, Metrics
from aws_lambda_powertools.metrics import MetricUnit

from .config import tracing_on

logger = Logger()
metrics = Metrics()

type Handler = Callable[[dict[str, Any], Any], dict[str, Any]]


def traced(handler: Handler) -> Handler:
    """The handler under the Powertools tracer when tracing is on, else the handler itself.

    The tracer imports the X-Ray SDK (in maintenance mode), whose recorder builds a botocore session
    at import: it is imported only when it will trace (its cost: docs/performance.md#cold-start).
    """
    if not tracing_on():
        return handler
    from aws_lambda_powertools import Tracer

    return cast(Handler, Tracer().capture_lambda_handler(handler))


__all__ = ["MetricUnit", "logger", "metrics", "traced"]
