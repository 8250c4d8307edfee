"""Turn an invocation event into a command, or reject it with a clear reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from aws_lambda_powertools.utilities.data_classes import EventBridgeEvent

from .exceptions import InvalidEvent

FIRST_DAY = date(2023, 5, 4)  # the first day of HF Daily Papers
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_MANUAL_KEYS = {"date"}


@dataclass(frozen=True, slots=True)
class PublishDay:
    day: date
    scheduled: bool = False


def parse_event(event: Any, now: datetime) -> PublishDay:
    if not isinstance(event, dict):
        raise InvalidEvent(f"the event must be a JSON object, got {type(event).__name__}")
    if event.get("source") == "aws.scheduler" or event.get("detail-type") == "Scheduled Event":
        return PublishDay(latest_complete_day(_event_time(event)), scheduled=True)
    if "date" in event:
        extra = sorted(set(event) - _MANUAL_KEYS)
        if extra:
            raise InvalidEvent(f'unknown field(s) {extra}; a manual event is {{"date": "YYYY-MM-DD"}}')
        return PublishDay(parse_day(event["date"], now))
    raise InvalidEvent(
        'unrecognised event: expected {"date": "YYYY-MM-DD"} or an EventBridge Scheduler event'
    )


def parse_day(value: Any, now: datetime) -> date:
    """A YYYY-MM-DD HF day that exists: on or after FIRST_DAY and not after today (UTC)."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise InvalidEvent(f"date must be a string YYYY-MM-DD, got {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidEvent(f"date {value!r} is not a real calendar day") from exc
    if day < FIRST_DAY:
        raise InvalidEvent(f"date {value} is before HF Daily Papers began ({FIRST_DAY})")
    today = now.astimezone(UTC).date()
    if day > today:
        raise InvalidEvent(f"date {value} is in the future (today is {today} UTC)")
    return day


def latest_complete_day(moment: datetime) -> date:
    """HF days are UTC days that fill in as they go: the latest complete one is yesterday (UTC)."""
    return moment.astimezone(UTC).date() - timedelta(days=1)


def _event_time(event: dict[str, Any]) -> datetime:
    raw = EventBridgeEvent(event).get("time")
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidEvent(f"scheduler event has no valid 'time' (got {raw!r})") from exc
    if moment.tzinfo is None:
        raise InvalidEvent(f"scheduler event time {raw!r} has no time zone")
    return moment
