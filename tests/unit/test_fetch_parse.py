import json

import pytest

from daily_papers.fetch import parse_item
from tests.support.data import FIXTURES, hf_item


@pytest.fixture(scope="module")
def samples():
    return json.loads((FIXTURES / "hf_api_samples.json").read_text(encoding="utf-8"))


def test_real_item_becomes_a_full_paper(samples):
    # Given a real daily_papers item (upvotes inside `paper`, comments and thumbnail outside)
    item = samples["daily_papers_items"][0]
    # When parsed
    paper = parse_item(item)
    # Then every field lands where the model expects it
    assert paper.id == "2602.23229"
    assert paper.title == "Large Multimodal Models as General In-Context Classifiers"
    assert paper.upvotes == 10
    assert paper.num_comments == 1
    assert paper.thumbnail == "https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/2602.23229.png"
    assert paper.organization == "Multimedia and Human Understanding Group"
    assert paper.authors[:2] == ("Marco Garosi", "Matteo Farina")
    assert paper.github_repo == "https://github.com/marco-garosi/CIRCLE"
    assert paper.github_stars == 9
    assert paper.project_page == "https://circle-lmm.github.io/"
    assert "in-context learning" in paper.ai_keywords
    assert paper.ai_summary.startswith("Large Multimodal Models demonstrate")
    assert paper.published_at == "2026-02-26T17:08:18.000Z"
    assert paper.submitted_at == "2026-03-06T03:55:12.777Z"


def test_bare_paper_objects_parse_without_optional_fields(samples):
    for obj in samples["paper_objects_from_daily_papers"]:
        paper = parse_item({"paper": obj})
        assert paper is not None and paper.id == obj["id"]
        assert paper.thumbnail is None and paper.organization is None and paper.num_comments == 0


def test_summary_hard_line_breaks_are_folded():
    paper = parse_item(hf_item("2602.00001", summary="Line one\nline two\n\n  line   three "))
    assert paper.summary == "Line one line two line three"


def test_organization_falls_back_to_the_paper_object():
    item = hf_item("2602.00001")
    item["paper"]["organization"] = {"name": "nvidia", "fullname": "NVIDIA"}
    assert parse_item(item).organization == "NVIDIA"


def test_control_characters_and_lone_surrogates_are_dropped():
    paper = parse_item(hf_item("2602.00001", title="Bad\x00 \x1b[31mtitle\ud800 ok"))
    assert paper.title == "Bad [31mtitle ok"
    paper.title.encode("utf-8")  # would raise on a surrogate


@pytest.mark.parametrize(
    "item",
    [
        None,
        "2602.00001",
        {"paper": None},
        {"paper": {"title": "no id", "upvotes": 1}},
        {"paper": {"id": "../../etc/passwd", "title": "path", "upvotes": 1}},
        {"paper": {"id": "2602.03392\n", "title": "newline", "upvotes": 1}},
        {"paper": {"id": "2602.339", "title": "short", "upvotes": 1}},
        {"paper": {"id": "2613.00001", "title": "month 13", "upvotes": 1}},
        {"paper": {"id": "٢٦٠٢.٠٣٣٩٢", "title": "arabic digits", "upvotes": 1}},
        {"paper": {"id": "2602.03392", "upvotes": 1}},
        {"paper": {"id": "2602.03392", "title": "   ", "upvotes": 1}},
        {"paper": {"id": "2602.03392", "title": "t", "upvotes": "12"}},
        {"paper": {"id": "2602.03392", "title": "t", "upvotes": 1.5}},
        {"paper": {"id": "2602.03392", "title": "t", "upvotes": True}},
        {"paper": {"id": "2602.03392", "title": "t", "upvotes": -1}},
        {"paper": {"id": "2602.03392", "title": "t"}},
    ],
)
def test_invalid_items_are_skipped_not_raised(item):
    assert parse_item(item) is None


def test_unsafe_links_are_dropped():
    item = hf_item("2602.00001", githubRepo="javascript:alert(1)", projectPage="ftp://x")
    item["thumbnail"] = "data:image/png;base64,AAAA"
    paper = parse_item(item)
    assert paper.github_repo is None and paper.project_page is None and paper.thumbnail is None


def test_a_lone_keyword_string_is_one_keyword_not_one_per_letter():
    paper = parse_item(hf_item("2602.00001", ai_keywords="diffusion models"))
    assert paper.ai_keywords == ("diffusion models",)
    assert parse_item(hf_item("2602.00001", ai_keywords={"not": "a list"})).ai_keywords == ()


@pytest.mark.parametrize(("raw", "expected"), [(12.0, 12), (0.0, 0), (12, 12)])
def test_whole_numbers_written_as_floats_are_accepted(raw, expected):
    item = hf_item("2602.00001", upvotes=raw)
    item["numComments"] = float(raw)
    paper = parse_item(item)
    assert (paper.upvotes, paper.num_comments) == (expected, expected)
    assert type(paper.upvotes) is int


@pytest.mark.parametrize("raw", [12.5, -1.0, float("nan"), float("inf"), True, "12"])
def test_likes_that_are_not_a_whole_number_skip_the_paper(raw):
    assert parse_item(hf_item("2602.00001", upvotes=raw)) is None
