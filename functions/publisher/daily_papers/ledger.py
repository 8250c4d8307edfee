"""Delivery records `notify/KEY/CHANNEL.json`: who sends what, at most one run at a time.

    (none) --claim: create-if-absent--> sending --> sent | retry | refused
    retry (once due) / sending (once expired) --claim: if-match--> sending

Every claim is a conditional write, so of several runs racing for a record exactly one wins.
A claim expires after CLAIM_TTL, longer than any invocation can live, so a crashed run's
message is still delivered and a live run's is never taken over."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from .ports import Store

CLAIM_TTL = timedelta(minutes=16)  # Lambda kills an invocation at 15 minutes
CONTENT_TYPE = "application/json"
SENDING, SENT, RETRY, REFUSED = "sending", "sent", "retry", "refused"


def record_key(key: str, channel: str) -> str:
    return f"notify/{key}/{channel}.json"


@dataclass(frozen=True, slots=True)
class Record:
    state: str
    attempts: int
    etag: str
    until: datetime | None = None  # sending: the claim's expiry; retry: not before

    def due(self, now: datetime) -> bool:
        """May a run claim it now? Sent and refused records are final."""
        if self.state in (SENDING, RETRY):
            return self.until is None or now >= self.until
        return False


class Ledger:
    def __init__(self, store: Store):
        self.store = store

    def read(self, key: str, channel: str) -> Record | None:
        found = self.store.get(record_key(key, channel))
        if found is None:
            return None
        data = json.loads(found.body)
        until = data.get("until")
        return Record(data["state"], int(data.get("attempts", 0)), found.etag, until and datetime.fromisoformat(until))

    def claim(self, key: str, channel: str, current: Record | None, now: datetime) -> Record:
        """Take the record for this run; PreconditionFailed if another run changed it first."""
        attempts = (current.attempts if current else 0) + 1
        body = _body(key, channel, SENDING, attempts, now, until=now + CLAIM_TTL)
        if current is None:
            etag = self.store.put(record_key(key, channel), body, CONTENT_TYPE, if_none_match=True)
        else:
            etag = self.store.put(record_key(key, channel), body, CONTENT_TYPE, if_match=current.etag)
        return Record(SENDING, attempts, etag, now + CLAIM_TTL)

    def finish(
        self,
        key: str,
        channel: str,
        claim: Record,
        state: str,
        now: datetime,
        *,
        until: datetime | None = None,
        error: str | None = None,
    ) -> None:
        """Record how the claimed send ended; PreconditionFailed if the claim was taken over."""
        body = _body(key, channel, state, claim.attempts, now, until=until, error=error)
        self.store.put(record_key(key, channel), body, CONTENT_TYPE, if_match=claim.etag)

    def defer(self, key: str, channel: str, now: datetime, reason: str) -> None:
        """Leave a due record for the next run; PreconditionFailed if one exists already."""
        body = _body(key, channel, RETRY, 0, now, error=reason)
        self.store.put(record_key(key, channel), body, CONTENT_TYPE, if_none_match=True)


def _body(
    key: str,
    channel: str,
    state: str,
    attempts: int,
    now: datetime,
    *,
    until: datetime | None = None,
    error: str | None = None,
) -> bytes:
    data: dict[str, Any] = {"key": key, "channel": channel, "state": state, "attempts": attempts}
    data["updated_at"] = now.isoformat()
    if until is not None:
        data["until"] = until.isoformat()
    if error:
        data["error"] = error
    return json.dumps(data, ensure_ascii=False).encode()
