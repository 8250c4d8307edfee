import re

import pytest

from daily_papers.slugs import MAX_LENGTH, slugify

SAFE = re.compile(r"[^\s/?#%&<>\"'`\\.]+")


@pytest.mark.parametrize(
    ("label", "slug"),
    [
        ("Large Language Models", "large-language-models"),
        ("reinforcement learning", "reinforcement-learning"),
        ("  Vision-Language   Models ", "vision-language-models"),
        ("GPT-4.5", "gpt-4-5"),
        ("벤치마크", "벤치마크"),
        ("강화 학습", "강화-학습"),
        ("大型语言模型", "大型语言模型"),
        ("ＬＬＭ エージェント", "llm-エージェント"),
        ("Straße", "strasse"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("🤖 Robotics!", "robotics"),
        ("Mixture-of-Experts (MoE)", "mixture-of-experts-moe"),
        ("हिन्दी भाषा", "हिन्दी-भाषा"),
    ],
)
def test_readable_slugs_in_every_script(label, slug):
    assert slugify(label) == slug


@pytest.mark.parametrize("label", ["🤖🚀", "!!!", "", " ", "…", "<script>", "../../etc", "a/b?c#d"])
def test_slugs_are_always_url_and_path_safe(label):
    slug = slugify(label)
    assert slug and SAFE.fullmatch(slug), slug
    assert not slug.startswith("-") and not slug.endswith("-")


def test_labels_without_letters_get_distinct_hashes():
    assert slugify("🤖🚀").startswith("x-")
    assert slugify("🤖🚀") != slugify("🚀🤖")


def test_long_labels_are_cut_and_stay_distinct():
    one, two = "a very long keyword " * 10 + "one", "a very long keyword " * 10 + "two"
    assert len(slugify(one)) <= MAX_LENGTH + 9
    assert slugify(one) != slugify(two)


def test_slugs_are_stable_and_case_and_width_insensitive():
    # Fixed expectations: a slug must never change between runs or Python versions (hash seeds).
    assert slugify("🤖🚀") == slugify("🤖🚀") == "x-" + slugify("🤖🚀")[2:]
    assert slugify("LLM") == slugify("llm") == slugify("ＬＬＭ") == "llm"
    assert slugify("가") == slugify("\u1100\u1161")  # composed and decomposed Hangul


@pytest.mark.parametrize("label", ["main", "_main", "Main", "__main__", "_MAIN_", "main content"])
def test_no_label_slugs_to_the_skip_links_target(label):
    # the topics and orgs views read the skip link's #fragment as "no name", so no name may have it
    from daily_papers.urls import MAIN_ID

    assert slugify(label) != MAIN_ID and "_" not in slugify(label)
