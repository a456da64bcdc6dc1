"""What the confidence model reads of one candidate mention within its sentence."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from extractors.confidence import Signals
from extractors.cue_matches import CueMatch
from extractors.cues import CueBook
from extractors.gazetteer import ActorSpan
from extractors.groups import codes_of

if TYPE_CHECKING:
    from extractors.mentions import Mention

_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|from|to|near|over|about|on|for|into|of)\s+(?:the\s+)?$")


def sentence_signals(text: str, cues: CueBook, mention: Mention, cue: CueMatch,
                     named: list[ActorSpan]) -> Signals:
    """Signals of one candidate known within its sentence (`named`: the actors the sentence
    names); the article-wide ones are left at neutral values for the caller to set."""
    own = [s for s in named if set(s.codes) & set(mention.actors)]
    distances = [max(s.start - cue.end, cue.start - s.end, 0) for s in own]
    sentence = text[mention.start:mention.end]
    return Signals(
        relation=mention.relation,
        modality=mention.modality,
        rule_confidence=mention.confidence,
        actors=len(mention.actors),
        actors_named=len(set(mention.actors) & {c for s in own for c in s.codes}),
        sentence_countries=len(codes_of(named)),
        nearest=min(distances, default=-1),
        farthest=max(distances, default=-1),
        sentence_length=len(sentence),
        grouping=mention.grouping is not None,
        pair_repeats=1,
        actor_set_repeats=1,
        article_cues=0.0,
        position=0.0,
        security_words=bool(cues.security_topic.search(sentence)),
        adversary=bool(set(mention.actors) & cues.usual_adversaries),
        quoted=sum(text.count(q, mention.start, cue.start) for q in '"“”') % 2 == 1,
        cue_weight=cue.weight,
        bystanders=len(set(codes_of(named)) - set(mention.actors)),
        after_preposition=sum(1 for a in own if _PREPOSITION_BEFORE.search(
            text, max(mention.start, a.start - 12), a.start)),
        demonyms=sum(1 for a in own if a.kind == "demonym"),
        people=sum(1 for a in own if a.kind in ("leader", "person")),
        subject_first=bool(own) and own[0].start - mention.start < 40 and own[0] is named[0],
    )
