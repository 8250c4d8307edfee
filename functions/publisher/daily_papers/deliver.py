"""Deliver stage: after the site is published, announce the day once per channel.

Which days: the day asked for (the scheduled run's, or a {"date", "notify": true}) gets a record
per channel; the scheduled run also retries the records of the RECENT_DAYS before it that a
failed send or a crashed run left due. Days without records (refreshes, backfills, rebuilds,
channels added later) are never announced. Each channel is isolated, no claim is taken when the
deadline is near, and nothing here fails the run: failures are recorded and counted."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from traceback import extract_tb

from .config import Settings
from .exceptions import ChannelsUnavailable, PreconditionFailed, SendFailed, SendRefused
from .ledger import REFUSED, RETRY, SENDING, SENT, Ledger, Record
from .messages import Announcement, announcement
from .models import Edition
from .observability import MetricUnit, logger, metrics
from .ports import Channel, ChannelSource, Store

RECENT_DAYS = 3  # a failed send is retried by the scheduled runs of the next 3 days, then it is stale news
SEND_MARGIN = 60.0  # seconds: a send (at most 3 connects of 5 s and a 10-s read) and its records fit in this
MAX_RETRY_AFTER = timedelta(days=1)
CLAIMED = "claimed elsewhere"
# day -> channel -> what this run did (sent, retry, refused, ...); "channels" -> sources that failed
Report = dict[str, dict[str, str]]
# What a run reports for a record it may not claim.
EARLIER = {SENT: "already sent", REFUSED: "refused earlier", SENDING: CLAIMED, RETRY: "waiting"}
Load = Callable[[date], Edition | None]


class Courier:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        sources: list[ChannelSource],
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ):
        self.settings = settings
        self.ledger = Ledger(store)
        self.sources = sources
        self.clock = clock

    def deliver(self, day: date, load: Load, *, sweep: bool, time_left: Callable[[], float]) -> Report:
        """Announce `day` (and, with sweep, retry the recent days left due); never raises."""
        channels, report = self._channels()
        messages: dict[date, Announcement | None] = {}

        def message(d: date) -> Announcement | None:
            if d not in messages:
                edition = load(d)
                messages[d] = None if edition is None else announcement(edition, self.settings)
            return messages[d]

        days = [day] + ([day - timedelta(days=n) for n in range(1, RECENT_DAYS + 1)] if sweep else [])
        for d in days:
            results = {}
            for channel in channels:
                result = self._one(d, channel, d == day, message, time_left)
                if result:
                    results[channel.name] = result
            if results:
                report[d.isoformat()] = results
        return report

    def _channels(self) -> tuple[list[Channel], Report]:
        channels: list[Channel] = []
        unavailable: dict[str, str] = {}
        for source in self.sources:
            try:
                channels += source.channels()
            except ChannelsUnavailable as exc:
                logger.error("Notification channels unavailable", source=type(source).__name__, reason=str(exc))
                metrics.add_metric(name="DeliveryFailed", unit=MetricUnit.Count, value=1)
                unavailable[type(source).__name__] = "unavailable"
        return channels, {"channels": unavailable} if unavailable else {}

    def _one(
        self,
        day: date,
        channel: Channel,
        new: bool,
        message: Callable[[date], Announcement | None],
        time_left: Callable[[], float],
    ) -> str | None:
        """Claim, send and record one channel's message for one day; the result, or None if not due."""
        key = day.isoformat()
        try:
            record = self.ledger.read(key, channel.name)
            if record is None and not new:
                return None
            if record is not None and not record.due(self.clock()):
                return EARLIER[record.state]
            text = message(day)
            if text is None:
                return None  # nothing published that day
            if time_left() < SEND_MARGIN:
                return self._defer(key, channel, record)
            claim = self.ledger.claim(key, channel.name, record, self.clock())
        except PreconditionFailed:
            return CLAIMED  # another run claimed it first
        except Exception:
            logger.exception("Delivery record unavailable", day=key, channel=channel.name)
            metrics.add_metric(name="DeliveryFailed", unit=MetricUnit.Count, value=1)
            return "failed"
        return self._send(key, channel, claim, text)

    def _send(self, key: str, channel: Channel, claim: Record, message: Announcement) -> str:
        until: datetime | None = None
        error: str | None = None
        try:
            channel.send(message)
        except Exception as exc:
            state, until, error = _failure(exc, self.clock())
            logger.warning("Delivery failed", day=key, channel=channel.name, state=state, reason=error)
        else:
            state = SENT
        metrics.add_metric(name="MessagesSent" if state == SENT else "DeliveryFailed", unit=MetricUnit.Count, value=1)
        try:
            self.ledger.finish(key, channel.name, claim, state, self.clock(), until=until, error=error)
        except Exception:
            # The record stays "sending": once the claim expires a later run sends again.
            logger.exception("Delivery record not completed", day=key, channel=channel.name, state=state)
            metrics.add_metric(name="DeliveryFailed", unit=MetricUnit.Count, value=1)
            return "unrecorded"
        logger.info("Delivery recorded", day=key, channel=channel.name, state=state)
        return state

    def _defer(self, key: str, channel: Channel, record: Record | None) -> str:
        logger.warning("Too close to the deadline to send; left for the next run", day=key, channel=channel.name)
        if record is None:
            try:
                self.ledger.defer(key, channel.name, self.clock(), "deadline")
            except PreconditionFailed:
                pass  # another run wrote it first: it is due either way
        return "deferred"


def _failure(exc: Exception, now: datetime) -> tuple[str, datetime | None, str]:
    """The one map from a failed send to its record: refused for good, or due again later."""
    if isinstance(exc, SendRefused):
        return REFUSED, None, str(exc)
    if isinstance(exc, SendFailed):
        wait = exc.retry_after
        until = now + min(timedelta(seconds=wait), MAX_RETRY_AFTER) if wait else None
        return RETRY, until, str(exc)
    # Its message (and so a traceback) could quote a secret URL: log where it happened, not what it says.
    frames = [f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}" for frame in extract_tb(exc.__traceback__)]
    logger.error("Unexpected delivery error", error=type(exc).__name__, frames=frames)
    return RETRY, None, type(exc).__name__
