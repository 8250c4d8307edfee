"""The published site in headless Chromium, read from the S3 bucket through a CloudFront-like gateway.

Several days are published with the real service (fake HF API and moto S3, both on 127.0.0.1),
once in Korean at the domain root and once in English under a sub-path. The gateway sends the
headers of template.yaml's response headers policy, so every page runs under the real
Content-Security-Policy. Every request that leaves 127.0.0.1 is blocked; thumbnails are answered
with a local placeholder image. A page error, a console error or a CSP violation fails the test.
`SCREENSHOTS=1` (or `make screenshots`) also saves the screenshots in docs/screenshots/.
"""

from __future__ import annotations

import os
import re
import struct
import uuid
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.error import HTTPError
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import boto3
import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from daily_papers.config import Settings
from daily_papers.events import PublishDay
from daily_papers.slugs import slugify
from daily_papers.wiring import build
from tests.support.data import SEED_DAY, hf_item, seed_items
from tests.support.fake_bedrock import FakeBedrock, Reply, default_reply, korean, title_of
from tests.support.fake_hf import FakeHfApi
from tests.support.gateway import S3Gateway
from tests.support.template import create_site_bucket, response_headers

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip
THUMBNAILS = "cdn-thumbnails.huggingface.co"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SPEECH = "음성 합성"
# Names that a plain object lookup confuses with Object.prototype's members.
PROTO_NAMES = ["constructor", "__proto__", "toString", "hasOwnProperty"]
MALFORMED = "%E0%A4%A"  # a truncated UTF-8 escape: decodeURIComponent throws
KOBENCH = "KoBench: A Korean Benchmark for LLMs"
SUMMARY_ONLY = "문화적"  # in KoBench's Korean summary, in no title, keyword or name
# Reports every CSP violation as a console error, which fails the test (see open_page). The CSP
# refuses eval, which page.wait_for_function uses: wait with expect() and locators instead.
REPORT_VIOLATIONS = """
window.violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.violations.push(e.effectiveDirective);
  console.error(`CSP violation: ${e.effectiveDirective} refused ${e.blockedURI || "inline code"}`);
});
"""
# The directives violated so far, once there are `n` of them (or after 3 s), sorted.
SETTLED_VIOLATIONS = """(n) => new Promise((resolve) => {
  const deadline = Date.now() + 3000;
  const check = () => window.violations.length >= n || Date.now() > deadline
    ? resolve([...window.violations].sort()) : setTimeout(check, 20);
  check();
})"""


def filler(prefix: str, count: int) -> list[dict]:
    return [
        hf_item(
            f"{prefix}{i:02d}",
            f"Efficient {topic} with Sparse Mixtures, study {i}",
            upvotes=9 - i % 9,
            comments=i % 3,
            org=("NVIDIA", None, "KAIST AI")[i % 3],
            ai_summary=f"A short AI summary of study {i} on {topic}.",
            ai_keywords=[topic, "mixture of experts"],
        )
        for i, topic in enumerate(["vision transformers", "retrieval", "agents"] * (count // 3))
    ]


def extra_days() -> dict[str, list]:
    """Four more days over two months, with Korean keywords and organizations."""
    speech: dict[str, Any] = {
        "ai_keywords": [SPEECH, "diffusion models"],
        "githubRepo": "https://github.com/e/s",
        "githubStars": 420,
    }
    return {
        "2026-01-29": [
            hf_item("2601.20001", "Diffusion Transformers for Korean Speech Synthesis", 40, comments=3,
                    org="서울대학교", ai_summary="한국어 음성 합성을 위한 확산 트랜스포머.", **speech),
            *filler("2601.201", 6),
        ],
        "2026-01-30": [
            hf_item("2601.30001", KOBENCH, 55, org="NAVER Cloud",
                    ai_keywords=["벤치마크", "large language models"]),
            *filler("2601.301", 9),
        ],
        "2026-02-05": [
            *filler("2602.501", 12),
            *(hf_item(f"2602.5100{i}", f"Prototype Study {i}", 2, org=name, ai_keywords=PROTO_NAMES)
              for i, name in enumerate(PROTO_NAMES)),
        ],
        "2026-02-06": [
            hf_item("2602.60001", "Speech Tokenizers at Scale", 30, org="서울대학교",
                    ai_keywords=[SPEECH, "tokenization"]),
            *filler("2602.601", 6),
        ],
    }  # fmt: skip


def placeholder_png(width: int = 240, height: int = 126) -> bytes:
    """A soft two-tone gradient, standing in for HF's social thumbnails."""
    rows = b"".join(
        b"\x00" + b"".join(bytes((90 + x * 80 // width, 110 + y * 60 // height, 170)) for x in range(width))
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


@dataclass
class Site:
    language: str
    gateway: S3Gateway
    outcomes: list

    @property
    def url(self) -> str:
        return self.gateway.url


def korean_answer(request: dict[str, Any]) -> Reply:
    """The fake Bedrock's answer: KoBench's summary has a word of its own."""
    if title_of(request) != KOBENCH:
        return default_reply(request)
    summary = f"KoBench는 LLM이 한국어의 {SUMMARY_ONLY} 맥락을 이해하는지 평가한다."
    return korean("KoBench: 대형 언어 모델을 위한 한국어 벤치마크", summary)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module", params=[("ko", "/"), ("en", "/blog/")], ids=["ko-at-root", "en-under-subpath"])
def site(request, moto_endpoint: str) -> Iterator[Site]:
    language, prefix = request.param
    client = boto3.client("s3", endpoint_url=moto_endpoint)
    bucket = f"site-{uuid.uuid4().hex[:12]}"
    create_site_bucket(client, bucket)  # configured as template.yaml declares it
    with (
        FakeHfApi() as hf,
        S3Gateway(client, bucket, prefix) as gateway,
        FakeBedrock() as bedrock,
        pytest.MonkeyPatch.context() as env,
    ):
        env.setenv("AWS_ENDPOINT_URL_S3", moto_endpoint)
        env.setenv("AWS_ENDPOINT_URL_BEDROCK_RUNTIME", bedrock.url)
        hf.days[SEED_DAY] = seed_items()
        hf.days.update(extra_days())
        bedrock.respond = korean_answer
        settings = Settings.from_env(
            {
                "SITE_BUCKET": bucket,
                "HF_API_BASE": hf.url,
                "SITE_LANGUAGE": language,
                "SITE_BASE_URL": gateway.url,
                "HF_HTTP_RETRIES": "0",
                "SUMMARY_MODEL_ID": "apac.amazon.nova-lite-v1:0",  # on the Korean site only
                "SUMMARY_MAX_PAPERS": "1",  # each day's top paper
            }
        )
        service = build(settings)
        outcomes = [service.run(PublishDay(date.fromisoformat(day))) for day in sorted(hf.days)]
        yield Site(language, gateway, outcomes)


class Guard:
    """Blocks every request that leaves 127.0.0.1; thumbnails get a local placeholder."""

    image = placeholder_png()

    def __init__(self) -> None:
        self.blocked: list[str] = []
        self.thumbnails: list[str] = []
        self.console: list[str] = []

    def __call__(self, route: Route) -> None:
        url = route.request.url
        host = urlsplit(url).hostname
        if host == "127.0.0.1":
            route.continue_()
        elif host == THUMBNAILS and route.request.resource_type == "image":
            self.thumbnails.append(url)
            route.fulfill(status=200, content_type="image/png", body=self.image)
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def guard() -> Guard:
    return Guard()


@pytest.fixture
def open_page(browser: Browser, site: Site, guard: Guard) -> Iterator:
    contexts = []

    def open_(path: str = "", *, dark: bool = False, width: int = 1280, height: int = 900) -> Page:
        context = browser.new_context(
            viewport={"width": width, "height": height}, color_scheme="dark" if dark else "light"
        )
        contexts.append(context)
        context.set_default_timeout(5000)
        context.route("**/*", guard)
        context.add_init_script(REPORT_VIOLATIONS)
        page = context.new_page()
        page.on("console", lambda m: guard.console.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: guard.console.append(str(e)))
        page.goto(site.url + path)
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not guard.blocked, f"requests outside the site: {guard.blocked}"
    assert not guard.console, f"console errors: {guard.console}"


def settled(page: Page) -> None:
    """Wait until the browser script has drawn its view from every month it needed (its messages
    while loading end with an ellipsis)."""
    status = page.locator("#status")
    expect(status).not_to_be_empty()
    expect(status).not_to_have_text(re.compile("…$"))


def t(site: Site, ko: str, en: str) -> str:
    return ko if site.language == "ko" else en


def test_every_daily_run_stays_within_the_write_budget(site: Site):
    assert [o.status for o in site.outcomes] == ["published"] * 5
    # at most 30 on the first day of a month and of a week (its pages, its neighbours', their digests and
    # feeds, its sitemap part); an ordinary day stays within the budget of 25
    assert all(len(o.keys) <= 30 for o in site.outcomes[1:]), [len(o.keys) for o in site.outcomes]
    assert len(site.outcomes[3].keys) <= 25  # 2026-02-06, an ordinary Friday


def test_home_shows_the_latest_day_and_leads_to_a_paper(open_page, site: Site, guard: Guard):
    page = open_page()
    assert page.locator("html").get_attribute("lang") == site.language
    assert "2026-02-09" in page.locator("#latest").inner_text()
    first = page.locator(".cards > li h3 a").first
    assert first.inner_text().startswith("On the Entropy Dynamics")
    first.click()
    page.wait_for_url("**/posts/2026-02-09/#2602.03392")
    assert page.locator("h1").inner_text() == "Hugging Face Daily Papers - 2026-02-09"
    assert page.evaluate("document.querySelector(':target').id") == "2602.03392"
    page.go_back()
    page.get_by_role("link", name=t(site, "이날의 논문 10편 모두 보기", "All 10 papers of the day")).click()
    page.wait_for_url("**/posts/2026-02-09/")
    page.locator("a[rel=prev]").click()
    page.wait_for_url("**/posts/2026-02-06/")
    assert page.locator("[id='2602.60001'] h3").inner_text() == "Speech Tokenizers at Scale"


def test_the_weeks_best_leads_from_home_to_its_page_and_to_each_papers_day(open_page, site: Site, guard: Guard):
    page = open_page()
    week = page.locator("section[aria-labelledby=week]")
    assert "2026-W06" in week.inner_text()  # the latest week a later day closed
    week.get_by_role("link", name=re.compile("2026-W06")).click()
    page.wait_for_url("**/weekly/2026-W06/")
    assert page.locator("h1").inner_text() == "Hugging Face Weekly Papers - 2026-W06"
    first = page.locator(".digest-papers > li").first
    assert "Speech Tokenizers at Scale" in first.inner_text() and "👍 30" in first.inner_text()
    first.get_by_role("link", name="2026-02-06").click()
    page.wait_for_url("**/posts/2026-02-06/#2602.60001")
    assert page.evaluate("document.querySelector(':target').id") == "2602.60001"
    page.go_back()
    page.locator("a[rel=prev]").click()
    page.wait_for_url("**/weekly/2026-W05/")
    page.get_by_role("link", name=t(site, "전체 보관함", "Full archive")).click()
    page.wait_for_url("**/archive/")
    page.get_by_role("link", name=t(site, "2026년 1월", "January 2026")).last.click()
    page.wait_for_url("**/monthly/2026-01/")
    assert "KoBench" in page.locator(".digest-papers > li").first.inner_text()


def test_a_post_page_has_what_a_reader_needs(open_page, site: Site, guard: Guard):
    page = open_page("posts/2026-01-29/")
    paper = page.locator("[id='2601.20001']")
    assert paper.locator("img").get_attribute("loading") is None  # at the top: loaded at once
    assert page.locator(".papers > li:nth-child(3) img").get_attribute("loading") == "lazy"
    assert paper.get_by_role("link", name=t(site, "GitHub ★ 420", "GitHub ★ 420")).count() == 1
    assert paper.locator(".tags a").all_inner_texts() == [SPEECH, "diffusion models"]
    assert page.locator("time").first.get_attribute("datetime") == "2026-01-29"
    page.goto(site.url + "posts/2026-02-09/")
    top = page.locator("[id='2602.03392']")
    folded, abstract = top, "Entropy serves"
    if site.language == "ko":  # the top paper has a Korean summary; its English abstract is on arXiv
        assert "AI 요약: 이 논문은 문제를 정의하고" in top.inner_text() and abstract not in top.inner_text()
        link = top.get_by_role("link", name="영문 초록 보기 (arXiv)")
        assert link.get_attribute("href") == "https://arxiv.org/abs/2602.03392"
        folded, abstract = page.locator("[id='2602.06663']"), "Unified multimodal models"  # no Korean summary
    details = folded.locator("details")
    assert details.get_attribute("open") is None
    details.locator("summary").click()
    assert details.get_attribute("open") is not None and abstract in details.inner_text()


def test_search_finds_papers_by_keyword_and_by_organization(open_page, site: Site):
    page = open_page("search/")
    page.fill("#q", SPEECH)
    results = page.locator("#results li a")
    expect(page.locator("#status")).to_have_text(t(site, "논문 2편", "2 papers"))  # every month searched
    assert sorted(results.all_inner_texts()) == [
        "Diffusion Transformers for Korean Speech Synthesis",
        "Speech Tokenizers at Scale",
    ]
    # English titles are read as English on the Korean site
    assert results.first.get_attribute("lang") == ("en" if site.language == "ko" else None)
    page.fill("#q", "naver")
    expect(page.locator("#results li")).to_have_count(1)
    assert results.all_inner_texts() == ["KoBench: A Korean Benchmark for LLMs"]
    # an organization is labelled as one, and authors as authors
    assert t(site, "기관: NAVER Cloud", "Institution: NAVER Cloud") in page.locator("#results li").inner_text()
    page.fill("#q", "Efficient retrieval with Sparse Mixtures, study 4")  # a study without an organization
    expect(page.locator("#results li").first).to_contain_text(
        t(site, "저자: Wei Zhang, Anna Rossi …", "Authors: Wei Zhang, Anna Rossi …")
    )
    page.fill("#q", "naver")
    results.first.click()
    page.wait_for_url("**/posts/2026-01-30/#2601.30001")
    page.goto(site.url + "search/?q=Zhang")  # an author, from a shared link
    page.locator("#results li").first.wait_for()
    assert "?q=Zhang" in page.url and page.locator("#results li").count() >= 1


def test_topic_pages_list_the_papers_of_a_keyword(open_page, site: Site):
    page = open_page("posts/2026-02-06/")
    page.locator("[id='2602.60001'] .tags a", has_text=SPEECH).click()
    page.wait_for_url(lambda url: unquote(url).endswith(f"/topics/#{slugify(SPEECH)}"))
    settled(page)
    assert page.locator("h1").inner_text() == t(site, f"주제: {SPEECH}", f"Topic: {SPEECH}")
    assert page.locator("#results li a").all_inner_texts() == [
        "Speech Tokenizers at Scale",
        "Diffusion Transformers for Korean Speech Synthesis",
    ]
    page.locator("#back a").click()
    page.wait_for_url(lambda url: "#" not in url)
    index = page.locator("#results li")
    settled(page)
    assert index.filter(has_text="벤치마크").count() == 1
    page.fill("#filter", "tokeniz")
    expect(page.locator("#results li")).to_have_count(1)
    page.locator("#results li a").click()
    expect(page.locator("#results li a[href*=posts]")).to_have_count(1)


def test_organization_pages_list_the_papers_of_an_organization(open_page, site: Site):
    page = open_page("orgs/#서울대학교")
    settled(page)
    assert page.locator("#results li a").all_inner_texts() == [
        "Speech Tokenizers at Scale",
        "Diffusion Transformers for Korean Speech Synthesis",
    ]
    page.goto(site.url + "posts/2026-02-09/")
    page.locator("[id='2602.06949'] .meta a[href*=orgs]").click()  # DreamDojo, by NVIDIA
    page.wait_for_url("**/orgs/#nvidia")
    settled(page)
    assert "DreamDojo: A Generalist Robot World Model from Large-Scale Human Videos" in (
        page.locator("#results li a").all_inner_texts()
    )
    page.goto(site.url + "orgs/")
    settled(page)
    assert page.locator("#results li", has_text="NAVER Cloud").count() == 1


@pytest.mark.parametrize("path", ["topics/", "orgs/", "search/?q=speech", "posts/2026-02-09/", "archive/"])
def test_the_skip_link_works_on_every_page_and_keeps_the_view(open_page, site: Site, path: str):
    # Given a page, its view drawn
    page = open_page(path)
    if "/" != path[-1] or path in ("topics/", "orgs/"):
        settled(page)
    shown = page.locator("#results li").count()
    # When a keyboard user takes the skip link
    page.keyboard.press("Tab")
    expect(page.locator("a.skip")).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("**#_main")
    # Then the next Tab lands in the main content, and the view is still the one they were reading
    page.keyboard.press("Tab")
    assert page.evaluate("document.querySelector('main').contains(document.activeElement)")
    expect(page.locator("#results li")).to_have_count(shown)
    if path in ("topics/", "orgs/"):
        assert page.locator("h1").inner_text() == t(
            site, *{"topics/": ("주제", "Topics"), "orgs/": ("기관", "Organizations")}[path]
        )
        assert page.locator("#back").is_hidden()


def test_the_indexes_load_the_latest_months_only_and_older_ones_on_request(open_page, site: Site):
    # Given a history of five months (three older ones, empty, added to the shard list)
    page = open_page()
    older = ["2025-12", "2025-11", "2025-10"]
    fetched: list[str] = []
    page.on("request", lambda r: fetched.append(r.url.rsplit("/", 1)[1]) if "/data/search/" in r.url else None)
    shards = {"v": 1, "shards": ["2026-02", "2026-01", *older]}
    page.route("**/data/search/index.json", lambda route: route.fulfill(json=shards))
    empty = {"v": 1, "topics": {}, "orgs": {}, "papers": []}
    for month in older:
        page.route(f"**/data/search/{month}.json", lambda route: route.fulfill(json=empty))
    # When the topics index opens: Then it reads the latest three months, says so, and offers older ones
    page.goto(site.url + "topics/")
    settled(page)
    assert fetched == ["index.json", "2026-02.json", "2026-01.json", "2025-12.json"]
    expect(page.locator("#status")).to_contain_text(t(site, "최근 3개월", "last 3 months"))
    page.locator("#older").click()
    expect(page.locator("#status")).to_contain_text(t(site, "최근 4개월", "last 4 months"))
    assert fetched[-1] == "2025-11.json" and len(fetched) == 5


def messages(page: Page) -> dict[str, str]:
    """The browser script's strings, as the page carries them."""
    return page.evaluate("JSON.parse(document.getElementById('i18n').textContent)")


@pytest.mark.parametrize("kind", ["topics", "orgs"])
def test_names_like_object_members_are_listed_and_open(open_page, site: Site, kind: str):
    page = open_page(f"{kind}/")
    count = 4 if kind == "topics" else 1  # every study has the four keywords, and one organization
    for name in PROTO_NAMES:
        item = page.locator("#results li").filter(has=page.get_by_role("link", name=name, exact=True))
        expect(item.locator(".count")).to_have_text(str(count))
    msg = messages(page)
    title = msg["topic_title" if kind == "topics" else "org_title"]
    page.get_by_role("link", name="constructor", exact=True).click()
    expect(page.locator("h1")).to_have_text(title.format(name="constructor"))
    expect(page.locator("#results li a")).to_have_count(count)
    for hash_ in ("__proto__", "toString", "hasOwnProperty"):  # the slugs are proto, tostring, hasownproperty
        page.goto(f"{site.url}{kind}/#{hash_}")
        expect(page.locator("h1")).to_have_text(title.format(name=hash_))
        expect(page.locator("#status")).to_have_text(msg["unknown"].format(name=hash_))


def test_search_finds_a_word_of_a_korean_summary_only(open_page, site: Site):
    # Given KoBench, in the older month, whose Korean summary alone has the word (the Korean site only)
    page = open_page(f"search/?q={SUMMARY_ONLY}")
    settled(page)
    if site.language == "en":
        expect(page.locator("#status")).to_have_text(messages(page)["no_results"])
        return
    # When it is searched, Then the search reads each month's summaries after its shard and finds it
    expect(page.locator("#status")).to_have_text("논문 1편")
    assert page.locator("#results li a").all_inner_texts() == [KOBENCH]
    assert "KoBench: 대형 언어 모델을 위한 한국어 벤치마크" in page.locator("#results li").inner_text()
    page.fill("#q", "벤치마크 " + SUMMARY_ONLY)  # a keyword and a summary's word together
    expect(page.locator("#results li")).to_have_count(1)


def test_search_finds_names_like_object_members(open_page, site: Site):
    page = open_page("search/?q=constructor")
    results = page.locator("#results li")
    expect(results).to_have_count(4)
    org = t(site, "기관", "Institution")
    expect(results.filter(has_text="Prototype Study 0")).to_contain_text(f"· {org}: constructor")
    for i, name in enumerate(PROTO_NAMES):
        page.fill("#q", name)
        expect(results.filter(has_text=f"Prototype Study {i}")).to_contain_text(f"· {org}: {name}")


@pytest.mark.parametrize("path", [f"topics/#{MALFORMED}", f"orgs/#{MALFORMED}", f"search/?q={MALFORMED}"])
def test_a_malformed_address_shows_the_normal_view(open_page, path: str):
    page = open_page(path)
    msg = messages(page)
    if path.startswith("search/"):
        expect(page.locator("#status")).to_have_text(msg["type_to_search"])
        expect(page.locator("#q")).to_have_value("")
        return
    expect(page.locator("#results li").first).to_be_visible()
    expect(page.locator("h1")).to_have_text(page.locator("h1").get_attribute("data-title") or "?")
    expect(page.locator("#filter-box")).to_be_visible()
    expect(page.locator("#back")).to_be_hidden()


def test_a_long_day_lists_the_rest_compactly_and_their_anchors_work(open_page, site: Site):
    # Given a 16-paper day: ten in full, six in the compact list
    page = open_page("posts/2026-02-05/")
    assert page.locator(".papers > li").count() == 10 and page.locator(".compact > li").count() == 6
    paper = page.locator(".compact > li").nth(1).get_attribute("id")
    # When the list is jumped to, and a compact paper's anchor is opened
    page.locator("a[href='#more']").click()
    page.wait_for_url("**#more")
    expect(page.locator("#more")).to_be_in_viewport()
    page.goto(site.url + f"posts/2026-02-05/#{paper}")
    # Then that paper is the target, on screen, and it expands to its summary and abstract
    target = page.locator(f"[id='{paper}']")
    expect(target).to_be_in_viewport()
    assert page.evaluate("document.querySelector(':target').id") == paper
    target.locator("summary").click()
    expect(target.locator("details")).to_contain_text("An abstract")


def test_a_thumbnail_that_fails_shows_the_placeholder_not_a_broken_image(open_page, site: Site, guard: Guard):
    # Given the CDN fails two thumbnails: one at the top of the page, one far below it (lazy)
    page = open_page()
    failing = ("2602.03392", "2602.06949")
    for paper in failing:
        page.route(f"**/{THUMBNAILS}/**/{paper}.png", lambda route: route.fulfill(status=404, body=""))
    page.goto(site.url + "posts/2026-02-09/")
    for paper in failing:
        image = page.locator(f"[id='{paper}'] img")
        image.scroll_into_view_if_needed()
        # Then each shows the site's placeholder, at the thumbnail's size
        expect(image).to_have_attribute("src", site.url + "assets/placeholder.svg")
        expect(image).to_have_js_property("complete", True)
        assert image.evaluate("i => i.naturalWidth") > 0 and image.bounding_box()["height"] > 20
    assert page.locator("img.missing").count() == 2
    guard.console[:] = [m for m in guard.console if "404" not in m]  # the two failures, as the browser reports them


def test_a_failed_shard_shows_an_error_not_loading_for_ever(open_page, site: Site, guard: Guard):
    page = open_page()
    page.route("**/data/search/2026-01.json", lambda route: route.fulfill(status=500, body="oops"))
    page.goto(site.url + "search/?q=speech")
    expect(page.locator("#status")).to_have_text(messages(page)["load_error"])
    guard.console[:] = [m for m in guard.console if "500" not in m]  # the shard's own failure, reported


def test_pages_carry_the_templates_security_headers_and_the_browser_enforces_them(open_page, site: Site, guard):
    page = open_page()
    response = page.goto(site.url + "posts/2026-02-09/")
    assert response is not None
    expected = {name.lower(): value for name, value in response_headers().items()}
    assert {name: response.headers.get(name) for name in expected} == expected
    page.evaluate(
        """() => {
        const script = document.createElement("script");
        script.textContent = "window.injected = true";
        const image = document.createElement("img");
        image.src = "https://example.org/tracker.png";
        const styled = document.createElement("p");
        styled.setAttribute("style", "color: red");
        document.body.append(script, image, styled);
    }"""
    )
    assert page.evaluate(SETTLED_VIOLATIONS, 3) == ["img-src", "script-src-elem", "style-src-attr"]
    assert page.evaluate("window.injected") is None
    assert guard.thumbnails, "the thumbnails of the page load"
    refused = [m for m in guard.console if m.startswith("CSP violation")]
    assert len(refused) == 3, guard.console
    guard.console.clear()  # expected here: they show that a violation anywhere else fails its test


@pytest.mark.parametrize(
    "path", ["", "posts/2026-02-09/", "topics/#nvidia", "search/?q=speech", "archive/", "weekly/2026-W06/"]
)
def test_phone_width_and_dark_mode_never_scroll_sideways(open_page, path: str):
    page = open_page(path, dark=True, width=375, height=812)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(20, 22, 27)", background


def test_the_404_page_is_served_for_missing_paths(open_page, site: Site, guard: Guard):
    page = open_page("no/such/page/")
    assert page.locator("h1").inner_text() == t(site, "페이지를 찾을 수 없습니다", "Page not found")
    guard.console[:] = [m for m in guard.console if "404" not in m]  # the document's own status
    page.locator("main a").first.click()
    page.wait_for_url(site.url)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = dict(attrs)
        for name in ("href", "src"):
            if a.get(name) and tag in ("a", "link", "script", "img"):
                self.found.append(a[name])


def test_a_crawl_from_the_home_page_finds_no_broken_internal_link(site: Site):
    seen, queue, broken = set(), [site.url], []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        try:
            with urlopen(url, timeout=10) as response:
                kind, body = response.headers["Content-Type"], response.read()
        except HTTPError as exc:
            broken.append((url, exc.code))
            continue
        if kind.startswith("text/html"):
            parser = Links()
            parser.feed(body.decode("utf-8"))
            for href in parser.found:
                target = urljoin(url, href).split("#")[0]
                if target.startswith(site.url):
                    queue.append(target)
    assert not broken, broken
    assert len(seen) > 20 and f"{site.url}archive/2026-01/" in seen and f"{site.url}atom.xml" in seen
    assert f"{site.url}weekly/2026-W05/" in seen and f"{site.url}monthly/2026-01/" in seen


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize(
    "path",
    ["", "posts/2026-02-09/", "posts/2026-02-05/#2602.51003", "topics/", "orgs/#서울대학교", "search/?q=speech",
     "archive/", "archive/2026-02/", "weekly/2026-W06/", "monthly/2026-02/", "no/such/page/"],
)  # fmt: skip
def test_axe_finds_no_accessibility_violation(open_page, guard: Guard, path: str, dark: bool):
    from axe_playwright_python.sync_playwright import Axe  # axe-core, bundled (requirements-dev.txt)

    page = open_page(path, dark=dark)
    page.wait_for_load_state("networkidle")
    if page.locator("#results").count():
        expect(page.locator("#status")).not_to_have_text(messages(page)["loading"])
    page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")  # check folded text too
    found = Axe().run(page).response["violations"]
    assert not found, [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in found]
    guard.console[:] = [m for m in guard.console if "404" not in m]  # the 404 page's own status


@pytest.mark.skipif(os.environ.get("SCREENSHOTS") != "1", reason="SCREENSHOTS=1 saves docs/screenshots/")
def test_screenshots(open_page, site: Site):
    if site.language != "ko":
        pytest.skip("the screenshots show the Korean site")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in (("home", ""), ("post", "posts/2026-02-09/")):
        for device, (width, height) in (("desktop", (1280, 900)), ("mobile", (375, 812))):
            for scheme in ("light", "dark"):
                page = open_page(path, dark=scheme == "dark", width=width, height=height)
                page.wait_for_load_state("networkidle")
                page.screenshot(path=SCREENSHOTS / f"{name}-{device}-{scheme}.png")
