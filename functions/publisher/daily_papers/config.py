"""The one place that reads the environment. Validated once, then passed around."""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import Field, dataclass, field, fields
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .exceptions import ConfigError
from .models import SNAPSHOT_PAPERS

LANGUAGES = ("ko", "en")


def _env[T](name: str, default: T, read: Callable[[str], T]) -> T:
    """A setting: its environment variable, its default and how to read it, written once."""
    return field(default=default, metadata={"env": name, "read": read})


def _url(raw: str) -> str:
    return raw.rstrip("/")


# A Bedrock model ID, inference profile ID or ARN, e.g. apac.amazon.nova-lite-v1:0
_MODEL_ID = re.compile(r"[A-Za-z0-9][\w.:/-]{0,2047}", re.ASCII)


@dataclass(frozen=True, slots=True)
class Settings:
    bucket: str | None = _env("SITE_BUCKET", None, str)
    hf_api_base: str = _env("HF_API_BASE", "https://huggingface.co", _url)
    language: str = _env("SITE_LANGUAGE", "ko", str)
    timezone: str = _env("SITE_TIMEZONE", "Asia/Seoul", str)
    top_n: int = _env("TOP_N", 0, int)
    digest_top_n: int = _env("DIGEST_TOP_N", 20, int)  # papers on a weekly or monthly page
    base_url: str = _env("SITE_BASE_URL", "", _url)
    author: str = _env("SITE_AUTHOR", "daily-papers", str)
    site_title: str = _env("SITE_TITLE", "Hugging Face Daily Papers", str)
    http_retries: int = _env("HF_HTTP_RETRIES", 4, int)
    http_backoff: float = _env("HF_HTTP_BACKOFF", 1.0, float)
    http_timeout: float = _env("HF_HTTP_TIMEOUT", 20.0, float)
    # between day fetches in a backfill: HF allows 500 calls / 5 min
    hf_min_interval: float = _env("HF_MIN_INTERVAL", 0.6, float)
    refresh_days: int = _env("REFRESH_DAYS", 2, int)
    distribution_id: str | None = _env("DISTRIBUTION_ID", None, str)
    notify_parameter: str | None = _env("NOTIFY_PARAMETER", None, str)  # SSM SecureString: webhooks, bot tokens
    notify_topic_arn: str | None = _env("NOTIFY_TOPIC_ARN", None, str)  # SNS topic readers subscribe to by e-mail
    telegram_api_base: str = _env("TELEGRAM_API_BASE", "https://api.telegram.org", _url)
    summary_model_id: str | None = _env("SUMMARY_MODEL_ID", None, str.strip)  # empty: no Korean summaries
    summary_max_papers: int = _env("SUMMARY_MAX_PAPERS", 30, int)  # per day, top-ranked first
    summary_timeout: float = _env("SUMMARY_TIMEOUT", 20.0, float)  # seconds to read one Bedrock answer

    def __post_init__(self) -> None:
        _check_numbers(self)
        if self.language not in LANGUAGES:
            raise ConfigError(f"SITE_LANGUAGE must be one of {LANGUAGES}, got {self.language!r}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"SITE_TIMEZONE {self.timezone!r} is not a known IANA time zone") from exc
        if not self.hf_api_base.startswith(("http://", "https://")):
            raise ConfigError(f"HF_API_BASE must be an http(s) URL, got {self.hf_api_base!r}")
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"SITE_BASE_URL must be an http(s) URL, got {self.base_url!r}")
        if self.refresh_days > 14:
            raise ConfigError(f"REFRESH_DAYS must be between 0 and 14, got {self.refresh_days}")
        if not 1 <= self.digest_top_n <= SNAPSHOT_PAPERS:
            raise ConfigError(f"DIGEST_TOP_N must be between 1 and {SNAPSHOT_PAPERS}, got {self.digest_top_n}")
        if self.http_timeout <= 0:
            raise ConfigError("HF_HTTP_TIMEOUT must be more than 0 seconds")
        self._check_notify()
        self._check_summaries()

    def _check_notify(self) -> None:
        if not self.telegram_api_base.startswith(("http://", "https://")):
            raise ConfigError(f"TELEGRAM_API_BASE must be an http(s) URL, got {self.telegram_api_base!r}")
        if self.notify_topic_arn and not self.notify_topic_arn.startswith("arn:"):
            raise ConfigError(f"NOTIFY_TOPIC_ARN must be an SNS topic ARN, got {self.notify_topic_arn!r}")
        if self.notifies and not self.base_url:
            raise ConfigError("SITE_BASE_URL is needed to link the notifications (NOTIFY_PARAMETER, NOTIFY_TOPIC_ARN)")

    @property
    def notifies(self) -> bool:
        return bool(self.notify_parameter or self.notify_topic_arn)

    def _check_summaries(self) -> None:
        if self.summary_model_id is not None and not _MODEL_ID.fullmatch(self.summary_model_id):
            raise ConfigError(f"SUMMARY_MODEL_ID must be a Bedrock model or profile ID, got {self.summary_model_id!r}")
        if not 0 <= self.summary_max_papers <= 100:
            raise ConfigError(f"SUMMARY_MAX_PAPERS must be between 0 and 100, got {self.summary_max_papers}")
        if self.summary_timeout <= 0:
            raise ConfigError(f"SUMMARY_TIMEOUT must be > 0, got {self.summary_timeout}")

    @property
    def summary_language(self) -> str | None:
        """Korean summaries for a Korean site with a model configured; an English site needs none."""
        return "ko" if self.language == "ko" and self.summary_model_id and self.summary_max_papers else None

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from the environment (an unset or blank variable keeps its default), then overrides."""
        env = os.environ if env is None else env
        values: dict[str, Any] = {}
        for setting in fields(cls):
            raw = env.get(setting.metadata["env"], "")
            if raw.strip():
                values[setting.name] = _read(setting, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)


def _read(setting: Field[Any], raw: str) -> object:
    read = setting.metadata["read"]
    try:
        return read(raw)
    except ValueError as exc:
        kind = "a whole number" if read is int else "a number"
        raise ConfigError(f"{setting.metadata['env']} must be {kind}, got {raw!r}") from exc


def _check_numbers(settings: Settings) -> None:
    """Every numeric setting is a finite number, 0 or more: no nan, no infinity, no negative."""
    for setting in fields(settings):
        value = getattr(settings, setting.name)
        if isinstance(value, int | float) and not (math.isfinite(value) and value >= 0):
            raise ConfigError(f"{setting.metadata['env']} must be a finite number, 0 or more, got {value!r}")


_TRUE, _FALSE = {"1", "y", "yes", "t", "true", "on"}, {"0", "n", "no", "f", "false", "off"}


def tracing_on(env: Mapping[str, str] | None = None) -> bool:
    """Whether the handler runs under the X-Ray tracer: unless POWERTOOLS_TRACE_DISABLED is true, as
    Powertools reads it. Read apart from Settings: the handler is decorated when `app` is imported."""
    raw = (os.environ if env is None else env).get("POWERTOOLS_TRACE_DISABLED", "").strip().lower()
    if raw and raw not in _TRUE | _FALSE:
        raise ConfigError(f"POWERTOOLS_TRACE_DISABLED must be true or false, got {raw!r}")
    return raw not in _TRUE
