"""The environment every benchmark process runs in: fake credentials, no X-Ray, quiet logs."""

import os

FAKE_AWS = {
    "AWS_ACCESS_KEY_ID": "testing",
    "AWS_SECRET_ACCESS_KEY": "testing",
    "AWS_SESSION_TOKEN": "testing",
    "AWS_DEFAULT_REGION": "us-east-1",
    "POWERTOOLS_SERVICE_NAME": "daily-papers",
    "POWERTOOLS_METRICS_NAMESPACE": "DailyPapers",
    "POWERTOOLS_TRACE_DISABLED": "true",
    "POWERTOOLS_LOG_LEVEL": "WARNING",
}
UNSET = ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "SITE_BUCKET", "DISTRIBUTION_ID")


def apply() -> None:
    """Call before daily_papers is imported: Powertools reads its settings at import."""
    for name in UNSET:
        os.environ.pop(name, None)
    os.environ.update(FAKE_AWS)
