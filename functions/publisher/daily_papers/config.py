"""The one place that reads the environment. Validated once, then passed around."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .exceptions import ConfigError

LANGUAGES = ("ko", "en")
# A Bedrock model ID, inference profile ID or ARN, e.g. apac.amazon.nova-lite-v1:0
_MODEL_ID = re.compile(r"[A-Za-z0-9][\w.:/-]{0,2047}", re.ASCII)
DEFAULT_HF_API_BASE = "https://huggingface.co"


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
    summary_model_id: str | None = None  # empty: no Korean summaries are written
    summary_max_papers: int = 30  # per day, top-ranked first
    summary_timeout: float = 20.0  # seconds to read one Bedrock answer

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
        self._check_summaries()

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
            "summary_model_id": (env.get("SUMMARY_MODEL_ID") or "").strip() or None,
            "summary_max_papers": _number(env, "SUMMARY_MAX_PAPERS", int, 30),
            "summary_timeout": _number(env, "SUMMARY_TIMEOUT", float, 20.0),
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
