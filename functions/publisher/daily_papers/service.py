"""The daily job: event -> fetch -> rank -> render -> publish, and the one map of errors to outcomes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from .config import Settings
from .events import PublishDay, parse_event
from .exceptions import InvalidEvent
from .models import Edition
from .observability import MetricUnit, logger, metrics
from .ports import PaperSource, Store
from .publish import SitePublisher
from .rank import rank
from .render import SiteRenderer


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # published | empty | rejected
    date: str | None = None
    papers: int = 0
    keys: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


class DailyPapers:
    def __init__(
        self,
        settings: Settings,
        source: PaperSource,
        store: Store,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.settings = settings
        self.source = source
        self.clock = clock
        self.publisher = SitePublisher(store, SiteRenderer(settings))

    def handle(self, event: Any) -> Outcome:
        """Run one invocation. Bad events are answered, not raised: retrying them cannot help."""
        try:
            command = parse_event(event, self.clock())
        except InvalidEvent as exc:
            logger.warning("Rejected event", reason=str(exc))
            metrics.add_metric(name="EventsRejected", unit=MetricUnit.Count, value=1)
            return Outcome("rejected", error=str(exc))
        try:
            outcome = self.run(command)
        except Exception:
            metrics.add_metric(name="RunFailed", unit=MetricUnit.Count, value=1)
            raise
        metrics.add_metric(name="RunCompleted", unit=MetricUnit.Count, value=1)
        return outcome

    def run(self, command: PublishDay) -> Outcome:
        return self.publish_day(command.day)

    def publish_day(self, day: date) -> Outcome:
        papers = self.source.fetch_day(day)
        metrics.add_metric(name="PapersFetched", unit=MetricUnit.Count, value=len(papers))
        if not papers:
            logger.info("No papers for this day; the site is left as it was", day=day.isoformat())
            return Outcome("empty", day.isoformat())
        edition = Edition(day, rank(papers, self.settings.top_n), ranked_at=self.clock(), total=len(papers))
        keys = self.publisher.publish(edition)
        metrics.add_metric(name="PostsPublished", unit=MetricUnit.Count, value=1)
        logger.info("Published day", day=day.isoformat(), papers=len(edition.papers), keys=keys)
        return Outcome("published", day.isoformat(), len(edition.papers), keys)
