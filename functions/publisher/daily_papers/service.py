"""The daily job: event -> fetch -> rank -> render -> publish, and the one map of errors to outcomes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from . import urls
from .config import Settings
from .enrich import Enricher
from .events import Backfill, Command, Rebuild, parse_event
from .exceptions import InvalidationError, InvalidEvent
from .models import Edition
from .observability import MetricUnit, logger, metrics
from .ports import Enricher as EnrichStage
from .ports import Invalidator, PaperSource, Store
from .publish import SitePublisher
from .rank import rank
from .render import SiteRenderer

STOP_MARGIN_MS = 60_000  # a backfill stops this long before the Lambda timeout
Remaining = Callable[[], int]


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # published | unchanged | kept | empty | rejected | rebuilt | backfilled | partial
    date: str | None = None
    papers: int = 0
    keys: list[str] = field(default_factory=list)
    error: str | None = None
    days: list[dict[str, Any]] | None = None
    resume_from: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def invoke(make: Callable[[], DailyPapers], event: Any, remaining_ms: Remaining) -> dict[str, Any]:
    """One Lambda invocation: get the service (built once per container) and run the event.

    A service that cannot be built (bad configuration) is a failed run too, counted like any other.
    """
    try:
        service = make()
    except Exception:
        metrics.add_metric(name="RunFailed", unit=MetricUnit.Count, value=1)
        raise
    return service.handle(event, remaining_ms).to_dict()


class DailyPapers:
    def __init__(
        self,
        settings: Settings,
        source: PaperSource,
        store: Store,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cdn: Invalidator | None = None,
        pause: Callable[[float], None] = time.sleep,
        enricher: EnrichStage | None = None,
    ):
        self.settings = settings
        self.source = source
        self.clock = clock
        self.cdn = cdn
        self.pause = pause
        self.enricher: EnrichStage = enricher or Enricher()  # the default only carries cached summaries
        self.time_left = _seconds(None)  # until this run must stop; set by run()
        self.publisher = SitePublisher(store, SiteRenderer(settings))

    def handle(self, event: Any, remaining_ms: Remaining | None = None) -> Outcome:
        """Run one invocation. Bad events are answered, not raised: retrying them cannot help."""
        try:
            command = parse_event(event, self.clock())
        except InvalidEvent as exc:
            logger.warning("Rejected event", reason=str(exc))
            metrics.add_metric(name="EventsRejected", unit=MetricUnit.Count, value=1)
            return Outcome("rejected", error=str(exc))
        try:
            outcome = self.run(command, remaining_ms)
        except Exception:
            metrics.add_metric(name="RunFailed", unit=MetricUnit.Count, value=1)
            raise
        metrics.add_metric(name="RunCompleted", unit=MetricUnit.Count, value=1)
        return outcome

    def run(self, command: Command, remaining_ms: Remaining | None = None) -> Outcome:
        self.time_left = _seconds(remaining_ms)
        if isinstance(command, Rebuild):
            outcome = Outcome("rebuilt", keys=self.publisher.rebuild())
        elif isinstance(command, Backfill):
            outcome = self.backfill(command, remaining_ms or (lambda: 10**9))
        elif command.scheduled:
            outcome = self.publish_with_refresh(command.day)
        else:
            outcome = self.publish_day(command.day, force=command.force)
        self.invalidate(outcome.keys)
        return outcome

    def publish_day(self, day: date, force: bool = False) -> Outcome:
        outcomes, keys = self.publish_days([day], force)
        return replace(outcomes[0], keys=keys)

    def publish_days(self, days: list[date], force: bool = False) -> tuple[list[Outcome], list[str]]:
        """Fetch each day, then publish those with papers in one batch (shared listings written once).

        Returns each day's outcome (with the keys of its own objects) and every key written.
        """
        prepared = [self._prepare(day, force) for day in days]
        editions = [edition for _, edition in prepared if edition is not None]
        keys = self.publisher.publish(*editions) if editions else []
        outcomes = []
        for outcome, edition in prepared:
            if edition is not None:
                own = [k for k in keys if k in urls.day_keys(edition.day)]
                changed = bool(own or (len(editions) == 1 and keys))  # a lone day also owns its listings
                outcome = replace(outcome, status="published" if changed else "unchanged", keys=own)
                if changed:
                    metrics.add_metric(name="PostsPublished", unit=MetricUnit.Count, value=1)
            logger.info("Day done", day=outcome.date, status=outcome.status, papers=outcome.papers, keys=outcome.keys)
            outcomes.append(outcome)
        return outcomes, keys

    def _prepare(self, day: date, force: bool) -> tuple[Outcome, Edition | None]:
        """Fetch and rank a day; None when there is nothing to publish (no papers, or a shorter list)."""
        papers = self.source.fetch_day(day)
        metrics.add_metric(name="PapersFetched", unit=MetricUnit.Count, value=len(papers))
        if not papers:
            logger.info("No papers for this day; the site is left as it was", day=day.isoformat())
            return Outcome("empty", day.isoformat()), None
        edition = Edition(day, rank(papers, self.settings.top_n), ranked_at=self.clock(), total=len(papers))
        published = self.publisher.published_edition(day)
        if published is not None and not force and published.total > edition.total:
            logger.warning("Fewer papers than published; keeping the published day", day=day.isoformat())
            return Outcome("kept", day.isoformat(), len(published.papers), error="partial list"), None
        edition = self.enricher.enrich(edition, previous=published, time_left=self.time_left)
        if published is not None and not force:
            if published.papers == edition.papers:
                # same bytes, so nothing is uploaded, but a day a failed run left incomplete is completed
                edition = replace(edition, ranked_at=published.ranked_at)
        return Outcome("published", day.isoformat(), len(edition.papers)), edition

    def publish_with_refresh(self, day: date) -> Outcome:
        """The scheduled run: the latest complete day and the REFRESH_DAYS before it, in one batch."""
        days = [day - timedelta(days=n) for n in range(self.settings.refresh_days + 1)]
        (main, *refreshed), keys = self.publish_days(days)
        return replace(main, keys=keys, days=[r.to_dict() for r in refreshed] or None)

    def backfill(self, command: Backfill, remaining_ms: Remaining) -> Outcome:
        published = set() if command.force else set(self.publisher.load_manifest()[0].days)
        done: list[Outcome] = []
        for index, day in enumerate(command.days()):
            if day in published:
                continue
            if remaining_ms() < STOP_MARGIN_MS:
                logger.warning("Stopping the backfill before the timeout", resume_from=day.isoformat())
                return self._backfill_outcome("partial", done, resume_from=day.isoformat())
            if index and self.settings.hf_min_interval:
                self.pause(self.settings.hf_min_interval)
            done.append(self.publish_day(day, force=command.force))
        return self._backfill_outcome("backfilled", done)

    def invalidate(self, keys: list[str]) -> None:
        if not (self.cdn and keys):
            return
        try:
            self.cdn.invalidate(["/" + key for key in dict.fromkeys(keys)])
        except InvalidationError:
            logger.exception("CloudFront invalidation failed; the site is published but may be stale")
            metrics.add_metric(name="InvalidationFailed", unit=MetricUnit.Count, value=1)

    @staticmethod
    def _backfill_outcome(status: str, done: list[Outcome], resume_from: str | None = None) -> Outcome:
        return Outcome(
            status,
            papers=sum(o.papers for o in done if o.status == "published"),
            keys=list(dict.fromkeys(k for o in done for k in o.keys)),
            days=[o.to_dict() | {"keys": len(o.keys)} for o in done],
            resume_from=resume_from,
        )


def _seconds(remaining_ms: Remaining | None) -> Callable[[], float]:
    """Seconds left before the deadline (Lambda's remaining time); no deadline: a very large number."""
    if remaining_ms is None:
        return lambda: 1e9
    return lambda: remaining_ms() / 1000
