"""Build the service from Settings: the one place that picks adapters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .config import Settings
from .deliver import Courier
from .enrich import MAX_TOKENS, TEMPERATURE, Enricher
from .exceptions import ConfigError
from .fetch import HfApiSource
from .ports import ChannelSource, PaperSource, Reopenable, Store, Summariser
from .publish import SitePublisher
from .render import SiteRenderer
from .service import DailyPapers
from .store import LocalStore


def build(settings: Settings, out_dir: str | Path | None = None) -> DailyPapers:
    if not settings.base_url:  # RSS, Atom, JSON Feed and sitemaps are invalid with relative links
        raise ConfigError(
            "SITE_BASE_URL is not set: the feeds and sitemaps need the site's absolute URL "
            "(e.g. SITE_BASE_URL=https://papers.example.org, or http://127.0.0.1:8000 for a local site)"
        )
    source = HfApiSource(
        settings.hf_api_base,
        retries=settings.http_retries,
        backoff=settings.http_backoff,
        timeout=settings.http_timeout,
    )
    cdn = None
    if settings.distribution_id and out_dir is None:
        from .aws import CloudFrontInvalidator

        cdn = CloudFrontInvalidator(settings.distribution_id)
    store = make_store(settings, out_dir)
    courier = make_courier(settings, store)
    return make_service(settings, source, store, cdn=cdn, courier=courier, enricher=make_enricher(settings))


def make_service(settings: Settings, source: PaperSource, store: Store, **options: Any) -> DailyPapers:
    """The service over a store: its publisher (writer and reader of the site) built here, once."""
    return DailyPapers(settings, source, make_publisher(settings, store), **options)


def make_publisher(settings: Settings, store: Store) -> SitePublisher:
    """The site's writer (its reader is `publisher.state`), rendering with the site's settings; a
    store that can be opened again lets a rebuild render in worker processes."""
    reopen = store.reopen if isinstance(store, Reopenable) else None
    return SitePublisher(store, SiteRenderer(settings), reopen=reopen)


def make_enricher(settings: Settings) -> Enricher:
    """Bedrock only for a Korean site with SUMMARY_MODEL_ID set; otherwise cached summaries only."""
    summariser: Summariser | None = None
    if settings.summary_language and settings.summary_model_id:
        from .bedrock import BedrockSummariser  # boto3 is imported only when Bedrock is used

        summariser = BedrockSummariser(
            settings.summary_model_id, max_tokens=MAX_TOKENS, temperature=TEMPERATURE, timeout=settings.summary_timeout
        )
    return Enricher(summariser, settings.summary_max_papers)


def make_store(settings: Settings, out_dir: str | Path | None = None) -> Store:
    if out_dir is not None:
        return LocalStore(out_dir)
    if not settings.bucket:
        raise ConfigError("SITE_BUCKET is not set (or pass --out DIR to write to a folder)")
    from .aws import S3Store  # boto3 is imported only when S3 is used

    return S3Store(settings.bucket)


def make_courier(settings: Settings, store: Store) -> Courier | None:
    """Notifications, when a channel is configured: the parameter's webhooks and chats, the e-mail topic."""
    sources: list[ChannelSource] = []
    if settings.notify_parameter:
        from .ssm import SecretParameter
        from .webhooks import WebhookChannels

        sources.append(WebhookChannels(SecretParameter(settings.notify_parameter), settings.telegram_api_base))
    if settings.notify_topic_arn:
        from .mail import EmailTopic  # boto3's SNS client only when e-mail is on

        sources.append(EmailTopic(settings.notify_topic_arn))
    return Courier(settings, store, sources) if sources else None
