"""Our Markdown post for the seed's day is the seed post, line for line, but for clean institutions
(and authors labelled as authors, 저자, where the seed printed them as an institution), and two lines
per paper the seed lacked: its submitter and its discussion."""

import re
from datetime import UTC, date, datetime

from daily_papers.config import Settings
from daily_papers.events import PublishDay
from daily_papers.fetch import HfApiSource
from daily_papers.store import LocalStore
from daily_papers.wiring import make_service
from tests.support.data import FIXTURES

SEED = (FIXTURES / "seed-post-2026-02-09.md").read_text(encoding="utf-8")
INSTITUTION = re.compile(r"^   - (?:기관|저자): (.*)$")
# Lines ours adds to each paper that the seed never had: who submitted it (HF's submittedOnDailyBy), its discussion
ADDED = re.compile(
    r"^   - (?:제출: \[.*\]\(https://huggingface\.co/[\w.-]+\)|\[토론\]\(https://huggingface\.co/papers/.*#community\))$"
)


def rendered_text(markdown: str) -> str:
    """What a Markdown reader shows of our escaped inline text."""
    text = re.sub(r"\\(.)", r"\1", markdown)
    return text.replace("&#123;", "{").replace("&#125;", "}").replace("&amp;", "&")


def test_the_post_reproduces_the_seed_with_clean_institutions(fake_hf, tmp_path):
    # Given the seed's day served by the fake HF API, and the seed's author and publish time
    settings = Settings.from_env({"HF_API_BASE": fake_hf.url, "SITE_AUTHOR": "lim4349"})
    clock = lambda: datetime(2026, 2, 9, 0, 15, tzinfo=UTC)  # noqa: E731 - 09:15 in Seoul
    service = make_service(settings, HfApiSource(fake_hf.url), LocalStore(tmp_path), clock=clock)
    # When the day is published
    service.run(PublishDay(date(2026, 2, 9)))
    ours = (tmp_path / "posts/2026-02-09/index.md").read_text(encoding="utf-8").splitlines()
    added = [line for line in ours if ADDED.match(line)]
    assert len(added) == 2 * 10  # the submitter and the discussion of each of the 10 papers
    ours = [line for line in ours if not ADDED.match(line)]
    seed = SEED.splitlines()
    # Then every line is the seed's, except the institutions, which are clean now
    assert len(ours) == len(seed)
    differing = [(a, b) for a, b in zip(seed, ours, strict=True) if a != b]
    others = [(a, b) for a, b in differing if not (INSTITUTION.match(a) and INSTITUTION.match(b))]
    # text the seed left raw is escaped in ours (its LaTeX `\textbf{...}`), and reads the same once rendered
    assert all(a == rendered_text(b) for a, b in others), others[:3]
    assert len(others) == 1
    institutions = [INSTITUTION.match(line).group(1) for line in ours if INSTITUTION.match(line)]
    assert institutions[5:9] == [
        "Zhejiang University",  # the seed had "Zhejiang University5"
        "NVIDIA",
        "MediaTek Research",  # "MediaTek Research1"
        "Beijing Academy of Artificial Intelligence",  # "...Intelligence461"
    ]
    assert not any(re.search(r"\d$|authors", i) for i in institutions)  # no "·7 authors5201"
    assert ours[
        ours.index("1. **On the Entropy Dynamics in Reinforcement Fine-Tuning of Large Language Models** - 👍 26") + 1
    ].startswith("   - 저자: ")  # the seed's "기관: ·7 authors5201" were authors
