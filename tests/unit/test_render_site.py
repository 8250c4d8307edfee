"""The whole static site as rendered: structure, links, sitemap, weight and the cost of a daily run."""

import json
import posixpath
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from daily_papers import search_index, urls
from daily_papers.config import Settings
from daily_papers.models import Edition, Paper, SiteView
from daily_papers.publish import SitePublisher
from daily_papers.render import FULL_PAPERS, SiteRenderer
from daily_papers.slugs import slugify
from daily_papers.store import LocalStore
from tests.support.history import CountingStore
from tests.unit.factories import view_of

BASE = "https://papers.example/blog"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
KEYWORDS = ("large language models", "강화 학습", "벤치마크", "Mixture-of-Experts (MoE)", "🤖 robots")
ORGS = ("NVIDIA", "서울대학교", "Beijing Academy of Artificial Intelligence", None)


def realistic_paper(day: date, i: int) -> Paper:
    """Sized like the real HF API's items (tests/fixtures/hf_api_samples.json), a little heavier: a 1,300-character
    abstract, a 220-character AI summary, 9 keywords (some Korean), long organization names."""
    return Paper(
        id=f"{day:%y%m}.{day.day:02d}{i:03d}",
        title=f"Scaling <Reasoning> & “Planning” in Agents, part {i}: a study of long titles that wrap",
        summary=("Transformers reason over long contexts with retrieval. " * 28)[:1300],
        upvotes=100 - i,
        num_comments=i % 4,
        authors=tuple(f"Author {n} Name" for n in range(12)),
        organization=ORGS[i % len(ORGS)],
        thumbnail=f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{day:%y%m}.{i:05d}.png",
        ai_summary=("A concise AI-written summary of the paper's contribution, method and results. " * 3)[:220],
        ai_keywords=tuple(f"keyword number {n}" for n in range(4)) + KEYWORDS,
        github_repo=f"https://github.com/example/repo-{i}",
        github_stars=1000 + i,
        project_page=f"https://example.org/project-{i}/",
    )


def site_of(days: list[date], papers: int = 5) -> SiteView:
    editions = {
        d: Edition(d, tuple(realistic_paper(d, i) for i in range(papers)), datetime(2026, 2, 10, tzinfo=UTC))
        for d in days
    }
    return view_of(editions.values())


DAYS = [date(2026, 1, 29), date(2026, 1, 30), date(2026, 2, 2), date(2026, 2, 6), date(2026, 2, 9)]


@pytest.fixture(scope="module", params=["ko", "en"])
def pages(request):
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE, "SITE_LANGUAGE": request.param}))
    return {p.key: p for p in renderer.all_pages(site_of(DAYS))}


class StrictHtml(HTMLParser):
    """Tag balance, unique ids, one h1, headings that never skip a level, alt on every image."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.ids, self.links, self.headings, self.errors = [], set(), [], [], []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        if "id" in a:
            if a["id"] in self.ids:
                self.errors.append(f"duplicate id {a['id']}")
            self.ids.add(a["id"])
        if tag in ("a", "link") and "href" in a:
            self.links.append(a["href"])
        if tag in ("script", "img") and "src" in a:
            self.links.append(a["src"])
        if tag == "img" and "alt" not in a:
            self.errors.append(f"img without alt: {a.get('src')}")
        if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit():
            self.headings.append(int(tag[1]))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
        else:
            self.stack.pop()


def check_html(body: bytes) -> StrictHtml:
    parser = StrictHtml()
    parser.feed(body.decode("utf-8"))
    parser.close()
    assert not parser.errors and not parser.stack, (parser.errors, parser.stack)
    assert parser.headings.count(1) == 1 and parser.headings[0] == 1
    assert all(b - a <= 1 for a, b in zip(parser.headings, parser.headings[1:], strict=False)), parser.headings
    return parser


def resolve(key: str, href: str) -> str | None:
    """The key an internal link points at, or None for an external one."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = posixpath.normpath(posixpath.join(posixpath.dirname(key), parts.path))
    path = "" if path == "." else path
    return path + "/index.html" if href.split("#")[0].endswith("/") and path else path or urls.INDEX


def test_every_html_page_is_well_formed_and_accessible(pages):
    html = [p for k, p in pages.items() if k.endswith(".html")]
    assert len(html) == 5 + 2 + 6 + 3 + 2  # posts, months, home/archive/topics/orgs/search/404, weeks, months' best
    for page in html:
        parser = check_html(page.body)
        assert parser.lang in ("ko", "en")
        text = page.body.decode()
        assert f'<a class="skip" href="#{urls.MAIN_ID}">' in text
        assert f'<main id="{urls.MAIN_ID}"' in text and "<header" in text and "<footer" in text and "<nav" in text
        assert 'rel="alternate" type="application/atom+xml"' in text
        assert 'rel="alternate" type="application/feed+json"' in text


def test_internal_links_all_resolve(pages):
    known = set(pages) | {urls.post_md(d) for d in DAYS} | {urls.day_data(d) for d in DAYS}
    for key, page in pages.items():
        if not key.endswith(".html") or key == urls.NOT_FOUND:
            continue
        for href in check_html(page.body).links:
            target = resolve(key, href)
            assert target is None or target in known, f"{key}: {href} -> {target}"


def test_the_404_page_links_absolutely_since_it_is_served_at_any_path(pages):
    links = check_html(pages[urls.NOT_FOUND].body).links
    internal = [h for h in links if not h.startswith("#")]
    assert internal and all(h.startswith(BASE + "/") for h in internal)
    assert b'name="robots" content="noindex"' in pages[urls.NOT_FOUND].body


def test_the_sitemap_and_the_feed_robots_txt_names_list_every_html_page_but_the_404(pages):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    index = ElementTree.fromstring(pages[urls.SITEMAP].body)
    parts = [e.text.removeprefix(BASE + "/") for e in index.findall("s:sitemap/s:loc", ns)]
    months = {k[6:13] for k in pages if k.startswith("posts/")}
    assert parts[0] == urls.sitemap_part("site") and len(parts) == 1 + len(months) + 1
    assert parts[-1] == urls.PERIODS_SITEMAP
    locs = [e.text for part in parts for e in ElementTree.fromstring(pages[part].body).findall("s:url/s:loc", ns)]
    expected = {urls.absolute(BASE, k) for k in pages if k.endswith(".html") and k != urls.NOT_FOUND}
    # the posts of the week still open (Monday the 9th) are in the RSS feed, a sitemap too
    newest = {urls.absolute(BASE, urls.post_html(DAYS[-1]))}
    assert set(locs) == expected - newest and len(locs) == len(expected - newest)
    feed = {e.text for e in ElementTree.fromstring(pages[urls.FEED].body).iter("link")}
    assert newest <= feed
    robots = pages[urls.ROBOTS].body.decode().splitlines()
    assert robots[-2:] == [f"Sitemap: {BASE}/sitemap.xml", f"Sitemap: {BASE}/feed.xml"]


def test_content_types(pages):
    expected = {
        "index.html": "text/html; charset=utf-8",
        "posts/2026-02-09/index.md": "text/markdown; charset=utf-8",
        "feed.xml": "application/rss+xml; charset=utf-8",
        "atom.xml": "application/atom+xml; charset=utf-8",
        "feed.json": "application/feed+json; charset=utf-8",
        "sitemap.xml": "application/xml; charset=utf-8",
        "robots.txt": "text/plain; charset=utf-8",
        "assets/site.js": "text/javascript; charset=utf-8",
        "assets/style.css": "text/css; charset=utf-8",
        "assets/images.js": "text/javascript; charset=utf-8",
        "assets/placeholder.svg": "image/svg+xml",
        "assets/favicon.svg": "image/svg+xml",
        "data/search/2026-02.json": "application/json",
        "weekly/2026-W06/index.html": "text/html; charset=utf-8",
        "monthly/2026-01/index.md": "text/markdown; charset=utf-8",
        "weekly/feed.xml": "application/rss+xml; charset=utf-8",
        "weekly/atom.xml": "application/atom+xml; charset=utf-8",
        "monthly/feed.json": "application/feed+json; charset=utf-8",
        "papers/feed.xml": "application/rss+xml; charset=utf-8",
        "papers/feed-top10.xml": "application/rss+xml; charset=utf-8",
        "papers/feed.json": "application/feed+json; charset=utf-8",
        "sitemaps/periods.xml": "application/xml; charset=utf-8",
    }
    assert {k: pages[k].content_type for k in expected} == expected
    assert urls.content_type("data/manifest.json") == "application/json"


def test_keys(pages):
    assert {
        "index.html", "archive/index.html", "archive/2026-01/index.html", "archive/2026-02/index.html",
        "topics/index.html", "orgs/index.html", "search/index.html", "404.html", "robots.txt",
        "sitemap.xml", "feed.xml", "atom.xml", "feed.json", "data/search/index.json",
        "data/search/2026-01.json", "data/search/2026-02.json", "posts/2026-02-09/index.html",
        "weekly/2026-W05/index.html", "weekly/2026-W06/index.md", "weekly/2026-W07/index.html",
        "monthly/2026-01/index.md", "monthly/2026-02/index.html", "weekly/feed.xml", "monthly/atom.xml",
        "papers/feed.xml", "papers/feed.json", "papers/feed-top10.xml", "sitemaps/periods.xml",
    } <= set(pages)  # fmt: skip
    # the week and month still open have no Markdown post yet: it is dated their last day
    assert not {"weekly/2026-W07/index.md", "monthly/2026-02/index.md"} & set(pages)


def test_images_never_look_broken_nor_shift_the_layout(pages):
    # every page has the site's icon; pages with thumbnails load the script that mends a failed one
    for key in [k for k in pages if k.endswith(".html")]:
        assert '<link rel="icon" href="' in pages[key].body.decode(), key
    scripted = {k for k, p in pages.items() if b"assets/images.js" in p.body and k != urls.STATIC_STAMP}
    assert scripted == {k for k, p in pages.items() if b"<img " in p.body} and urls.INDEX in scripted
    assert b"placeholder.svg" in pages[urls.IMAGES_SCRIPT].body and b"<svg" in pages[urls.PLACEHOLDER].body
    # each thumbnail has its size; the first two load at once, those further down lazily
    post = pages["posts/2026-02-09/index.html"].body.decode()
    images = [tag.split(">")[0] for tag in post.split("<img ")[1:]]
    assert images and all('width="240" height="126"' in tag for tag in images)
    assert ['loading="lazy"' in tag for tag in images] == [False, False, True, True, True]


def test_post_links_to_topics_and_organizations_by_slug(pages):
    post = pages["posts/2026-02-09/index.html"].body.decode()
    assert f'href="../../topics/#{slugify("강화 학습")}"' in post
    assert 'href="../../orgs/#서울대학교"' in post and 'href="../../orgs/#nvidia"' in post
    assert 'id="2602.09000"' in post and 'loading="lazy"' in post and 'width="240" height="126"' in post
    assert "<details" in post  # long abstracts are collapsed
    assert "Scaling &lt;Reasoning&gt; &amp; “Planning”" in post  # data is escaped, never markup


def test_search_shards_hold_each_month_with_slugs_and_labels(pages):
    shard_list = json.loads(pages[urls.SEARCH_SHARDS].body)
    assert shard_list["shards"] == ["2026-02", "2026-01"]
    shard = json.loads(pages[urls.search_shard("2026-02")].body)
    assert {p["d"] for p in shard["papers"]} == {"2026-02-02", "2026-02-06", "2026-02-09"}
    assert shard["papers"][0]["d"] == "2026-02-09" and shard["papers"][0]["r"] == 1
    assert shard["topics"][slugify("강화 학습")] == "강화 학습"
    assert shard["orgs"]["서울대학교"] == "서울대학교"
    first = shard["papers"][0]
    assert first["o"] == "nvidia" and slugify("large language models") in first["k"] and first["a"]


def test_a_korean_sites_summaries_are_a_search_file_of_their_own_written_before_its_shard():
    # Given a site whose January papers have Korean summaries (all but one) and whose February ones have none
    days = [date(2026, 1, 29), date(2026, 1, 30), date(2026, 2, 9)]
    english = site_of(days)
    editions = {
        d: replace(
            english.edition(d),
            papers=tuple(
                replace(p, title_ko=f"제목 {p.id}", summary_ko=f"요약 {p.id}: 검색 증강을 쓴다." if i else None)
                for i, p in enumerate(english.edition(d).papers)
            ),
        )
        if d.month == 1
        else english.edition(d)
        for d in days
    }
    site = view_of(editions.values())
    # When the Korean and the English site are rendered
    ko = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE}))
    pages = {p.key: p.body for p in ko.all_pages(site)}
    # Then January's summaries are a file by paper ID, and its shard says so but carries none of them
    summaries = json.loads(pages[urls.search_summaries("2026-01")])
    expected = {p.id: p.summary_ko for d in days[:2] for p in editions[d].papers if p.summary_ko}
    assert summaries == {"v": search_index.SCHEMA, "month": "2026-01", "sk": expected} and len(expected) == 8
    shard = json.loads(pages[urls.search_shard("2026-01")])
    assert shard["summaries"] is True and "검색 증강" not in pages[urls.search_shard("2026-01")].decode()
    titles = {p.id: p.title_ko for d in days[:2] for p in editions[d].papers}
    assert {p["id"]: p["tk"] for p in shard["papers"]} == titles
    # February has no summaries file, and its shard does not point at one
    assert urls.search_summaries("2026-02") not in pages
    assert "summaries" not in json.loads(pages[urls.search_shard("2026-02")])
    # A daily run writes the summaries before the shard that points at them
    keys = [p.key for p in ko.listing_pages(days[1], site)]
    assert keys.index(urls.search_summaries("2026-01")) < keys.index(urls.search_shard("2026-01"))
    assert urls.content_type(urls.search_summaries("2026-01")) == "application/json"
    # An English site shows no Korean text, and searches none
    en = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE, "SITE_LANGUAGE": "en"}))
    en_pages = {p.key: p.body for p in en.all_pages(site)}
    assert not any(k.startswith("data/search/summaries/") for k in en_pages)
    assert "summaries" not in json.loads(en_pages[urls.search_shard("2026-01")])


def test_sharing_tags_and_canonical(pages):
    post = pages["posts/2026-02-09/index.html"].body.decode()
    assert f'<link rel="canonical" href="{BASE}/posts/2026-02-09/">' in post
    assert '<meta property="og:type" content="article">' in post
    assert '<meta property="og:image" content="https://cdn-thumbnails.huggingface.co/' in post
    assert '<meta name="twitter:card" content="summary_large_image">' in post
    home = pages[urls.INDEX].body.decode()
    assert f'<meta property="og:url" content="{BASE}/">' in home


def weight(edition: Edition) -> tuple[int, str]:
    """The bytes a reader downloads for a day's post on a Korean site (HTML, CSS and the scripts it
    loads), and the post's text, checked by the HTML parser."""
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE}))
    post = renderer.post_page(edition, view_of([edition]))
    check_html(post.body)
    assets = {p.key: p for p in renderer.static_pages()}
    scripts = [
        k for k in (urls.SCRIPT, urls.IMAGES_SCRIPT) if f'src="{urls.relative(post.key, k)}"'.encode() in post.body
    ]
    total = len(post.body) + len(assets[urls.STYLESHEET].body) + sum(len(assets[k].body) for k in scripts)
    return total, post.body.decode()


def test_a_30_paper_post_weighs_at_most_100_kb_with_its_css_and_js():
    day = date(2026, 2, 9)
    total, post = weight(site_of([day], papers=30).edition(day))
    assert total <= 100_000, total
    assert post.count('<li id="') == 30


def test_a_30_paper_post_with_the_longest_korean_summaries_weighs_at_most_100_kb_too():
    # Given a 30-paper day with 1,400-character abstracts and Korean summaries at the prompt's limit
    # (300 Hangul, 3 bytes each in UTF-8; enrich.SYSTEM_PROMPT)
    day = date(2026, 2, 9)
    english = site_of([day], papers=30).edition(day)
    abstract = ("Agents plan over long horizons with tools and memory. " * 30)[:1400]
    korean = replace(
        english,
        papers=tuple(
            replace(p, summary=abstract, title_ko="가" * 60, summary_ko="나" * 300, summary_prompt="ko-1")
            for p in english.papers
        ),
    )
    # When its post is rendered
    total, post = weight(korean)
    # Then it holds the normal budget: each Korean summary is shown, labelled as AI-written, and the
    # English abstract is a link to the paper's arXiv page, not inlined
    assert total <= 100_000, total
    full, compact = post.split('<h2 id="more">')
    assert full.count(f"<strong>AI 요약:</strong> {'나' * 300}</p>") == FULL_PAPERS
    assert compact.count(f"<details><summary>AI 요약</summary>\n<p>{'나' * 300}</p>") == 30 - FULL_PAPERS
    assert abstract[:100] not in post
    links = [f'<a href="{p.arxiv_url}">영문 초록 보기 (arXiv)</a>' for p in korean.papers]
    assert all(post.count(link) == 1 for link in links)


def test_a_long_day_shows_its_top_papers_in_full_and_the_rest_as_a_list_with_every_anchor():
    # Given a 130-paper day
    day = date(2026, 2, 9)
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE}))
    site = site_of([day], papers=130)
    # When its post is rendered
    post = renderer.post_page(site.edition(day), site).body.decode()
    check_html(post.encode())
    full, rest = post.split('<h2 id="more">')
    # Then the top ten are in full (thumbnail, keywords), the other 120 a compact list numbered on from 11
    assert full.count('<li id="') == FULL_PAPERS and full.count("<img ") == FULL_PAPERS
    assert rest.startswith("나머지 120편</h2>") and '<ol class="compact" start="11">' in rest
    assert rest.count('<li id="') == 120 and "<img " not in rest and 'class="tags"' not in rest
    # with the day's counts and a way to jump to the list; every paper keeps its anchor and HF link
    assert "상위 10편은 자세히, 나머지 120편은" in full and '<a href="#more">' in full
    for paper in site.edition(day).papers:
        assert post.count(f'<li id="{paper.id}">') == 1 and f'<a href="{paper.hf_url}">HF 페이지</a>' in post
    assert len(post) < 300_000  # about two thirds of 130 full entries: abstracts stay, folded


@pytest.mark.parametrize("language", ["ko", "en"])
def test_english_text_on_a_korean_page_is_marked_english_and_abstract_paragraphs_are_kept(language):
    # Given an English paper with a two-paragraph abstract (the second wrapped), and a Korean one
    day = date(2026, 2, 9)
    english = Paper(
        id="2602.00001", title="Scaling Agents", summary="First part.\n\nSecond part,\nwrapped.", upvotes=3,
        ai_summary="An English summary.", ai_keywords=("agents",), title_ko="에이전트 확장",
    )  # fmt: skip
    korean = Paper(id="2602.00002", title="한국어 제목", summary="한국어 초록입니다.", upvotes=1)
    ed = Edition(day, (english, korean), datetime(2026, 2, 10, tzinfo=UTC))
    site = view_of([ed])
    renderer = SiteRenderer(Settings.from_env({"SITE_LANGUAGE": language}))
    post = renderer.post_page(ed, site).body.decode()
    home = renderer.home_page(site).body.decode()
    en = ' lang="en"' if language == "ko" else ""
    # Then on a Korean page the English title, summary and each abstract paragraph carry lang="en"
    assert f'<h3{en}><a href="{english.hf_url}">Scaling Agents</a></h3>' in post
    assert f"<p{en}><strong>Abstract:</strong> First part.</p>\n<p{en}>Second part,\nwrapped.</p>" in post
    summary = '<span lang="en">An English summary.</span>' if en else "An English summary."
    assert f"<strong>{renderer.t['ai_summary']}:</strong> {summary}</p>" in post
    assert f'<h3{en}><a href="posts/2026-02-09/#2602.00001">Scaling Agents</a></h3>' in home
    # and Korean text never does
    assert '<h3><a href="https://huggingface.co/papers/2602.00002">한국어 제목</a></h3>' in post
    assert "<p><strong>Abstract:</strong> 한국어 초록입니다.</p>" in post
    if language == "en":
        assert 'lang="en"' not in post.split("<body>")[1]


# A day's week and month pages ("so far", HTML and Markdown) and the three paper feeds are 7 of them; on
# the first of a month the month before changes too (closed now, and a link to the next) and its feeds.
@pytest.mark.parametrize(("length", "max_writes"), [(1000, 22), (1004, 30)], ids=["mid-month", "first-of-month"])
def test_a_daily_run_stays_cheap_with_1000_days_of_history(tmp_path, length, max_writes):
    start = date(2023, 5, 4)
    history = [start + timedelta(days=n) for n in range(length)]
    store = CountingStore(LocalStore(tmp_path))
    renderer = SiteRenderer(Settings.from_env({"SITE_BASE_URL": BASE}))
    publisher = SitePublisher(store, renderer)
    site = site_of(history, papers=2)
    editions = [site.edition(d) for d in history]
    for e in editions:
        store.put(urls.day_data(e.day), json.dumps(e.to_dict()).encode(), "application/json")
    store.put(urls.MANIFEST, json.dumps(site.manifest.to_dict()).encode(), "application/json")
    view = site  # yesterday's run, as it left the bucket:
    publisher.write_pages(renderer.day_pages(editions[-1], view) + renderer.listing_pages(history[-1], view))
    store.reset()

    day = history[-1] + timedelta(days=1)
    today = Edition(day, tuple(realistic_paper(day, i) for i in range(30)), datetime.now(UTC))
    written = publisher.write_days(today).keys  # its CPU time is budgeted by `make bench`, not here

    assert written == store.keys["PUT"] and len(written) <= max_writes, written  # the budget is 25
    # manifest reads + this month's days, whatever the history; and for the digests the week's days, the
    # snapshots of the feeds' latest periods, and the latest closed week's days when it has no snapshot
    assert store.calls["GET"] <= 50, store.keys["GET"]
    assert urls.search_shard(urls.month_of(day)) in written and urls.post_html(history[-1]) in written


@pytest.mark.parametrize(
    ("language", "org_label", "authors_label", "hf"),
    [("ko", "기관", "저자", "HF 페이지"), ("en", "Institution", "Authors", "HF page")],
)
def test_a_paper_shows_authors_and_organization_under_their_own_labels_and_its_hf_links(
    language, org_label, authors_label, hf
):
    # Given one paper with an organization and one without, with comments
    day = date(2026, 2, 9)
    with_org = Paper(
        id="2602.00001", title="A", summary="", upvotes=2, num_comments=3, authors=("X", "Y"), organization="NVIDIA"
    )
    without = Paper(id="2602.00002", title="B", summary="", upvotes=1, authors=("Kim", "Lee", "Park"))
    ed = Edition(day, (with_org, without), datetime(2026, 2, 10, tzinfo=UTC))
    site = view_of([ed])
    renderer = SiteRenderer(Settings.from_env({"SITE_LANGUAGE": language}))
    # When the post is rendered
    body = renderer.post_page(ed, site).body.decode()
    first, second = body.split('<li id="2602.00002">')
    # Then the organization is labelled as one, and authors are never labelled as an organization
    assert f'{org_label}: <a href="../../orgs/#nvidia">NVIDIA</a>' in first and f"{authors_label}:" not in first
    assert f"{authors_label}: Kim, Lee" in second and f"{org_label}:" not in second
    # and each paper links its HF page by name, its title, and its comments to the HF discussion
    for paper, part in ((with_org, first), (without, second)):
        assert f'<li><a href="{paper.hf_url}">{hf}</a></li>' in part
        assert f'><a href="{paper.hf_url}">{paper.title}</a></h3>' in part
    assert '<a href="https://huggingface.co/papers/2602.00001#community">💬' in first
