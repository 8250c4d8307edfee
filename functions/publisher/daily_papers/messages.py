"""What a notification says, and how each channel writes it: pure, no I/O.

Every format escapes the text it embeds and fits its channel's limit by shortening titles,
then by dropping papers from the end."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from . import urls
from .config import Settings
from .i18n import catalogue
from .models import Edition, Paper

TOP = 5
SLACK_LIMIT = 4_000  # Slack's advice for a message's text (it truncates past 40,000)
DISCORD_LIMIT = 2_000
TELEGRAM_LIMIT = 4_096
SUBJECT_LIMIT = 99  # SNS: ASCII, no line breaks, under 100 characters
TITLE_CAPS = (None, 200, 120, 80, 50, 30)
_DISCORD_SPECIAL = re.compile(r"([\\*_~`|>#\-\[\]()<@:.!+=])")


@dataclass(frozen=True, slots=True)
class Entry:
    title: str
    likes: int
    url: str


@dataclass(frozen=True, slots=True)
class Announcement:
    """One message, before formatting. `key` names its delivery records: a day (later a week)."""

    key: str
    headline: str
    summary: str
    entries: tuple[Entry, ...]
    link_label: str
    link: str


def display_title(paper: Paper) -> str:
    """The title readers see in a notification: the Korean one when the paper has it."""
    return paper.title_ko or paper.title


def announcement(edition: Edition, settings: Settings) -> Announcement:
    t = catalogue(settings.language)
    post = urls.absolute(settings.base_url, urls.post_html(edition.day))
    entries = tuple(Entry(display_title(p), p.upvotes, f"{post}#{p.id}") for p in edition.papers[:TOP])
    return Announcement(
        key=edition.day.isoformat(),
        headline=f"{settings.site_title} · {edition.day.isoformat()}",
        summary=t("notify_summary", count=t("day_papers", n=len(edition.papers)), n=len(entries)),
        entries=entries,
        link_label=t("notify_link"),
        link=post,
    )


def slack(message: Announcement) -> dict[str, Any]:
    return {"text": _fit(_slack_text, message, SLACK_LIMIT, len), "unfurl_links": False, "unfurl_media": False}


def discord(message: Announcement) -> dict[str, Any]:
    # No mention in a title can ping anyone, whatever the escaping.
    return {"content": _fit(_discord_text, message, DISCORD_LIMIT, utf16), "allowed_mentions": {"parse": []}}


def telegram(message: Announcement) -> str:
    return _fit(_telegram_html, message, TELEGRAM_LIMIT, utf16)


def email_subject(message: Announcement) -> str:
    text = "".join(c for c in message.headline.replace("·", "-") if " " <= c <= "~")
    return " ".join(text.split())[:SUBJECT_LIMIT] or f"Daily Papers {message.key}"


def email_body(message: Announcement) -> str:
    lines = [message.headline, message.summary, ""]
    for rank, e in enumerate(message.entries, 1):
        lines += [f"{rank}. {e.title} (👍 {e.likes})", f"   {e.url}"]
    return "\n".join([*lines, "", f"{message.link_label}: {message.link}", ""])


def utf16(text: str) -> int:
    """Length as Discord and Telegram count it (an emoji outside the BMP is two)."""
    return len(text.encode("utf-16-le")) // 2


def _slack_text(m: Announcement) -> str:
    lines = [f"*{_slack_escape(m.headline)}*", _slack_escape(m.summary)]
    lines += [f"{i}. <{e.url}|{_slack_escape(e.title)}> · 👍 {e.likes}" for i, e in enumerate(m.entries, 1)]
    return "\n".join([*lines, f"<{m.link}|{_slack_escape(m.link_label)}>"])


def _slack_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _discord_text(m: Announcement) -> str:
    lines = [f"**{_discord_escape(m.headline)}**", _discord_escape(m.summary)]
    for i, e in enumerate(m.entries, 1):
        lines += [f"{i}. {_discord_escape(e.title)} · 👍 {e.likes}", f"<{e.url}>"]
    return "\n".join([*lines, f"{_discord_escape(m.link_label)}: <{m.link}>"])


def _discord_escape(text: str) -> str:
    """Backslash before every Markdown, mention and link character: the text shows as written."""
    return _DISCORD_SPECIAL.sub(r"\\\1", text)


def _telegram_html(m: Announcement) -> str:
    def link(url: str, text: str) -> str:
        return f'<a href="{html.escape(url)}">{html.escape(text)}</a>'

    lines = [f"<b>{html.escape(m.headline)}</b>", html.escape(m.summary)]
    lines += [f"{i}. {link(e.url, e.title)} · 👍 {e.likes}" for i, e in enumerate(m.entries, 1)]
    return "\n".join([*lines, link(m.link, m.link_label)])


def _fit(render: Callable[[Announcement], str], m: Announcement, limit: int, size: Callable[[str], int]) -> str:
    """The fullest rendering within `limit`: shorter titles first, then fewer papers."""
    tries = [(cap, len(m.entries)) for cap in TITLE_CAPS]
    tries += [(TITLE_CAPS[-1], n) for n in range(len(m.entries) - 1, -1, -1)]
    for cap, count in tries:
        text = render(_shorten(m, cap, count))
        if size(text) <= limit:
            return text
    raise ValueError(f"the {m.key} message cannot fit {limit} characters")


def _shorten(m: Announcement, cap: int | None, count: int) -> Announcement:
    if cap is None:
        return replace(m, entries=m.entries[:count])
    entries = tuple(replace(e, title=_clip(e.title, cap)) for e in m.entries[:count])
    return replace(m, headline=_clip(m.headline, cap), entries=entries)


def _clip(text: str, cap: int) -> str:
    return text if len(text) <= cap else text[: cap - 1].rstrip() + "…"
