"""Synthetic but realistic published history: the one generator, shared by the benchmark and the tests.

Each day is drawn from a generator seeded with its date, so a day is the same whatever history it is
part of, and every run compares with the last. The shapes follow real HF Daily Papers
(tests/fixtures/, whose abstracts average ~1,370 characters):

- papers a day: 2 to 130, most days 15 to 50 (mean ~37);
- abstracts ~1,400 characters on average (450 to 2,600), half with arXiv's hard line breaks;
- titles of 30 to 130 characters, a few with `&`, quotes, non-Latin letters or an emoji;
- 1 to 40 authors (median ~6) from a few thousand names, Korean ones among them;
- an organization for ~65% of papers, a few frequent ones and a long tail;
- keywords for ~70% of papers, 3 to 15 each, common ones often and a long tail of rare ones;
- HF's one-sentence summary, GitHub links with stars, project pages, publication times;
- Korean titles and summaries for the top 30 papers, as the Korean site stores them.
"""

from __future__ import annotations

import json
import random
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from typing import Any

from daily_papers import urls
from daily_papers.enrich import PROMPT_VERSION
from daily_papers.models import Edition, Paper
from daily_papers.periods import Period
from daily_papers.ports import StoredObject
from daily_papers.rank import rank

SUMMARY_MODEL = "apac.amazon.nova-lite-v1:0"
SUMMARISED = 30  # SUMMARY_MAX_PAPERS' default: the top papers of a day get Korean text
# The most frequent first: KEYWORDS[0] and ORGS[0] are what bench/views.py opens.
KEYWORDS = [
    "large language models", "reinforcement learning", "diffusion models", "multimodal", "benchmark",
    "vision-language models", "agents", "reasoning", "chain-of-thought", "mixture-of-experts",
    "instruction tuning", "retrieval-augmented generation", "text-to-image", "video generation",
    "code generation", "mathematical reasoning", "preference optimization", "RLHF", "GRPO",
    "knowledge distillation", "quantization", "long context", "speech recognition", "3D reconstruction",
    "embodied AI", "robot learning", "world models", "tokenization", "scaling laws", "transformers",
    "state space models", "test-time scaling", "self-supervised learning", "contrastive learning",
    "image editing", "object detection", "semantic segmentation", "hallucination", "alignment",
    "safety", "jailbreak", "evaluation", "synthetic data", "data curation", "pretraining",
    "fine-tuning", "LoRA", "in-context learning", "tool use", "web agents", "GUI agents",
    "multilingual", "machine translation", "text-to-speech", "audio generation", "medical imaging",
    "graph neural networks", "time series", "recommendation", "federated learning", "memory",
    "KV cache", "speculative decoding", "sparse attention", "flow matching", "autoregressive models",
    "neural rendering", "Gaussian splatting", "optical flow", "pose estimation", "OCR",
    "document understanding", "table reasoning", "theorem proving", "formal verification",
    "reward models", "process reward models", "curriculum learning", "continual learning",
    "model merging", "pruning", "efficient inference", "on-device", "privacy", "watermarking",
    "멀티모달", "벤치마크", "에이전트", "강화학습", "추론", "🤖 robotics",
]  # fmt: skip
ORGS = [
    "NVIDIA", "Google DeepMind", "Meta AI", "Alibaba Qwen", "ByteDance Seed", "Microsoft Research",
    "Tsinghua University", "Shanghai AI Laboratory", "Zhejiang University", "Peking University",
    "서울대학교", "KAIST", "NAVER Cloud", "LG AI Research", "Hugging Face", "Allen Institute for AI",
    "Stanford University", "Carnegie Mellon University", "MIT", "UC Berkeley", "Apple", "Amazon",
    "Tencent Hunyuan", "Baidu", "DeepSeek", "Moonshot AI", "Mistral AI", "Salesforce Research",
    "Beijing Academy of Artificial Intelligence", "Fudan University", "Nanyang Technological University",
    "National University of Singapore", "University of Oxford", "ETH Zurich", "EPFL", "Mila",
    "University of Toronto", "The Chinese University of Hong Kong", "HKUST", "Sony AI",
    "Samsung Research", "Kakao Brain", "Upstage", "OpenGVLab", "StepFun", "MiniMax", "Zhipu AI",
    "Kuaishou Technology", "Ant Group", "Huawei Noah's Ark Lab", "IBM Research", "Cohere",
    "AI21 Labs", "Technion", "Tel Aviv University", "University of Tokyo", "Sakana AI",
    "MediaTek Research", "ServiceNow", "Adobe Research",
]  # fmt: skip
FIRST_NAMES = [
    "Wei", "Yuki", "Anna", "Carlos", "Priya", "Olga", "Jae-won", "Mohammed", "Sofia", "Chen", "Liam",
    "Aisha", "Hiroshi", "Elena", "Rahul", "Min", "Lucas", "Fatima", "Jun", "Emma", "Arjun", "Mei",
    "David", "Chiara", "Tomás", "Ying", "Noah", "Sara", "Kenji", "Zhi", "Hannah", "Omar", "Lin",
    "Mateo", "Ji-ho", "Xin", "Ahmed", "Laura", "Ravi", "Yu", "Nina", "Pedro", "Hao", "Irene", "Dmitri",
]  # fmt: skip
LAST_NAMES = [
    "Zhang", "Rossi", "Kim", "Sharma", "Wang", "Müller", "Li", "Tanaka", "García", "Chen", "Nguyen",
    "Smith", "Park", "Liu", "Ivanova", "Singh", "Yang", "Kowalski", "Huang", "Silva", "Zhao", "Cohen",
    "Wu", "Suzuki", "Martin", "Lee", "Xu", "Hassan", "Sun", "Novak", "Ma", "Dubois", "Gao", "Patel",
    "Choi", "Lin", "Okafor", "Zhou", "Schmidt", "He",
]  # fmt: skip
KOREAN_NAMES = ["김민준", "이서연", "박지호", "최유진", "정하은", "강도윤", "조서준", "윤지우", "장예린", "임하준"]
NAMES = [f"{first} {last}" for first in FIRST_NAMES for last in LAST_NAMES] + KOREAN_NAMES
ADJECTIVES = [
    "scalable", "efficient", "robust", "unified", "adaptive", "sparse", "hierarchical", "multi-turn",
    "self-improving", "lightweight", "verifiable", "long-horizon", "fine-grained", "zero-shot",
    "cross-modal", "data-efficient", "interpretable", "compositional", "streaming", "agentic",
]  # fmt: skip
NOUNS = [
    "reasoning", "retrieval", "planning", "alignment", "distillation", "decoding", "tokenizers",
    "reward modeling", "video understanding", "image generation", "speech synthesis", "code agents",
    "world models", "memory", "routing", "search", "evaluation", "grounding", "compression", "editing",
]  # fmt: skip
TASKS = [
    "mathematical problem solving", "software engineering", "visual question answering", "robot manipulation",
    "long-document understanding", "text-to-video generation", "scientific discovery", "web navigation",
    "medical report generation", "multilingual dialogue", "3D scene synthesis", "theorem proving",
]  # fmt: skip
SENTENCES = [
    "{Name} achieves {n}% accuracy on {task}, outperforming strong baselines by {m} points.",
    "Existing approaches to {noun} struggle with {adj} settings, where errors compound over long horizons.",
    "We propose {Name}, a {adj} framework for {noun} that scales to {n}B parameters.",
    "To address this, we introduce a {adj} training recipe that combines {noun} with {noun2}.",
    "Experiments on {k} benchmarks show consistent gains in {task} while reducing inference cost by {m}x.",
    "Our analysis reveals that {noun} is the main bottleneck, not model size.",
    "We further release a dataset of {n},000 annotated examples covering {task}.",
    "Ablations confirm that each component contributes, and that the gains persist across model scales.",
    "Unlike prior work, {Name} requires no human annotations and trains in {k} GPU-days.",
    "Code, models and data are available at this https URL.",
    "Recent advances in {noun} have enabled {adj} systems, yet their reliability remains poorly understood.",
    "We formalise {noun} as a {adj} optimisation problem and derive an efficient approximation.",
    "On {task}, our {n}B model matches systems {k} times larger.",
    "Human evaluation with {n} participants confirms the automatic metrics.",
    "These results suggest a simple path toward {adj} {noun} for {task}.",
]  # fmt: skip
KOREAN_SENTENCES = [
    "이 논문은 {noun} 문제를 다루며 {Name}을 제안한다.",
    "{Name}은 {n}개의 벤치마크에서 기존 방법보다 높은 정확도를 달성한다.",
    "제안 방법은 추론 비용을 {m}배 줄이면서도 성능을 유지한다.",
    "실험 결과 대규모 언어 모델의 강화학습 미세 조정에서 일관된 향상을 보인다.",
    "저자들은 {n}만 개의 예제로 구성된 새로운 데이터셋을 공개한다.",
]  # fmt: skip
KOREAN_TITLES = [
    "대규모 언어 모델의 효율적인 추론", "멀티모달 에이전트를 위한 강화학습", "긴 문맥에서의 검색 증강 생성",
    "비디오 생성 모델의 확장", "수학 추론을 위한 보상 모델", "소형 모델로의 지식 증류", "로봇 조작을 위한 월드 모델",
    "코드 에이전트 평가 벤치마크", "전문가 혼합(MoE) 구조의 라우팅", "테스트 시점 연산의 확장",
]  # fmt: skip
KEYWORD_WEIGHTS = list(accumulate(1 / (k + 1) for k in range(len(KEYWORDS))))  # Zipf: a few common ones
ORG_WEIGHTS = list(accumulate(1 / (k + 1) ** 0.8 for k in range(len(ORGS))))
EMOJI = ["🚀", "🤖", "🔥", "✨"]


def _words(rng: random.Random) -> dict[str, Any]:
    name = "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=rng.randint(3, 6)))
    return {
        "Name": name + rng.choice(["", "-R1", "-VL", "Bench", "-2", "Agent", "-Zero"]),
        "adj": rng.choice(ADJECTIVES),
        "noun": rng.choice(NOUNS),
        "noun2": rng.choice(NOUNS),
        "task": rng.choice(TASKS),
        "n": rng.randint(2, 95),
        "m": rng.randint(2, 30),
        "k": rng.randint(3, 16),
    }


def _abstract(rng: random.Random, words: dict[str, Any]) -> str:
    length = min(2600, max(450, int(rng.gauss(1340, 380))))
    sentences: list[str] = []
    size = 0
    while size < length:
        sentence = rng.choice(SENTENCES).format(**(words | _words(rng) if rng.random() < 0.3 else words))
        sentences.append(sentence)
        size += len(sentence) + 1
    text = " ".join(sentences)
    if rng.random() < 0.5:  # arXiv's hard line breaks, about every 90 characters
        wrapped, width = [], 0
        for word in text.split(" "):
            wrapped.append("\n" + word if width > 88 else " " + word)
            width = len(word) if width > 88 else width + len(word) + 1
        text = "".join(wrapped)[1:]
    return text


def _title(rng: random.Random, words: dict[str, Any]) -> str:
    title = rng.choice(
        [
            "{Name}: {adj} {noun} for {task}",
            "{Name}: Towards {adj} {noun} with {noun2}",
            "Scaling {noun} for {task}",
            "When {noun} Meets {noun2}: A {adj} Approach to {task}",
            "{Name}: A Benchmark for {adj} {noun}",
            "Rethinking {noun} in {adj} Models",
        ]
    ).format(**words)
    roll = rng.random()
    if roll < 0.03:
        title += f" {rng.choice(EMOJI)}"
    elif roll < 0.06:
        title = title.replace(": ", ': "Q&A" for <code> & ', 1)  # escaping, in the pages and the feeds
    elif roll < 0.08:
        title += " — 한국어와 日本語"
    return title[0].upper() + title[1:]


def _paper(rng: random.Random, day: date, i: int) -> Paper:
    words = _words(rng)
    pid = f"{day:%y%m}.{day.day:02d}{i:03d}"
    keywords: tuple[str, ...] = ()
    if rng.random() < 0.7:
        drawn = rng.choices(KEYWORDS, cum_weights=KEYWORD_WEIGHTS, k=rng.randint(3, 15))
        rare = [f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}" for _ in range(rng.randint(0, 3))]
        keywords = tuple(dict.fromkeys(drawn + rare))
    stars = int(rng.lognormvariate(3.5, 1.5)) if rng.random() < 0.45 else None
    published = datetime.combine(day - timedelta(days=rng.randint(1, 4)), datetime.min.time(), UTC)
    return Paper(
        id=pid,
        title=_title(rng, words),
        summary=_abstract(rng, words),
        upvotes=min(600, int(rng.lognormvariate(2.3, 1.1))),
        num_comments=min(20, int(rng.expovariate(0.7))),
        authors=tuple(rng.sample(NAMES, min(40, 1 + int(rng.lognormvariate(1.6, 0.7))))),
        organization=rng.choices(ORGS, cum_weights=ORG_WEIGHTS)[0] if rng.random() < 0.65 else None,
        thumbnail=f"https://cdn-thumbnails.huggingface.co/social-thumbnails/papers/{pid}.png",
        ai_summary=rng.choice(SENTENCES).format(**words) if rng.random() < 0.75 else None,
        ai_keywords=keywords,
        github_repo=f"https://github.com/{words['Name'].lower()}/{words['noun'].replace(' ', '-')}" if stars else None,
        github_stars=stars,
        project_page=f"https://{words['Name'].lower()}.github.io/" if rng.random() < 0.3 else None,
        published_at=(published + timedelta(seconds=rng.randrange(86_400))).isoformat().replace("+00:00", "Z"),
        submitted_at=f"{day.isoformat()}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:00.000Z",
    )


def _korean(rng: random.Random, paper: Paper) -> Paper:
    """The Korean title and summary the enrich stage stores for a top paper."""
    words = _words(rng)
    summary = " ".join(s.format(**words) for s in rng.sample(KOREAN_SENTENCES, rng.randint(2, 3)))
    title = f"{paper.title.split(':')[0]}: {rng.choice(KOREAN_TITLES)}"
    return replace(
        paper, title_ko=title, summary_ko=summary, summary_model=SUMMARY_MODEL, summary_prompt=PROMPT_VERSION
    )


def papers_on(rng: random.Random) -> int:
    """How many papers HF listed that day: 2 to 130, most days 15 to 50."""
    roll = rng.random()
    if roll < 0.06:
        return rng.randint(2, 14)
    if roll < 0.88:
        return rng.randint(15, 50)
    return rng.randint(51, 90) if roll < 0.97 else rng.randint(91, 130)


def synthetic_edition(day: date, papers: int | None = None) -> Edition:
    """The day's edition, always the same for the same day (and `papers`, if given)."""
    rng = random.Random(day.toordinal())
    count = papers_on(rng) if papers is None else papers
    ranked = list(rank(tuple(_paper(rng, day, i) for i in range(count))))
    ranked[:SUMMARISED] = [_korean(rng, paper) for paper in ranked[:SUMMARISED]]
    return Edition(day, tuple(ranked), datetime.combine(day + timedelta(days=1), datetime.min.time(), UTC), count)


SUMMARY_WORD = "검색 증강"  # in every synthetic Korean summary, in no title, keyword or name


def with_korean(edition: Edition) -> Edition:
    """`edition` as a Korean site with summaries on keeps it: each paper with a Korean title and a
    2-3 sentence Korean summary of a typical length (about 220 characters, 450 bytes)."""
    papers = tuple(
        replace(
            p,
            title_ko=f"{edition.day}의 논문 {i}: 긴 문맥 추론의 확장과 한국어 제목 🚀",
            summary_ko=(
                f"긴 문맥을 다루는 대형 언어 모델(LLM)은 추론 비용이 빠르게 늘어나는 문제가 있다. 논문 {i}은 "
                f"{SUMMARY_WORD}(retrieval-augmented) 계획과 도구 사용을 결합한 방법을 제안한다. 실험에서 정확도를 "
                f"{i}.5% 높이고 추론 비용을 30% 줄이며, 기존 방법보다 적은 메모리로 같은 성능을 보인다. 수학과 코드 "
                "생성 벤치마크(GSM8K, HumanEval)에서도 일관된 향상을 보인다."
            ),
            summary_model="apac.amazon.nova-lite-v1:0",
            summary_prompt="ko-1",
        )
        for i, p in enumerate(edition.papers)
    )
    return replace(edition, papers=papers)


def history_days(count: int, end: date) -> list[date]:
    """`count` weekdays ending before `end` (HF is quiet at weekends)."""
    days: list[date] = []
    day = end - timedelta(days=1)
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day -= timedelta(days=1)
    return sorted(days)


def data_object(day: date, papers: int | None = None) -> tuple[str, bytes]:
    """The key and body of a day's data file, as the publisher writes it."""
    return data_file(synthetic_edition(day, papers))


def data_file(edition: Edition) -> tuple[str, bytes]:
    """The key and body of an edition's data file, as the publisher writes it."""
    return urls.day_data(edition.day), json.dumps(edition.to_dict(), ensure_ascii=False).encode()


def seed_data(store, days: list[date], papers: int | None = None) -> None:
    """Write the days' data files (the source of truth a rebuild renders from)."""
    for day in days:
        key, body = data_object(day, papers)
        store.put(key, body, urls.content_type(key))


class StaticSource:
    """A PaperSource answering synthetic editions from memory: the fetch costs nothing."""

    def __init__(self, *days: date, papers: int | None = None):
        self.days = {day: list(synthetic_edition(day, papers).papers) for day in days}

    def fetch_day(self, day: date, deadline=None) -> list[Paper]:
        return list(self.days.get(day, []))

    def fetch_period(self, period: Period, deadline=None) -> list[Paper]:
        """The period's days from memory, as HF would list them; the history's own days included."""
        days = [d for d in period.days() if d in self.days or d.weekday() < 5]
        return [p for d in days for p in self.days.get(d) or synthetic_edition(d).papers]


class CountingStore:
    """Wraps a Store and counts calls per operation (each is one S3 request in S3Store), with the keys
    asked for (a LIST records its prefix)."""

    def __init__(self, inner):
        self.inner = inner
        self.calls: Counter[str] = Counter()
        self.keys: defaultdict[str, list[str]] = defaultdict(list)
        self.bytes_put = 0

    def _count(self, operation: str, key: str) -> None:
        self.calls[operation] += 1
        self.keys[operation].append(key)

    def reset(self) -> None:
        self.calls.clear()
        self.keys.clear()
        self.bytes_put = 0

    def get(self, key: str) -> StoredObject | None:
        self._count("GET", key)
        return self.inner.get(key)

    def head(self, key: str) -> StoredObject | None:
        self._count("HEAD", key)
        return self.inner.head(key)

    def put(self, key: str, body: bytes, content_type: str, **kwargs) -> str:
        self._count("PUT", key)
        self.bytes_put += len(body)
        return self.inner.put(key, body, content_type, **kwargs)

    def list_keys(self, prefix: str) -> list[str]:
        self._count("LIST", prefix)
        return self.inner.list_keys(prefix)

    def etags(self, prefix: str) -> dict[str, str]:
        self._count("LIST", prefix)
        return self.inner.etags(prefix)
