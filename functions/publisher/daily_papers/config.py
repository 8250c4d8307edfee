"""The one place that reads the environment. Validated once, then passed around."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .exceptions import ConfigError

LANGUAGES = ("ko", "en")
DEFAULT_HF_API_BASE = "https://huggingface.co"
DEFAULT_TELEGRAM_API_BASE = "https://api.telegram.org"


@dataclass(frozen=True, slots=True)
class Settings:
    bucket: str | None = None
    hf_api_base: str = DEFAULT_HF_API_BASE
    language: str = "ko"
    timezone: str = "Asia/Seoul"
    top_n: int = 0
    base_url: str = ""
    author: str = "daily-papers"
    site_title: str = "Hugging Face Daily Papers"
    http_retries: int = 4
    http_backoff: float = 1.0
    http_timeout: float = 20.0
    hf_min_interval: float = 0.6  # between day fetches in a backfill: HF allows 500 calls / 5 min
    refresh_days: int = 2
    distribution_id: str | None = None
    notify_parameter: str | None = None  # SSM SecureString with the webhook URLs and bot tokens
    notify_topic_arn: str | None = None  # SNS topic readers subscribe to by e-mail
    telegram_api_base: str = DEFAULT_TELEGRAM_API_BASE

    def __post_init__(self) -> None:
        if self.language not in LANGUAGES:
            raise ConfigError(f"SITE_LANGUAGE must be one of {LANGUAGES}, got {self.language!r}")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ConfigError(f"SITE_TIMEZONE {self.timezone!r} is not a known IANA time zone") from exc
        if self.top_n < 0:
            raise ConfigError(f"TOP_N must be 0 (all) or positive, got {self.top_n}")
        if not self.hf_api_base.startswith(("http://", "https://")):
            raise ConfigError(f"HF_API_BASE must be an http(s) URL, got {self.hf_api_base!r}")
        if self.base_url and not self.base_url.startswith(("http://", "https://")):
            raise ConfigError(f"SITE_BASE_URL must be an http(s) URL, got {self.base_url!r}")
        if not 0 <= self.refresh_days <= 14:
            raise ConfigError(f"REFRESH_DAYS must be between 0 and 14, got {self.refresh_days}")
        if self.hf_min_interval < 0:
            raise ConfigError(f"HF_MIN_INTERVAL must be >= 0, got {self.hf_min_interval}")
        if self.http_retries < 0 or self.http_backoff < 0 or self.http_timeout <= 0:
            raise ConfigError("HF_HTTP_RETRIES, HF_HTTP_BACKOFF must be >= 0 and HF_HTTP_TIMEOUT > 0")
        self._check_notify()

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

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        env = os.environ if env is None else env
        values: dict[str, object] = {
            "bucket": env.get("SITE_BUCKET") or None,
            "hf_api_base": (env.get("HF_API_BASE") or DEFAULT_HF_API_BASE).rstrip("/"),
            "language": env.get("SITE_LANGUAGE") or "ko",
            "timezone": env.get("SITE_TIMEZONE") or "Asia/Seoul",
            "top_n": _number(env, "TOP_N", int, 0),
            "base_url": (env.get("SITE_BASE_URL") or "").rstrip("/"),
            "author": env.get("SITE_AUTHOR") or "daily-papers",
            "site_title": env.get("SITE_TITLE") or "Hugging Face Daily Papers",
            "http_retries": _number(env, "HF_HTTP_RETRIES", int, 4),
            "http_backoff": _number(env, "HF_HTTP_BACKOFF", float, 1.0),
            "http_timeout": _number(env, "HF_HTTP_TIMEOUT", float, 20.0),
            "hf_min_interval": _number(env, "HF_MIN_INTERVAL", float, 0.6),
            "refresh_days": _number(env, "REFRESH_DAYS", int, 2),
            "distribution_id": env.get("DISTRIBUTION_ID") or None,
            "notify_parameter": env.get("NOTIFY_PARAMETER") or None,
            "notify_topic_arn": env.get("NOTIFY_TOPIC_ARN") or None,
            "telegram_api_base": (env.get("TELEGRAM_API_BASE") or DEFAULT_TELEGRAM_API_BASE).rstrip("/"),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]


def _number(env: Mapping[str, str], name: str, kind: type, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return kind(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a {kind.__name__}, got {raw!r}") from exc
