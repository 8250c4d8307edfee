"""The Powertools logger's output, captured while a block runs."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO, cast


@contextmanager
def captured_logs() -> Iterator[io.StringIO]:
    from daily_papers.observability import logger

    handler = cast(logging.StreamHandler[TextIO], logger.registered_handler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    try:
        yield stream
    finally:
        if previous is not None:
            handler.setStream(previous)
