"""Domain errors. Adapters translate SDK/HTTP errors into these; the handler maps them to outcomes."""


class DailyPapersError(Exception):
    """Base class for every error this package raises on purpose."""


class ConfigError(DailyPapersError):
    """The environment does not describe a usable configuration."""


class InvalidEvent(DailyPapersError):
    """The invocation event cannot be acted on; retrying it would not help."""


class FetchError(DailyPapersError):
    """The Hugging Face API could not be read or answered something unusable."""


class FetchRefused(FetchError):
    """HF refused the request (4xx other than 429): asking again the same way cannot help."""


class DeadlineExceeded(DailyPapersError):
    """The invocation would run past its deadline: work stops before anything is half-written."""


class StoreError(DailyPapersError):
    """Reading or writing the site store failed."""


class PreconditionFailed(StoreError):
    """A conditional write lost a race: the object changed since it was read."""


class InvalidationError(DailyPapersError):
    """The CDN refused or failed an invalidation; the site itself is published."""


class DeliveryError(DailyPapersError):
    """A notification could not be delivered."""


class ChannelsUnavailable(DeliveryError):
    """The channel list (the SSM parameter) could not be read or is malformed; nothing was sent."""


class SendFailed(DeliveryError):
    """A send failed in a way a later run can fix (timeout, 429, 5xx); `retry_after` in seconds."""

    def __init__(self, message: str, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class SendRefused(DeliveryError):
    """The channel refused the message for good (4xx other than 429): recorded, never retried."""


class SummaryError(DailyPapersError):
    """Bedrock gave no usable Korean summary for a paper; it keeps its English text, and the next run retries."""
