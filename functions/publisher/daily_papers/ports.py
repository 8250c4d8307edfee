"""The boundaries the domain talks through. Adapters: fetch.HfApiSource, store.*, aws.*, bedrock.*,
webhooks.*, mail.*."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol, runtime_checkable

from .deadline import Deadline
from .messages import Announcement
from .models import Edition, Paper
from .periods import Period


class PaperSource(Protocol):
    def fetch_day(self, day: date, deadline: Deadline | None = None) -> list[Paper]:
        """Every valid paper HF lists for that UTC day, once each, in API order; DeadlineExceeded
        (nothing returned) if that cannot be done before the deadline."""
        ...

    def fetch_period(self, period: Period, deadline: Deadline | None = None) -> list[Paper]:
        """Every valid paper HF lists for that ISO week or month (current likes), once each; the same
        errors as fetch_day."""
        ...


def content_hash(body: bytes) -> str:
    """The digest every writer stores in an object's metadata ("sha256") to skip rewriting the same bytes."""
    return hashlib.sha256(body).hexdigest()


@dataclass(frozen=True, slots=True)
class StoredObject:
    key: str
    body: bytes
    etag: str
    metadata: dict[str, str] = field(default_factory=dict)


class Store(Protocol):
    """A flat key -> bytes store with the conditional writes S3 offers."""

    def get(self, key: str) -> StoredObject | None: ...

    def head(self, key: str) -> StoredObject | None:
        """Like get, with an empty body: etag and metadata only."""
        ...

    def put(
        self,
        key: str,
        body: bytes,
        content_type: str,
        *,
        metadata: dict[str, str] | None = None,
        if_match: str | None = None,
        if_none_match: bool = False,
    ) -> str:
        """Write and return the new etag; raise PreconditionFailed if the condition fails."""
        ...

    def list_keys(self, prefix: str) -> list[str]: ...

    def etags(self, prefix: str) -> dict[str, str]:
        """Key -> etag of every object under prefix, from one listing (the etag `get` would return)."""
        ...


@runtime_checkable
class Reopenable(Protocol):
    def reopen(self) -> Store:
        """The same store for a worker process: its own connections, nothing shared across a fork."""
        ...


class Invalidator(Protocol):
    def invalidate(self, paths: list[str]) -> str:
        """Invalidate these URL paths in one batch; return the invalidation id."""
        ...


class Channel(Protocol):
    """One place a notification goes: a Slack or Discord webhook, a Telegram chat, an e-mail topic."""

    @property
    def name(self) -> str:
        """Names its delivery records, e.g. 'slack-1a2b3c4d5e': stable, and never a secret."""
        ...

    def send(self, message: Announcement) -> None:
        """Deliver once; raise SendFailed (a later run retries) or SendRefused (never retried)."""
        ...


class ChannelSource(Protocol):
    def channels(self) -> list[Channel]:
        """The configured channels; raise ChannelsUnavailable when they cannot be read."""


class Summariser(Protocol):
    """A language model answering one prompt at a time."""

    model_id: str

    def converse(self, system: str, prompt: str) -> str:
        """The model's complete answer; raise SummaryError on any failure or a cut-off or filtered answer."""
        ...


class Enricher(Protocol):
    def enrich(self, edition: Edition, previous: Edition | None, time_left: Callable[[], float]) -> Edition:
        """The edition with Korean titles and summaries: reused from `previous`, else written while
        `time_left()` (seconds) allows. Never raises for a paper it could not summarise."""
        ...

    def pending(self, edition: Edition) -> bool:
        """Whether enriching the edition again would send papers (some lack a current summary)."""
        ...
