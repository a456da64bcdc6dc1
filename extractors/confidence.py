"""Calibrated confidence for candidate mentions: a logistic model over how each was found.

The rules propose candidates; this model turns the signals behind each one (its cue, how
far its actors stand from the cue, whether they came from an earlier sentence, how often
the article repeats the pair, ...) into the probability that an annotator would list it.
Candidates below the model's threshold are dropped. The weights are data
(`data/confidence.yaml`), fitted on the annotated sets by `tests/fit_confidence.py`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from extractors.cues import RELATIONS
from extractors.resources import load_data

MODALITIES = ("asserted", "planned", "speculative", "historical")


@dataclass(frozen=True, slots=True)
class Signals:
    """What the rules saw when they proposed one candidate mention."""

    relation: str
    modality: str
    rule_confidence: float  # cue weight times the rules' own discount
    actors: int
    actors_named: int  # of the actors, how many the sentence names itself
    sentence_countries: int  # distinct countries the sentence names
    nearest: int  # characters from the cue to the nearest named actor (-1: none named)
    farthest: int  # ... and to the farthest
    sentence_length: int
    grouping: bool  # a named grouping ("AUKUS") is among the actors
    pair_repeats: int  # sentences of the article giving the same actors and relation
    actor_set_repeats: int  # sentences of the article giving the same actors, any relation
    article_cues: float  # relation cues per candidate sentence of the article
    position: float  # sentence position in the article, 0 (first) to 1 (last)
    security_words: bool  # the sentence names a security topic
    adversary: bool  # a usual adversary is among the actors
    quoted: bool  # the cue is inside quotation marks
    cue_weight: float  # the cue's own weight (rule_confidence also carries the rules' discounts)
    bystanders: int  # countries the sentence names that are not among the actors
    after_preposition: int  # actor references right after a preposition ("in Japan", "from China")
    demonyms: int  # actor references that are demonyms ("Chinese")
    people: int  # actor references that are leaders or introduced people
    subject_first: bool  # the sentence opens with one of the actors
    siblings: int = 0  # other relations the sentence gives the same actors


FEATURES: tuple[str, ...] = (
    "bias",
    *(f"relation={r}" for r in RELATIONS),
    *(f"modality={m}" for m in MODALITIES[1:]),
    "rule_confidence",
    "actors_3plus",
    "actors_unnamed_share",
    "sentence_countries_log",
    "nearest_actor",
    "farthest_actor",
    "no_actor_named",
    "sentence_length",
    "grouping",
    "pair_repeats_log",
    "actor_set_repeats_log",
    "article_cues",
    "position",
    "lead_sentence",
    "security_words",
    "adversary_confrontation",
    "quoted",
    "cue_weight",
    "bystanders_log",
    "after_preposition_share",
    "demonym_share",
    "people_share",
    "subject_first",
    "has_siblings",
)


def feature_vector(s: Signals) -> list[float]:
    """The model's inputs for one candidate, in the order of FEATURES (each roughly in [0, 1])."""
    named = s.nearest >= 0
    references = max(1, s.actors_named)
    return [
        1.0,
        *(float(s.relation == r) for r in RELATIONS),
        *(float(s.modality == m) for m in MODALITIES[1:]),
        s.rule_confidence,
        float(s.actors >= 3),
        1.0 - s.actors_named / s.actors,
        math.log1p(s.sentence_countries) / 2.0,
        min(s.nearest, 300) / 300 if named else 0.0,
        min(s.farthest, 300) / 300 if named else 0.0,
        float(not named),
        min(s.sentence_length, 600) / 600,
        float(s.grouping),
        math.log1p(s.pair_repeats - 1),
        math.log1p(s.actor_set_repeats - 1),
        min(s.article_cues, 4.0) / 4,
        s.position,
        float(s.position == 0.0),
        float(s.security_words),
        float(s.adversary and s.relation == "confrontation"),
        float(s.quoted),
        s.cue_weight,
        math.log1p(s.bystanders) / 2.0,
        s.after_preposition / references,
        s.demonyms / references,
        s.people / references,
        float(s.subject_first),
        float(s.siblings > 0),
    ]


@dataclass(frozen=True, slots=True)
class ConfidenceModel:
    weights: tuple[float, ...]
    threshold: float

    def probability(self, signals: Signals) -> float:
        z = sum(w * x for w, x in zip(self.weights, feature_vector(signals)))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@cache
def default_model() -> ConfidenceModel:
    """The packaged model (data/confidence.yaml)."""
    data = load_data("confidence.yaml")
    weights = data["weights"]
    if list(weights) != list(FEATURES):
        raise ValueError("data/confidence.yaml was fitted for other features: run tests/fit_confidence.py")
    return ConfidenceModel(tuple(float(weights[name]) for name in FEATURES), float(data["threshold"]))
