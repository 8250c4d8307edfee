"""Notification messages: what they say, escaped for each channel, within each channel's limit."""

import re
from datetime import date
from html.parser import HTMLParser

import pytest

from daily_papers import messages
from daily_papers.config import Settings
from daily_papers.messages import announcement, utf16
from tests.unit.factories import edition, paper

SETTINGS = Settings(base_url="https://papers.example.org/sub")
POST = "https://papers.example.org/sub/posts/2026-02-09/"
HOSTILE = [
    "<!channel> <@U123> <https://evil.example|click> & &amp; <b>bold</b>",
    "@everyone @here [click](https://evil.example) **bold** __u__ ~~s~~ `code` ||spoiler|| > quote",
    '<a href="javascript:alert(1)">x</a> </b><script>alert(1)</script> "quotes" \'single\'',
    "# heading -# subtext :emoji: https://evil.example/path_with_underscores",
    "中文标题 日本語 한국어 제목 😀🔥 مرحبا ‮reversed‬",
    "back\\slash \\* \\<",
]


def day(titles, likes=None):
    papers = [paper(f"2602.{i:05d}", (likes or {}).get(i, 100 - i), title=t) for i, t in enumerate(titles)]
    return announcement(edition(date(2026, 2, 9), papers), SETTINGS)


def test_the_announcement_has_the_day_the_count_the_top_five_and_the_post():
    message = day([f"Paper {i}" for i in range(12)])
    assert message.key == "2026-02-09" and message.headline == "Hugging Face Daily Papers · 2026-02-09"
    assert message.summary == "논문 12편 · 좋아요 상위 5편" and message.link_label == "전체 순위 보기"
    assert message.link == POST
    assert [(e.title, e.likes, e.url) for e in message.entries] == [
        (f"Paper {i}", 100 - i, f"{POST}#2602.{i:05d}") for i in range(5)
    ]
    english = announcement(edition(date(2026, 2, 9)), Settings(base_url="https://p.example", language="en"))
    assert english.summary == "2 papers · top 2 by likes" and english.link_label == "Full ranking"


def test_the_title_comes_through_display_title(monkeypatch):
    monkeypatch.setattr(messages, "display_title", lambda p: f"KO {p.title}")
    assert day(["A"]).entries[0].title == "KO A"


def test_a_paper_with_a_korean_title_is_announced_by_it():
    korean = paper("2602.00001", title="Scaling laws", title_ko="스케일링 법칙")
    assert messages.display_title(korean) == "스케일링 법칙"
    assert messages.display_title(paper("2602.00001", title="Scaling laws")) == "Scaling laws"


def test_slack_escapes_control_characters_so_no_mention_or_link_comes_from_a_title():
    text = messages.slack(day(HOSTILE))["text"]
    ours = re.findall(r"<([^<>|]+)\|([^<>]*)>", text)
    assert [url for url, _ in ours] == [f"{POST}#2602.{i:05d}" for i in range(5)] + [POST]
    rest = re.sub(r"<[^<>|]+\|[^<>]*>", "", text)
    assert "<" not in rest and ">" not in rest
    assert "&lt;!channel&gt;" in text and "&amp;amp;" in text and "<!channel>" not in text


def test_discord_escapes_markdown_and_mentions_and_pings_nobody():
    payload = messages.discord(day(HOSTILE))
    assert payload["allowed_mentions"] == {"parse": []}
    lines = payload["content"].splitlines()
    for rank, title in enumerate(HOSTILE[:5], 1):
        line = next(line for line in lines if line.startswith(f"{rank}. "))
        shown = line[len(f"{rank}. ") : line.rindex(" · 👍")]
        assert re.sub(r"\\(.)", r"\1", shown) == title  # what Discord shows is the title, as written
        assert not re.search(r"(?<!\\)[@*_~`|\[\]()<>#:]", shown)  # and no special character is live
    assert f"<{POST}#2602.00000>" in lines


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def test_telegram_html_has_only_our_tags_and_shows_titles_as_text():
    parser = _Tags()
    parser.feed(messages.telegram(day(HOSTILE)))
    assert [t for t, _ in parser.tags] == ["b"] + ["a"] * 6
    assert [a["href"] for t, a in parser.tags if t == "a"] == [f"{POST}#2602.{i:05d}" for i in range(5)] + [POST]
    for title in HOSTILE[:5]:
        assert title in parser.text


def test_email_subject_is_short_ascii_and_the_body_lists_the_papers():
    message = day(HOSTILE)
    assert messages.email_subject(message) == "Hugging Face Daily Papers - 2026-02-09"
    hangul = announcement(edition(date(2026, 2, 9)), Settings(base_url="https://p.example", site_title="논문 " * 80))
    assert messages.email_subject(hangul) == "- 2026-02-09"
    long = announcement(edition(date(2026, 2, 9)), Settings(base_url="https://p.example", site_title="T" * 300))
    assert len(messages.email_subject(long)) == 99
    body = messages.email_body(message)
    assert body.splitlines()[3] == f"1. {HOSTILE[0]} (👍 100)" and f"전체 순위 보기: {POST}" in body


@pytest.mark.parametrize(
    ("render", "limit"),
    [
        (lambda m: messages.slack(m)["text"], messages.SLACK_LIMIT),
        (lambda m: messages.discord(m)["content"], messages.DISCORD_LIMIT),
        (messages.telegram, messages.TELEGRAM_LIMIT),
    ],
    ids=["slack", "discord", "telegram"],
)
def test_long_titles_are_shortened_to_fit_the_channel(render, limit):
    roomy = render(day(["Short"] * 5))
    assert roomy.count("Short") == 5
    for title in ("😀" * 10_000, "&<>" * 5_000, "가" * 10_000, "\\_" * 5_000):
        text = render(day([title] * 5))
        assert utf16(text) <= limit
        assert text.count("…") >= 5  # every paper kept, its title cut
