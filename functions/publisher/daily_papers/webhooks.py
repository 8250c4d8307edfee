"""Slack and Discord incoming webhooks and Telegram's Bot API, over HTTP.

Their URLs and tokens are secrets: no error, log line or record name quotes them."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import requests
from requests.adapters import HTTPAdapter

from . import messages
from .exceptions import ChannelsUnavailable, SendFailed, SendRefused
from .fetch import DeadlineRetry, make_session
from .messages import Announcement
from .ports import Channel

SEND_TIMEOUT = (5.0, 10.0)  # connect, read: a send never holds the run longer than this
KINDS = ("slack", "discord", "telegram")


def channel_name(kind: str, secret: str) -> str:
    """A stable record name that does not reveal the secret it stands for."""
    return f"{kind}-{hashlib.sha256(secret.encode()).hexdigest()[:10]}"


class Webhook:
    """A Slack or Discord incoming webhook: POST the channel's JSON."""

    def __init__(self, kind: str, url: str, session: requests.Session):
        self.name = channel_name(kind, url)
        self.url, self.session = url, session
        self.payload: Callable[[Announcement], dict[str, Any]] = messages.slack if kind == "slack" else messages.discord

    def send(self, message: Announcement) -> None:
        post(self.session, self.url, self.payload(message), self.name, secret=self.url)


class TelegramChat:
    """sendMessage to one chat, in Telegram's HTML parse mode."""

    def __init__(self, api_base: str, token: str, chat_id: str, session: requests.Session):
        self.name = channel_name("telegram", f"{token}:{chat_id}")
        self.url = f"{api_base}/bot{token}/sendMessage"
        self.token, self.chat_id, self.session = token, chat_id, session

    def send(self, message: Announcement) -> None:
        body = {
            "chat_id": self.chat_id,
            "text": messages.telegram(message),
            "parse_mode": "HTML",
            "disable_web_page_preview": True,
        }
        post(self.session, self.url, body, self.name, secret=self.token)


class WebhookChannels:
    """The ChannelSource for the channels listed in the secret parameter."""

    def __init__(self, secrets: Callable[[], Any], telegram_api_base: str, session: requests.Session | None = None):
        self.secrets = secrets
        self.telegram_api_base = telegram_api_base
        # POSTs are retried on connection errors only (the Retry allows GET for status retries)
        self.session = session or make_session(HTTPAdapter(max_retries=DeadlineRetry.for_http(2, 0.2)))

    def channels(self) -> list[Channel]:
        data = self.secrets()
        if not isinstance(data, dict) or set(data) - set(KINDS):
            raise ChannelsUnavailable(f"the notify parameter must be a JSON object with keys among {KINDS}")
        found: list[Channel] = [Webhook(k, url, self.session) for k in ("slack", "discord") for url in _urls(data, k)]
        for chat in _list(data, "telegram"):
            if not (isinstance(chat, dict) and isinstance(chat.get("token"), str) and chat.get("chat_id")):
                raise ChannelsUnavailable('each "telegram" entry must be {"token": ..., "chat_id": ...}')
            chat_id = chat["chat_id"]
            found.append(TelegramChat(self.telegram_api_base, chat["token"], str(chat_id), self.session))
        return found


def post(session: requests.Session, url: str, body: dict[str, Any], name: str, *, secret: str) -> None:
    """POST once; translate the answer into SendFailed (retry later) or SendRefused (never)."""
    try:
        response = session.post(url, json=body, timeout=SEND_TIMEOUT, allow_redirects=False)
    except requests.RequestException as exc:
        # Not chained: the cause's message quotes the secret URL.
        raise SendFailed(f"{name}: {type(exc).__name__}") from None
    if 200 <= response.status_code < 300:
        return  # a redirect is not a delivery
    detail = f"{name}: HTTP {response.status_code} {response.text[:120]!r}".replace(secret, "***")
    if response.status_code == 429:
        raise SendFailed(detail, retry_after=_retry_after(response))
    if response.status_code >= 500:
        raise SendFailed(detail)
    raise SendRefused(detail)


def _retry_after(response: requests.Response) -> float | None:
    """Seconds from the Retry-After header (seconds or a date), else Discord/Telegram's JSON."""
    header = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(header))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(header) - datetime.now(UTC)).total_seconds())
    except (TypeError, ValueError):
        pass
    try:
        data = response.json()
        value = data.get("retry_after") or data.get("parameters", {}).get("retry_after")
        return float(value) if value is not None else None
    except (ValueError, AttributeError, TypeError):
        return None


def _list(data: dict[str, Any], kind: str) -> list[Any]:
    value = data.get(kind, [])
    if not isinstance(value, list):
        raise ChannelsUnavailable(f'"{kind}" in the notify parameter must be a list')
    return value


def _urls(data: dict[str, Any], kind: str) -> list[str]:
    urls = _list(data, kind)
    if not all(isinstance(u, str) and u.startswith(("https://", "http://")) for u in urls):
        raise ChannelsUnavailable(f'"{kind}" in the notify parameter must list http(s) URLs')
    return urls
