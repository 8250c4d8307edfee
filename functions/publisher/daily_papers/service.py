"""The daily job: event -> fetch -> rank -> render -> publish, and the one map of errors to outcomes."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from . import digest, urls
from .config import Settings
from .deadline import Deadline
from .deliver import Courier
from .deliver import Report as DeliveryReport
from .enrich import Enricher
from .events import Backfill, Command, PublishDay, Rebuild, latest_complete_day, parse_event
from .exceptions import DeadlineExceeded, FetchError, InvalidationError, InvalidEvent
from .models import Edition, Paper, PeriodSnapshot
from .observability import MetricUnit, logger, metrics
from .periods import KINDS, Period, covering, ended, of
from .ports import Enricher as EnrichStage
from .ports import Invalidator, PaperSource
from .publish import Read, Report, SitePublisher
from .rank import rank
from .site_state import CorruptDay, CorruptSnapshot, SiteState, UnreadableManifest

STOP_MARGIN_S = 60  # work that cannot finish this long before the Lambda timeout is not started
Remaining = Callable[[], int]
NO_DEADLINE = Deadline()


@dataclass(frozen=True, slots=True)
class Outcome:
    status: str  # published | unchanged | repaired | kept | empty | rejected | rebuilt | backfilled | partial
    date: str | None = None
    papers: int = 0
    keys: list[str] = field(default_factory=list)
    error: str | None = None
    days: list[dict[str, Any]] | None = None
    resume_from: str | None = None
    repairs: list[str] | None = None  # damage found in the site's state and repaired by this run
    skipped: list[dict[str, str]] | None = None  # data days left out of the site: unreadable
    delivered: DeliveryReport | None = None  # day -> channel -> sent | retry | refused | busy | ...
    periods: dict[str, str] | None = None  # weekly/monthly periods closed by this run: name -> closed | failed
    skipped_snapshots: list[dict[str, str]] | None = None  # period snapshots that cannot be read

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None}


def invoke(make: Callable[[], DailyPapers], event: Any, remaining_ms: Remaining) -> dict[str, Any]:
    """One Lambda invocation: get the service (built once per container) and run the event.

    Any exception (bad configuration, an event that breaks the parser, a failed run) is counted here,
    once, as RunFailed and re-raised as itself: the metrics flush then never replaces it with
    "Must contain at least one metric".
    """
    try:
        return make().handle(event, remaining_ms).to_dict()
    except Exception:
        metrics.add_metric(name="RunFailed", unit=MetricUnit.Count, value=1)
        raise


class DailyPapers:
    def __init__(
        self,
        settings: Settings,
        source: PaperSource,
        publisher: SitePublisher,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        cdn: Invalidator | None = None,
        pause: Callable[[float], None] = time.sleep,
        courier: Courier | None = None,
        enricher: EnrichStage | None = None,
    ):
        self.settings = settings
        self.source = source
        self.clock = clock
        self.cdn = cdn
        self.pause = pause
        self.courier = courier
        self.enricher: EnrichStage = enricher or Enricher()  # the default only carries cached summaries
        self.publisher = publisher  # writes the site

    @property
    def state(self) -> SiteState:
        """The reader of the site's state (manifest, editions, published days); the publisher writes."""
        return self.publisher.state

    def handle(self, event: Any, remaining_ms: Remaining | None = None) -> Outcome:
        """Run one invocation. Bad events are answered, not raised: retrying them cannot help.

        Anything else raised propagates; `invoke` counts it as RunFailed.
        """
        try:
            command = parse_event(event, self.clock())
        except InvalidEvent as exc:
            logger.warning("Rejected event", reason=str(exc))
            metrics.add_metric(name="EventsRejected", unit=MetricUnit.Count, value=1)
            return Outcome("rejected", error=str(exc))
        outcome = self.run(command, remaining_ms)
        metrics.add_metric(name="RunCompleted", unit=MetricUnit.Count, value=1)
        return outcome

    def run(self, command: Command, remaining_ms: Remaining | None = None) -> Outcome:
        deadline = Deadline(remaining_ms, STOP_MARGIN_S)
        if isinstance(command, Rebuild):
            outcome = self._reported(Outcome("rebuilt"), self.publisher.rebuild())
        elif isinstance(command, Backfill):
            outcome = self.backfill(command, deadline)
        elif command.scheduled:
            outcome = self.publish_with_refresh(command.day, deadline)
        else:
            outcome = self.publish_day(command.day, force=command.force, deadline=deadline)
        self.invalidate(outcome.keys)
        if isinstance(command, PublishDay) and (command.scheduled or command.notify):
            outcome = self.announce(command, outcome, remaining_ms)
        return outcome

    def announce(self, command: PublishDay, outcome: Outcome, remaining_ms: Remaining | None) -> Outcome:
        """After the publish: tell the channels, once each (deliver.py). Never fails the run."""
        if self.courier is None:
            return outcome
        report = self.courier.deliver(
            command.day,
            self.state.published_edition,
            sweep=command.scheduled,
            time_left=Deadline(remaining_ms).left,
        )
        return replace(outcome, delivered=report or None)

    def publish_day(self, day: date, force: bool = False, deadline: Deadline = NO_DEADLINE) -> Outcome:
        outcomes, report = self.publish_days([day], force, deadline)
        return self._reported(replace(outcomes[0], keys=report.keys), report)

    def publish_days(
        self, days: list[date], force: bool = False, deadline: Deadline = NO_DEADLINE
    ) -> tuple[list[Outcome], Report]:
        """Fetch each day, then publish those with papers in one batch (shared listings written once).

        Returns each day's outcome (with the keys of its own objects) and the publisher's report.
        Days that cannot be fetched before the deadline are not published ("partial", resume_from).
        """
        prepared: list[tuple[Outcome, Edition | None]] = []
        repairs: list[str] = []
        for day in days:
            if prepared and prepared[-1][0].status == "partial":
                prepared.append((_out_of_time(day, "an earlier day ran out of time"), None))
                continue
            prepared.append(self._prepare(day, force, deadline, repairs))
        editions = [edition for _, edition in prepared if edition is not None]
        report = self.publisher.write_days(*editions) if editions else Report()
        report.repairs[:0] = repairs
        outcomes = []
        for outcome, edition in prepared:
            if edition is not None:
                own = [k for k in report.keys if k in urls.day_keys(edition.day)]
                changed = bool(own or (len(editions) == 1 and report.keys))  # a lone day owns its listings
                outcome = replace(outcome, status="published" if changed else "unchanged", keys=own)
                if changed:
                    metrics.add_metric(name="PostsPublished", unit=MetricUnit.Count, value=1)
            logger.info("Day done", day=outcome.date, status=outcome.status, papers=outcome.papers, keys=outcome.keys)
            outcomes.append(outcome)
        return outcomes, report

    def _prepare(
        self, day: date, force: bool, deadline: Deadline, repairs: list[str]
    ) -> tuple[Outcome, Edition | None]:
        """Fetch and rank a day; None when there is nothing to publish (no papers, a shorter list, no time)."""
        try:
            papers = self.source.fetch_day(day, deadline)
        except DeadlineExceeded as exc:
            return _out_of_time(day, str(exc)), None
        metrics.add_metric(name="PapersFetched", unit=MetricUnit.Count, value=len(papers))
        if not papers:
            logger.info("No papers for this day; the site is left as it was", day=day.isoformat())
            return Outcome("empty", day.isoformat()), None
        edition = Edition(day, rank(papers, self.settings.top_n), ranked_at=self.clock(), total=len(papers))
        published = self._published(day, repairs)
        if published is not None and not force and _partial(papers, published):
            logger.warning("Fewer papers than published; keeping the published day", day=day.isoformat())
            return Outcome("kept", day.isoformat(), len(published.papers), error="partial list"), None
        edition = self.enricher.enrich(edition, previous=published, time_left=Deadline(deadline.remaining_ms).left)
        if published is not None and not force:
            if published.papers == edition.papers:
                # same bytes, so nothing is uploaded, but a day a failed run left incomplete is completed
                edition = replace(edition, ranked_at=published.ranked_at)
        return Outcome("published", day.isoformat(), len(edition.papers)), edition

    def _published(self, day: date, repairs: list[str]) -> Edition | None:
        """The published edition; an unreadable one is reported and replaced by the fresh fetch."""
        try:
            return self.state.published_edition(day)
        except CorruptDay as exc:
            logger.warning("The published data of this day is unreadable; replacing it", key=urls.day_data(day))
            repairs.append(f"{exc}; replaced by a fresh fetch")
            return None

    def publish_with_refresh(self, day: date, deadline: Deadline = NO_DEADLINE) -> Outcome:
        """The scheduled run: the latest complete day and the days `refreshed` chooses, in one batch;
        then the week and the month that ended most recently are closed (see `close`)."""
        (main, *refreshed), report = self.publish_days([day, *self.refreshed(day)], deadline=deadline)
        closed: dict[str, str] = {}
        for kind in KINDS:
            closed.update(self.close(of(kind, day + timedelta(days=1)).previous(), deadline, report))
        outcome = replace(main, days=[r.to_dict() for r in refreshed] or None, periods=closed or None)
        return self._reported(outcome, report)

    def refreshed(self, day: date) -> list[date]:
        """The earlier days a scheduled run publishes again: the day REFRESH_DAYS before `day`, once its
        likes have grown for that long, and any day between that is not settled: missing or unreadable
        (a run failed), or with papers whose Korean summary failed (retried by the next run). A settled
        day in between waits for its turn: each day is rewritten once after it first appears, not on
        every run, which keeps the run's writes within budget (docs/performance.md)."""
        lag = self.settings.refresh_days
        if lag == 0:
            return []
        between = [day - timedelta(days=n) for n in range(1, lag)]
        return [d for d in between if not self._settled(d)] + [day - timedelta(days=lag)]

    def _settled(self, day: date) -> bool:
        try:
            published = self.state.published_edition(day)
        except CorruptDay:
            return False  # published again, and so repaired, from a fresh fetch
        return published is not None and not self.enricher.pending(published)

    def close(self, period: Period, deadline: Deadline, report: Report) -> dict[str, str]:
        """Close an ended period the site has days in: take its snapshot of HF's list once (again while
        it is missing or unreadable), then render its pages from what is stored. Taking it can fail
        (HF, time): the pages stay built from the stored days, the next run tries again, and the run
        goes on. Returns {period: closed | failed}, empty when there was nothing to take.

        What the publish just read (`report.read`: its manifest, snapshots and editions, current when
        it ended) is used rather than read again."""
        try:
            read = report.read or Read(self.state.read_manifest()[0], {}, {})
        except UnreadableManifest:
            return {}  # a publish repairs the index first; the next run closes the period
        manifest = read.manifest
        days = manifest.days_between(period.start, period.end)
        if not days:
            return {}
        stored = read.snapshots.get(period) or self._stored_snapshot(period)
        status: dict[str, str] = {}
        if stored is None:
            taken = self._take(period, days, deadline, read.editions)
            status[period.name] = "closed" if taken else "failed"
            if taken is not None:
                report.add(self.publisher.write_snapshot(taken))
                return status
        report.add(self.publisher.settle_period(period, read=(manifest, stored) if stored else None))
        return status

    def _stored_snapshot(self, period: Period) -> PeriodSnapshot | None:
        """The period's stored snapshot; None when it has none, or an unreadable one (taken again)."""
        try:
            found = self.state.snapshot(period)
        except CorruptSnapshot:
            return None
        return found[0] if found else None

    def _take(
        self, period: Period, days: list[date], deadline: Deadline, known: dict[date, Edition]
    ) -> PeriodSnapshot | None:
        """HF's list of the period, its papers filed under the stored days (`known`: those already read)."""
        try:
            papers = self.source.fetch_period(period, deadline)
            if not papers:
                raise FetchError(f"{period}: HF lists no papers for a period the site has days in")
        except (FetchError, DeadlineExceeded) as exc:
            logger.warning(
                "The period's likes could not be read; its page stays ranked from its days until the next run",
                period=period.name,
                reason=str(exc),
            )
            metrics.add_metric(name="DigestFailed", unit=MetricUnit.Count, value=1)
            return None
        stored = {}
        for day in days:
            try:
                stored[day] = known[day] if day in known else self.state.edition(day)[0]
            except CorruptDay:
                continue  # named by the publish; its papers are filed under HF's day
        metrics.add_metric(name="DigestsClosed", unit=MetricUnit.Count, value=1)
        return digest.snapshot(period, papers, stored, self.clock())

    def close_covered(self, days: list[date], deadline: Deadline) -> tuple[dict[str, str], Report]:
        """A backfill's periods: each one its days cover that has ended is closed, while time allows."""
        report, closed = Report(), dict[str, str]()
        latest = latest_complete_day(self.clock())
        for period in [p for kind in KINDS for p in covering(kind, days) if ended(p, latest)]:
            if deadline.reached():
                logger.warning("Stopping before the timeout; the next run closes the rest", period=period.name)
                break
            if closed and self.settings.hf_min_interval:
                self.pause(self.settings.hf_min_interval)
            closed.update(self.close(period, deadline, report))
        return closed, report

    def backfill(self, command: Backfill, deadline: Deadline = NO_DEADLINE) -> Outcome:
        published = set() if command.force else self.state.data_days()
        done: list[Outcome] = []
        fetched = False
        for day in command.days():
            if day in published:
                continue
            if deadline.reached():
                logger.warning("Stopping the backfill before the timeout", resume_from=day.isoformat())
                return self._backfill_outcome("partial", done, resume_from=day.isoformat())
            if fetched and self.settings.hf_min_interval:
                self.pause(self.settings.hf_min_interval)
            fetched = True
            outcome = self.publish_day(day, force=command.force, deadline=deadline)
            if outcome.status == "partial":
                return self._backfill_outcome("partial", done, resume_from=day.isoformat())
            done.append(outcome)
        closed, report = self.close_covered(command.days(), deadline)
        outcome = self._backfill_outcome("backfilled", done)
        report.keys[:0] = outcome.keys
        return self._reported(replace(outcome, periods=closed or None), report)

    def invalidate(self, keys: list[str]) -> None:
        if not (self.cdn and keys):
            return
        try:
            self.cdn.invalidate(["/" + key for key in dict.fromkeys(keys)])
        except InvalidationError:
            logger.exception("CloudFront invalidation failed; the site is published but may be stale")
            metrics.add_metric(name="InvalidationFailed", unit=MetricUnit.Count, value=1)

    @staticmethod
    def _reported(outcome: Outcome, report: Report) -> Outcome:
        """Carry what the publisher repaired and skipped into the outcome, the log and the metrics:
        a repair is never an ordinary success, and an unreadable day is named on every run."""
        skipped = [{"date": d.isoformat(), "reason": why} for d, why in sorted(report.skipped.items())]
        if report.repairs:
            logger.warning("Repaired the site's state", repairs=report.repairs)
            metrics.add_metric(name="StateRepaired", unit=MetricUnit.Count, value=len(report.repairs))
            if outcome.status == "unchanged":
                outcome = replace(outcome, status="repaired")
        if skipped:
            logger.warning("Days left out of the site: their data cannot be read", skipped=skipped)
            metrics.add_metric(name="DaysSkipped", unit=MetricUnit.Count, value=len(skipped))
        snapshots = [{"key": key, "reason": why} for key, why in sorted(report.snapshots.items())]
        if snapshots:
            logger.warning("Period snapshots that cannot be read; ranked from their days", snapshots=snapshots)
            metrics.add_metric(name="SnapshotsSkipped", unit=MetricUnit.Count, value=len(snapshots))
        return replace(
            outcome,
            keys=report.keys,
            repairs=report.repairs or None,
            skipped=skipped or None,
            skipped_snapshots=snapshots or None,
        )

    @staticmethod
    def _backfill_outcome(status: str, done: list[Outcome], resume_from: str | None = None) -> Outcome:
        return Outcome(
            status,
            papers=sum(o.papers for o in done if o.status == "published"),
            keys=list(dict.fromkeys(k for o in done for k in o.keys)),
            days=[o.to_dict() | {"keys": len(o.keys)} for o in done],
            resume_from=resume_from,
        )


def _partial(fetched: list[Paper], published: Edition) -> bool:
    """A shorter list that lacks papers already published (HF still filling the day, or a glitch).
    Judged by ids, so a day whose stored total was once inflated is not frozen by it."""
    ids = {p.id for p in fetched}
    return published.total > len(fetched) and any(p.id not in ids for p in published.papers)


def _out_of_time(day: date, why: str) -> Outcome:
    logger.warning("Out of time before this day could be fetched; nothing of it was written", day=day.isoformat())
    metrics.add_metric(name="DeadlineReached", unit=MetricUnit.Count, value=1)
    return Outcome("partial", day.isoformat(), error=why, resume_from=day.isoformat())
