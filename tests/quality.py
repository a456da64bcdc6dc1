"""Scoring extraction against the annotated sets (tests/annotated, the demo's gold).

The unit is the article: the set of (actors, relation) pairs it reports. Scores are
micro precision/recall/F1 over all articles, per relation, and on actor sets alone.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

from extractors import clean_html, extract_mentions
from extractors.cues import RELATIONS
from pactwatch.demo import SITE_DIR

ANNOTATED = Path(__file__).parent / "annotated"
# Real news pages (third-party test data), beside the clone; annotated/corpus.yaml holds their gold.
CORPUS_HTML = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "html"
_MODALITY_RANK = {"asserted": 0, "planned": 1, "speculative": 2, "historical": 3}

Pair = tuple[tuple[str, ...], str]


@dataclass
class Article:
    id: str
    text: str
    published: date | None
    gold: dict[Pair, str]  # (actors, relation) -> modality


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    typed: Counts = field(default_factory=Counts)
    actor_sets: Counts = field(default_factory=Counts)
    by_relation: dict[str, Counts] = field(default_factory=lambda: {r: Counts() for r in RELATIONS})
    modality_right: int = 0
    modality_total: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def modality_accuracy(self) -> float:
        return self.modality_right / self.modality_total if self.modality_total else 1.0

    def table(self) -> str:
        lines = [f"{'':22} {'P':>6} {'R':>6} {'F1':>6} {'tp':>5} {'fp':>5} {'fn':>5}"]
        rows = [("typed (micro)", self.typed), ("actor sets", self.actor_sets), *self.by_relation.items()]
        for name, c in rows:
            lines.append(f"{name:22} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} {c.tp:5} {c.fp:5} {c.fn:5}")
        lines.append(f"modality accuracy on matched pairs: {self.modality_accuracy:.3f} ({self.modality_total})")
        return "\n".join(lines)


def _gold(mentions: list[dict]) -> dict[Pair, str]:
    return {(tuple(sorted(m["actors"])), m["relation"]): m["modality"] for m in mentions}


def _load_jsonl(path: Path) -> list[Article]:
    articles = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            published = date.fromisoformat(item["published"]) if item.get("published") else None
            articles.append(Article(item["id"], item["text"], published, _gold(item["mentions"])))
    return articles


def load_annotated() -> list[Article]:
    """Every annotated article of the gate: tests/annotated/*.jsonl and the demo site's gold."""
    articles = [a for path in sorted(ANNOTATED.glob("*.jsonl")) for a in _load_jsonl(path)]
    expected = yaml.safe_load((SITE_DIR / "expected.yaml").read_text(encoding="utf-8"))
    for name, mentions in expected.items():
        page = clean_html((SITE_DIR / "articles" / name).read_bytes())
        articles.append(Article(f"demo/{name}", page.text, None, _gold(mentions or [])))
    return articles


def load_real_news() -> list[Article]:
    """Real news pages of the shared corpus, cleaned as the pipeline would, with the gold of
    annotated/corpus.yaml; empty when the corpus is not beside the clone."""
    if not CORPUS_HTML.is_dir():
        return []
    expected = yaml.safe_load((ANNOTATED / "corpus.yaml").read_text(encoding="utf-8"))
    articles = []
    for name, mentions in expected.items():
        page = clean_html((CORPUS_HTML / name).read_bytes())
        published = date.fromisoformat(page.date[:10]) if page.date else None
        articles.append(Article(f"corpus/{name}", page.text, published, _gold(mentions or [])))
    return articles


def load_heldout() -> list[Article]:
    """Articles written without reading the extractor (annotated/heldout/), kept out of the gate
    so that they keep measuring how the rules generalise."""
    return [a for path in sorted((ANNOTATED / "heldout").glob("*.jsonl")) for a in _load_jsonl(path)]


SETS = {"gate": load_annotated, "real": load_real_news, "heldout": load_heldout}


def predict(article: Article) -> dict[Pair, str]:
    """(actors, relation) -> modality, the strongest modality where a pair recurs."""
    found: dict[Pair, str] = {}
    for m in extract_mentions(article.text, article.published):
        key = (m.actors, m.relation)
        if key not in found or _MODALITY_RANK[m.modality] < _MODALITY_RANK[found[key]]:
            found[key] = m.modality
    return found


def score(articles: list[Article]) -> Report:
    report = Report()
    for article in articles:
        predicted = predict(article)
        gold, got = set(article.gold), set(predicted)
        _add(report.typed, gold, got)
        _add(report.actor_sets, {a for a, _ in gold}, {a for a, _ in got})
        for relation, counts in report.by_relation.items():
            _add(counts, {p for p in gold if p[1] == relation}, {p for p in got if p[1] == relation})
        for pair in gold & got:
            report.modality_total += 1
            report.modality_right += article.gold[pair] == predicted[pair]
        report.misses.extend(f"{article.id} FN {'-'.join(a)} {r}" for a, r in sorted(gold - got))
        report.misses.extend(f"{article.id} FP {'-'.join(a)} {r}" for a, r in sorted(got - gold))
    return report


def _add(counts: Counts, gold: set, got: set) -> None:
    counts.tp += len(gold & got)
    counts.fp += len(got - gold)
    counts.fn += len(gold - got)


def relation_counts(articles: list[Article]) -> Counter[str]:
    return Counter(relation for a in articles for _, relation in a.gold)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Score the extractor on an annotated set.")
    parser.add_argument("--set", choices=SETS, default="gate", help="gate (default), real news, or held-out")
    parser.add_argument("--misses", action="store_true", help="list every false negative and false positive")
    args = parser.parse_args()
    report = score(SETS[args.set]())
    print(report.table())
    if args.misses:
        print("\n".join(report.misses))
