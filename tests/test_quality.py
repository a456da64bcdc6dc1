"""Extraction quality gate: scores on the annotated sets must not fall below pinned floors.

Floors are the scores last measured, less a small margin; raise them when the
extractor improves. The held-out set (written without reading the extractor, its misses
never read) and the real news pages of the shared corpus have typed-F1 floors of their
own, with a wider margin: they are small. Targets (issue 3): typed F1 >= 0.90, actor-set
F1 >= 0.95, every relation >= 0.80. Run `python tests/quality.py --misses` for the errors.
"""

from __future__ import annotations

import pytest

from quality import load_annotated, load_heldout, load_real_news, relation_counts, score

FLOORS = {
    "typed_f1": 0.767,
    "actor_set_f1": 0.821,
    "modality_accuracy": 0.80,
    "relation_f1": {
        "alliance": 0.792,
        "security_partnership": 0.698,
        "summit": 0.791,
        "military_exercise": 0.807,
        "defense_industrial": 0.737,
        "basing_access": 0.744,
        "intelligence_sharing": 0.737,
        "confrontation": 0.809,
    },
}


@pytest.fixture(scope="module")
def articles():
    return load_annotated()


def test_annotated_set_is_large_and_covers_every_relation(articles) -> None:
    counts = relation_counts(articles)
    assert len(articles) >= 150 and sum(counts.values()) >= 400
    assert all(counts[relation] >= 25 for relation in FLOORS["relation_f1"]), counts
    assert sum(1 for a in articles if not a.gold) >= 20  # articles with no security content


def test_extraction_scores_stay_above_the_floors(articles) -> None:
    report = score(articles)
    print(report.table())
    below = []
    if report.typed.f1 < FLOORS["typed_f1"]:
        below.append(f"typed F1 {report.typed.f1:.3f} < {FLOORS['typed_f1']}")
    if report.actor_sets.f1 < FLOORS["actor_set_f1"]:
        below.append(f"actor-set F1 {report.actor_sets.f1:.3f} < {FLOORS['actor_set_f1']}")
    if report.modality_accuracy < FLOORS["modality_accuracy"]:
        below.append(f"modality accuracy {report.modality_accuracy:.3f} < {FLOORS['modality_accuracy']}")
    for relation, floor in FLOORS["relation_f1"].items():
        if report.by_relation[relation].f1 < floor:
            below.append(f"{relation} F1 {report.by_relation[relation].f1:.3f} < {floor}")
    assert not below, "\n".join(below) + "\n" + report.table()


# Typed F1 last measured 0.693 (held-out set G, 60 articles, 450 gold) and 0.571 (94 real corpus pages,
# 37 gold), less about 0.03 and 0.04 (the real pages have few gold mentions: one error moves F1 by 0.015).
OUTSIDE_FLOORS = {"heldout": 0.66, "real": 0.53}


@pytest.mark.parametrize("name, load", [("heldout", load_heldout), ("real", load_real_news)])
def test_held_out_and_real_news_scores_stay_above_their_floors(name, load) -> None:
    articles = load()
    if not articles:
        pytest.skip(f"no {name} articles here (the shared corpus is not beside the clone)")
    report = score(articles)
    assert report.typed.f1 >= OUTSIDE_FLOORS[name], report.table()
