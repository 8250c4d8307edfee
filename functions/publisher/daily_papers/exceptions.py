"""Domain errors. Adapters translate SDK/HTTP errors into these; the handler maps them to outcomes."""


class DailyPapersError(Exception):
    """Base class for every error this package raises on purpose."""


class ConfigError(DailyPapersError):
    """The environment does not describe a usable configuration."""


class InvalidEvent(DailyPapersError):
    """The invocation event cannot be acted on; retrying it would not help."""


class FetchError(DailyPapersError):
    """The Hugging Face API could not be read or answered something unusable."""


class StoreError(DailyPapersError):
    """Reading or writing the site store failed."""


class PreconditionFailed(StoreError):
    """A conditional write lost a race: the object changed since it was read."""


class InvalidationError(DailyPapersError):
    """The CDN refused or failed an invalidation; the site itself is published."""


class SummaryError(DailyPapersError):
    """Bedrock gave no usable Korean summary for a paper; it keeps its English text, and the next run retries."""
