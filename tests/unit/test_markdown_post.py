"""The Markdown post keeps the seed's format, with clean institutions and safe text."""

import re
from datetime import UTC, date, datetime

import pytest
import yaml

from daily_papers.config import Settings
from daily_papers.models import Manifest, SiteView
from daily_papers.render import SiteRenderer, md_escape, yaml_str
from tests.unit.factories import edition, paper


def render_md(papers, **env) -> str:
    day = edition(papers=papers)
    renderer = SiteRenderer(Settings.from_env({"SITE_AUTHOR": "lim4349", **env}))
    site = SiteView(Manifest(), [day])
    page = renderer.day_pages(day, site)[0]
    assert page.key == "posts/2026-02-09/index.md"
    assert page.content_type == "text/markdown; charset=utf-8"
    return page.body.decode("utf-8")


def front_matter(text: str) -> dict:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, text[:200]
    return yaml.safe_load(match.group(1))


def test_seed_format_in_korean():
    text = render_md(
        [
            paper(
                "2602.03392",
                26,
                title="On the Entropy Dynamics",
                summary="Entropy serves.",
                authors=tuple("ABCDEFG"),
            ),
            paper("2602.06949", 2, title="DreamDojo", summary="Being able.", organization="NVIDIA"),
        ]
    )
    meta = front_matter(text)
    assert meta == {
        "title": "Hugging Face Daily Papers - 2026-02-09",
        "date": meta["date"],
        "categories": ["Daily Papers", "일간"],
        "tags": ["huggingface", "papers", "daily", "ai"],
        "author": "lim4349",
    }
    # the paper day at the scheduled hour in SITE_TIMEZONE, as the seed (ranked at 2026-02-10 00:15 UTC)
    assert "date: 2026-02-09 09:15:00 +0900\n" in text
    body = text.split("---\n", 2)[2]
    assert body == (
        "\n# Hugging Face Daily Papers - 2026-02-09\n\n"
        "총 **2개**의 논문이 수집되었습니다.\n\n"
        "## 📊 좋아요 순위\n\n"
        "1. **On the Entropy Dynamics** - 👍 26\n"
        "   - 저자: A, B 외 5명\n"
        "   - [HF 페이지](https://huggingface.co/papers/2602.03392)\n"
        "   - [논문 링크](https://arxiv.org/abs/2602.03392)\n"
        "   - Abstract: Entropy serves.\n\n"
        "2. **DreamDojo** - 👍 2\n"
        "   - 기관: NVIDIA\n"
        "   - [HF 페이지](https://huggingface.co/papers/2602.06949)\n"
        "   - [논문 링크](https://arxiv.org/abs/2602.06949)\n"
        "   - Abstract: Being able.\n\n"
    )


def test_english_catalogue():
    text = render_md([paper("2602.00001", 3, authors=("Wei Zhang", "Anna Rossi", "Kim"))], SITE_LANGUAGE="en")
    assert "\nCollected **1 paper** in total.\n" in text
    assert "## 📊 Likes ranking" in text
    assert "   - Authors: Wei Zhang, Anna Rossi and 1 more\n" in text and "Institution" not in text
    assert "[HF page](" in text and "[Paper link](" in text


@pytest.mark.parametrize(
    ("authors", "organization", "expected"),
    [
        ((), None, "저자: 정보 없음"),
        (("Solo",), None, "저자: Solo"),
        (("A", "B"), None, "저자: A, B"),
        (("A", "B", "C"), None, "저자: A, B 외 1명"),
        (("A", "B", "C"), "Zhejiang University", "기관: Zhejiang University"),
    ],
)
def test_authors_and_organization_each_under_their_own_label(authors, organization, expected):
    text = render_md([paper(authors=authors, organization=organization)])
    assert f"\n   - {expected}\n" in text
    assert text.count("\n   - 기관: ") == (1 if organization else 0)


@pytest.mark.parametrize(
    "ranked_at", [datetime(2026, 2, 10, 0, 15, tzinfo=UTC), datetime(2026, 11, 3, 7, 2, tzinfo=UTC)]
)
def test_a_post_is_dated_by_its_paper_day_however_late_it_was_ranked(ranked_at):
    # Given day D ranked the next morning, or backfilled months later; When its post is rendered
    day = edition(ranked_at=ranked_at)
    renderer = SiteRenderer(Settings.from_env({}))
    text = renderer.day_pages(day, SiteView(Manifest(), [day]))[0].body.decode()
    # Then Jekyll files it under D, at the scheduled hour in SITE_TIMEZONE
    assert "\ndate: 2026-02-09 09:15:00 +0900\n" in text


@pytest.mark.parametrize(
    "title",
    [
        "Colons: \"quotes\" and 'single' # hash",
        "New\nline",
        "- leading dash",
        "{{ 7*7 }} {% raw %}",
        "[x](javascript:alert(1))",
        "<script>alert(1)</script>",
        "مرحبا RTL 한국어 😀",
    ],
)
def test_hostile_titles_stay_inert(title):
    text = render_md([paper(title=title, summary=title)], SITE_AUTHOR=f"author: {title}")
    meta = front_matter(text)  # still valid YAML
    assert meta["author"] == f"author: {title}"
    body = text.split("---\n", 2)[2]
    assert not re.search(r"(?<!\\)\]\(javascript:", body)  # brackets escaped: no link
    assert "<script>" not in body
    assert "{{" not in body and "{%" not in body  # no Liquid for Jekyll to evaluate
    assert body.count("\n1. **") == 1 and "\n2. " not in body  # the title did not open new list items


def test_md_escape_and_yaml_str_units():
    assert md_escape("*bold* _it_ [l](u) <b> a&amp;b a&b") == r"\*bold\* \_it\_ \[l\](u) \<b\> a&amp;amp;b a&b"
    assert yaml.safe_load("k: " + yaml_str('a: b\u2028c\u0085"')) == {"k": 'a: b\u2028c\u0085"'}


def test_post_is_utf8_without_mojibake():
    text = render_md([paper(title="한국어 제목 — “quotes”", summary="중국어 中文 😀")])
    assert "한국어 제목 — “quotes”" in text and "中文 😀" in text
    assert "ì" not in text and "â€" not in text  # the seed's mojibake markers
    assert date(2026, 2, 9).isoformat() in text


def test_the_posts_hour_is_the_schedules():
    # a post is dated at the hour the scheduled run fires: the two must not drift apart
    from daily_papers.render import POST_TIME
    from tests.support.template import load_template

    parameters = load_template()["Parameters"]
    assert parameters["ScheduleExpression"]["Default"] == f"cron({POST_TIME.minute} {POST_TIME.hour} * * ? *)"
    assert parameters["ScheduleExpressionTimezone"]["Default"] == Settings.from_env({}).timezone
