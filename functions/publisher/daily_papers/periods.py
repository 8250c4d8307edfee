"""ISO weeks and calendar months of UTC days: the periods the weekly and monthly digests cover. Pure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Kind = Literal["weekly", "monthly"]
KINDS: tuple[Kind, ...] = ("weekly", "monthly")
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """An ISO week (Monday to Sunday) or a calendar month, named '2026-W03' or '2026-01'."""

    start: date
    kind: Kind
    end: date  # the last day, included

    @property
    def name(self) -> str:
        if self.kind == "weekly":
            year, week, _ = self.start.isocalendar()
            return f"{year}-W{week:02d}"
        return self.start.isoformat()[:7]

    def __str__(self) -> str:
        return self.name

    def days(self) -> list[date]:
        return [self.start + timedelta(days=n) for n in range((self.end - self.start).days + 1)]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        return of(self.kind, self.end + timedelta(days=1))

    def previous(self) -> Period:
        return of(self.kind, self.start - timedelta(days=1))


def week_of(day: date) -> Period:
    start = day - timedelta(days=day.weekday())
    return Period(start, "weekly", start + timedelta(days=6))


def month_of(day: date) -> Period:
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return Period(start, "monthly", following - timedelta(days=1))


def of(kind: Kind, day: date) -> Period:
    """The period of that kind holding `day`."""
    return week_of(day) if kind == "weekly" else month_of(day)


def parse(kind: Kind, name: str) -> Period:
    """'2026-W03' (weekly) or '2026-01' (monthly) -> Period; ValueError for anything else, such as a
    week 53 in a year that has 52."""
    try:
        if kind == "weekly" and (match := _WEEK.fullmatch(name)):
            return week_of(date.fromisocalendar(int(match[1]), int(match[2]), 1))
        if kind == "monthly" and (match := _MONTH.fullmatch(name)):
            return month_of(date(int(match[1]), int(match[2]), 1))
    except ValueError as exc:
        raise ValueError(f"{name!r} is not a {kind} period: {exc}") from exc
    raise ValueError(f"{name!r} is not a {kind} period")


def covering(kind: Kind, days: Iterable[date]) -> list[Period]:
    """The periods that hold at least one of `days`, oldest first."""
    return sorted({of(kind, day) for day in days})


def ended(period: Period, latest_complete: date) -> bool:
    """Whether HF's list of the period is complete: its last UTC day is complete (the scheduled run
    after Sunday closes the week, the run after a month's last day closes the month)."""
    return period.end <= latest_complete
