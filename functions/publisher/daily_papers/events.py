"""Turn an invocation event into a command, or reject it with a clear reason."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from .exceptions import InvalidEvent
from .models import FIRST_DAY

MAX_RANGE_DAYS = 366
_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
USAGE = (
    'expected {"date": "YYYY-MM-DD"}, {"from": "YYYY-MM-DD", "to": "YYYY-MM-DD"}, '
    '{"action": "rebuild"} (each may add "force": true, except rebuild; a date may add "notify": true) '
    "or an EventBridge Scheduler event"
)


@dataclass(frozen=True, slots=True)
class PublishDay:
    day: date
    force: bool = False
    scheduled: bool = False
    notify: bool = False  # announce the day to the configured channels (the scheduled run always may)


@dataclass(frozen=True, slots=True)
class Backfill:
    start: date
    end: date
    force: bool = False

    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range((self.end - self.start).days + 1)]


@dataclass(frozen=True, slots=True)
class Rebuild:
    pass


Command = PublishDay | Backfill | Rebuild


def parse_event(event: Any, now: datetime) -> Command:
    if not isinstance(event, dict):
        raise InvalidEvent(f"the event must be a JSON object, got {type(event).__name__}; {USAGE}")
    if event.get("source") == "aws.scheduler" or event.get("detail-type") == "Scheduled Event":
        return PublishDay(_scheduled_day(event, now), scheduled=True)
    if "action" in event:
        _only(event, {"action"})
        if event["action"] != "rebuild":
            raise InvalidEvent(f'unknown action {event["action"]!r}; the only action is "rebuild"')
        return Rebuild()
    if "from" in event or "to" in event:
        _only(event, {"from", "to", "force"})
        return _backfill(event, now)
    if "date" in event:
        _only(event, {"date", "force", "notify"})
        return PublishDay(parse_day(event["date"], now, "date"), force=_force(event), notify=_notify(event))
    raise InvalidEvent(f"unrecognised event with fields {sorted(event)[:5]}; {USAGE}")


def parse_day(value: Any, now: datetime, field: str = "date") -> date:
    """A YYYY-MM-DD HF day that exists: on or after FIRST_DAY and not after today (UTC)."""
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise InvalidEvent(f"{field} must be a string YYYY-MM-DD, got {value!r}")
    try:
        day = date.fromisoformat(value)
    except ValueError as exc:
        raise InvalidEvent(f"{field} {value!r} is not a real calendar day") from exc
    return _existing_day(day, now, field)


def _existing_day(day: date, now: datetime, field: str) -> date:
    if day < FIRST_DAY:
        raise InvalidEvent(f"{field} {day} is before HF Daily Papers began ({FIRST_DAY})")
    today = now.astimezone(UTC).date()
    if day > today:
        raise InvalidEvent(f"{field} {day} is in the future (today is {today} UTC)")
    return day


def latest_complete_day(moment: datetime) -> date:
    """HF days are UTC days that fill in as they go: the latest complete one is yesterday (UTC).

    A moment with no day before it (1 January of year 1) is an InvalidEvent, not an OverflowError.
    """
    try:
        return moment.astimezone(UTC).date() - timedelta(days=1)
    except OverflowError as exc:
        raise InvalidEvent(f"time {moment.isoformat()} is out of range: it has no day before it") from exc


def _backfill(event: dict[str, Any], now: datetime) -> Backfill:
    if "from" not in event or "to" not in event:
        raise InvalidEvent('a backfill needs both "from" and "to"')
    start, end = parse_day(event["from"], now, "from"), parse_day(event["to"], now, "to")
    if start > end:
        raise InvalidEvent(f"from {start} is after to {end}")
    if (end - start).days + 1 > MAX_RANGE_DAYS:
        raise InvalidEvent(f"a backfill covers at most {MAX_RANGE_DAYS} days; split the range")
    return Backfill(start, end, _force(event))


def _only(event: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(set(event) - allowed)
    if extra:
        raise InvalidEvent(f"unknown field(s) {extra}; {USAGE}")


def _force(event: dict[str, Any]) -> bool:
    force = event.get("force", False)
    if not isinstance(force, bool):
        raise InvalidEvent(f"force must be true or false, got {force!r}")
    return force


def _scheduled_day(event: dict[str, Any], now: datetime) -> date:
    """The day a scheduler event asks for, from its own time, which must be a real moment near `now`."""
    moment = _event_time(event)
    now = now.astimezone(UTC)
    if moment - now > timedelta(days=1):
        raise InvalidEvent(
            f"scheduler event time {moment.isoformat()} is more than a day after now ({now.isoformat()})"
        )
    return _existing_day(latest_complete_day(moment), now, "scheduler event day")


def _notify(event: dict[str, Any]) -> bool:
    notify = event.get("notify", False)
    if not isinstance(notify, bool):
        raise InvalidEvent(f"notify must be true or false, got {notify!r}")
    return notify


def _event_time(event: dict[str, Any]) -> datetime:
    raw = event.get("time")  # not Powertools' EventBridgeEvent: its package costs ~15 ms of a cold start
    try:
        moment = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise InvalidEvent(f"scheduler event has no valid 'time' (got {raw!r})") from exc
    if moment.tzinfo is None:
        raise InvalidEvent(f"scheduler event time {raw!r} has no time zone")
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise InvalidEvent(f"scheduler event time {raw!r} is out of range in UTC") from exc
