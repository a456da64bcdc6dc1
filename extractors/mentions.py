"""Security-relationship mentions: sentences, actors and cues combined into records.

One mention is one relation between two or more countries stated in one
sentence. Cooperative relations keep n-ary groupings whole ("the U.S., Japan and
the Philippines" is one mention of three actors); confrontations give one mention
per pair of opposing countries (CONTRACT.md).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from extractors.cues import CueBook, default_cues
from extractors.gazetteer import ActorSpan, Gazetteer, default_gazetteer
from extractors.people import people_spans
from extractors.sentences import split_clauses, split_sentences

EXTRACTOR_VERSION = "rules-0.3.0"

_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_GIVEN_NAME = re.compile(r"\b[A-Z][a-z]+\s+$")
_CONTEXT_SENTENCES = 8


@dataclass(frozen=True, slots=True)
class Mention:
    """A relation between countries stated in one sentence of an article."""

    actors: tuple[str, ...]
    relation: str
    modality: str
    sentence: str
    start: int  # offset of the sentence in the article text
    end: int
    confidence: float
    grouping: str | None = None  # named grouping involved ("AUKUS"), if any
    cameo_code: str = ""  # CAMEO event code, for comparison with GDELT

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form, keys as in CONTRACT.md plus evidence details."""
        return {
            "actors": list(self.actors),
            "relation": self.relation,
            "modality": self.modality,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "grouping": self.grouping,
            "cameo_code": self.cameo_code,
            "extractor_version": EXTRACTOR_VERSION,
        }


@dataclass(frozen=True, slots=True)
class _Cue:
    start: int
    end: int
    relation: str
    weight: float
    dyadic: bool = False
    cameo: str = ""


@dataclass(slots=True)
class _Group:
    """Adjacent actor references joined by dashes, lists or titles."""

    spans: list[ActorSpan]
    codes: list[str] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.spans[0].start

    @property
    def end(self) -> int:
        return self.spans[-1].end

    def add(self, span: ActorSpan) -> None:
        self.spans.append(span)
        self.codes.extend(code for code in span.codes if code not in self.codes)


def extract_mentions(text: str, published: date | None = None) -> list[Mention]:
    """All mentions in an article's plain text; `published` dates leaders' terms and history."""
    return _Extractor(default_gazetteer(), default_cues(), text, published).run()


class _Extractor:
    def __init__(self, gazetteer: Gazetteer, cues: CueBook, text: str, published: date | None):
        self.cues = cues
        self.text = text
        self.reference_year = (published or date.today()).year
        found = _credible_spans(text, gazetteer.find(text, published))
        self.spans = sorted([*found, *people_spans(text, found)], key=lambda s: s.start)
        self.sentences = split_sentences(text)
        self.relation_cues = _relation_cues(text, cues, self._candidate_sentences())
        self.span_starts = [s.start for s in self.spans]
        self.cue_starts = [c.start for c in self.relation_cues]
        # Per recent sentence, newest last: (parties of its mentions, its actor groups, all it named).
        self.context: list[tuple[list[list[str]], list[list[str]], list[list[str]]]] = []
        self.last_relation: str | None = None  # of the last cooperative mention, for "a similar pact"

    def run(self) -> list[Mention]:
        mentions: list[Mention] = []
        for start, end in self.sentences:
            mentions.extend(self._sentence(start, end))
        return mentions

    def _candidate_sentences(self) -> list[tuple[int, int]]:
        """Sentences that can hold a mention: they name two countries, or refer back to some."""
        anaphora = sorted(m.start() for m in self.cues.anaphora.finditer(self.text))
        span_starts = [s.start for s in self.spans]
        candidates = []
        for start, end in self.sentences:
            index = bisect_left(anaphora, start)
            if index < len(anaphora) and anaphora[index] < end:
                candidates.append((start, end))
                continue
            codes = {c for s in _within(self.spans, span_starts, start, end) for c in s.codes}
            if len(codes) >= 2:
                candidates.append((start, end))
        return candidates

    def _sentence(self, start: int, end: int) -> list[Mention]:
        spans = [s for s in _within(self.spans, self.span_starts, start, end) if not self._is_venue(s, start)]
        cues = _within(self.relation_cues, self.cue_starts, start, end)
        if self.last_relation:
            cues = self._similar_pacts(cues, start, end)
        found: dict[tuple[tuple[str, ...], str], Mention] = {}
        clauses = [(start + a, start + b) for a, b in split_clauses(self.text[start:end])]
        for cue in cues:
            if self._is_non_security(cue):
                continue
            c_start, c_end = next(((a, b) for a, b in clauses if a <= cue.start < b), (start, end))
            if self._is_negated(cue, c_start):
                continue
            clause_spans = [s for s in spans if c_start <= s.start and s.end <= c_end]
            if cue.relation == "confrontation":
                if (self.cues.hypothetical.search(self.text, max(c_start, cue.start - 30), cue.start)
                        or self.cues.sport_or_market.search(self.text, start, end)):
                    continue
                actor_sets, factor = self._opposing_pairs(cue, clause_spans, spans, start, end), 1.0
            else:
                actors, factor = self._cooperating(cue, clause_spans, c_start, c_end)
                if len(actors) < 2 and (c_start, c_end) != (start, end):
                    # "Kishida and Marcos signed the pact after talks": the talks are theirs.
                    earlier = [s for s in spans if s.end <= cue.start]
                    actors, factor = self._cooperating(cue, earlier, start, end)
                    factor *= 0.9
                actor_sets = [actors] if len(actors) >= 2 else []
                plural = self.cues.plural_agreement.search(self.text, cue.start, cue.end)
                if (cue.dyadic or plural) and len(actors) >= 3:
                    actor_sets = _across(cue, clause_spans, actors) or actor_sets
            modality = self._modality(cue, start, end)
            for actors in actor_sets:
                key = (tuple(sorted(actors)), cue.relation)
                confidence = round(min(0.99, max(0.05, cue.weight * factor)), 2)
                if key in found and found[key].confidence >= confidence:
                    continue
                found[key] = Mention(
                    actors=key[0],
                    relation=cue.relation,
                    modality=modality,
                    sentence=self.text[start:end],
                    start=start,
                    end=end,
                    confidence=confidence,
                    grouping=_grouping_name(spans, key[0]),
                    cameo_code=cue.cameo,
                )
        kept = _dominant(found, self.cues.usual_adversaries)
        cooperative = [m for m in kept if m.relation != "confrontation"]
        self._remember(spans, [list(m.actors) for m in cooperative])
        if cooperative:
            self.last_relation = max(cooperative, key=lambda m: m.confidence).relation
        return kept

    def _similar_pacts(self, cues: list[_Cue], start: int, end: int) -> list[_Cue]:
        """'Japan has similar agreements with Australia': the previous mention's relation."""
        relation = self.last_relation or "security_partnership"
        similar = [
            _Cue(m.start(), m.end(), relation, 0.8, bool(self.cues.plural_agreement.search(m.group())),
                 self.cues.cameo_codes[relation])
            for m in self.cues.similar_pact.finditer(self.text, start, end)
        ]
        if not similar:
            return cues
        taken = [(c.start, c.end) for c in similar]
        others = [c for c in cues if not any(a < c.end and c.start < b for a, b in taken)]
        return sorted([*others, *similar], key=lambda c: c.start)

    # -- actors ---------------------------------------------------------------

    def _cooperating(self, cue: _Cue, spans: list[ActorSpan], c_start: int, c_end: int) -> tuple[list[str], float]:
        """The actors a cooperative cue binds to, and a confidence factor."""
        parties = [s for s in spans if not self._is_countered(s, c_start)]
        groups = _groups(self.text, parties)
        distinct = {frozenset(g.codes) for g in groups if len(g.codes) >= 2}
        factor = 1.0
        if len(distinct) >= 2:
            before = [g for g in groups if len(g.codes) >= 2 and g.end <= cue.start]
            after = [g for g in groups if len(g.codes) >= 2 and g.start >= cue.end]
            if before:
                actors = list(before[-1].codes)
            else:  # "Australia shares intelligence with the U.S., Britain, ...": the subject joins
                subject = [c for g in groups if len(g.codes) == 1 and g.end <= cue.start for c in g.codes]
                actors = _unique([*subject, *after[0].codes])
            factor = 0.9
        else:
            actors = _unique(code for g in groups for code in g.codes)
        if len(actors) < 2:
            anaphor = self.cues.anaphora.search(self.text, c_start, c_end)
            antecedent = self._antecedent(anaphor.group() if anaphor else None)
            if antecedent:
                actors = _unique([*antecedent, *actors])
                factor = 0.75
        if any(s.ambiguous for s in parties):
            factor *= 0.85
        return actors, factor

    def _opposing_pairs(self, cue: _Cue, clause_spans: list[ActorSpan], sentence_spans: list[ActorSpan],
                        start: int, end: int) -> list[list[str]]:
        """One actor pair per two opposing countries around a confrontation cue."""
        spans = clause_spans if len(_codes(clause_spans)) >= 2 else sentence_spans
        before = _unique(c for s in spans if s.end <= cue.start for c in s.codes)
        after = _unique(c for s in spans if s.start >= cue.end for c in s.codes)
        if len({*before, *after}) < 2:
            # "Beijing accused the three countries of ...": the countries named before.
            for anaphor in self.cues.anaphora.finditer(self.text, start, end):
                antecedent = self._antecedent(anaphor.group())
                if antecedent and anaphor.start() >= cue.end and not after:
                    after = [c for c in antecedent if c not in before]
                elif antecedent and anaphor.end() <= cue.start and not before:
                    before = [c for c in antecedent if c not in after]
        adversaries = self.cues.usual_adversaries
        if before and after:
            # "warned Beijing that a Chinese base in Solomon Islands ...": the
            # usual adversary on one side is the one the other side opposes.
            if set(after) & adversaries and not set(before) & adversaries:
                after = [c for c in after if c in adversaries]
            elif set(before) & adversaries and not set(after) & adversaries:
                before = [c for c in before if c in adversaries]
            pairs = [[a, b] for a in before for b in after if a != b]
            # Two countries of the same side named on one side of the cue.
            return [p for p in pairs if not (p[0] in adversaries) == (p[1] in adversaries) or
                    not (set(p) & adversaries)] or pairs
        codes = before or after
        hostile = [c for c in codes if c in adversaries]
        others = [c for c in codes if c not in adversaries]
        if hostile and others:
            return [[a, b] for a in hostile for b in others]
        return [codes] if len(codes) == 2 else []

    def _antecedent(self, anaphor: str | None) -> list[str] | None:
        if anaphor is None:
            return None
        number_match = self.cues.anaphora_number.search(anaphor)
        wanted = _NUMBERS.get(number_match.group().lower()) if number_match else None
        # Parties of recent cooperative mentions first, then named groups, then
        # whoever a sentence named: "the three countries" are the ones that acted.
        for tier, reach in ((0, _CONTEXT_SENTENCES), (1, _CONTEXT_SENTENCES), (2, 2)):
            for tiers in self.context[::-1][:reach]:
                for actors in tiers[tier]:
                    if wanted is None or len(actors) == wanted:
                        return actors
        return None

    def _remember(self, spans: list[ActorSpan], used_sets: list[list[str]]) -> None:
        groups = [g.codes for g in _groups(self.text, spans) if len(g.codes) >= 2]
        union = _codes(spans)
        self.context.append((used_sets, groups, [union] if len(union) >= 2 else []))
        del self.context[:-_CONTEXT_SENTENCES]

    def _is_countered(self, span: ActorSpan, clause_start: int) -> bool:
        window_start = max(clause_start, span.start - 40)
        window = self.text[window_start:span.start]
        counter = None
        for counter in self.cues.counter.finditer(window):
            pass
        if counter is not None and not re.search(r"[,;]", window[counter.end():]):
            return True
        if self.cues.topic.search(self.text, max(clause_start, span.start - 20), span.start):
            return True
        return bool(self.cues.hostile_possession.match(self.text, span.end, span.end + 60))

    def _is_venue(self, span: ActorSpan, sentence_start: int) -> bool:
        if span.kind != "metonym":
            return False
        before = self.text[max(sentence_start, span.start - 30):span.start]
        return bool(self.cues.venue.search(before))

    # -- cues -----------------------------------------------------------------

    def _is_non_security(self, cue: _Cue) -> bool:
        if cue.relation != "summit":
            return False
        return bool(self.cues.non_security_context.search(self.text, max(0, cue.start - 25), cue.start))

    def _is_negated(self, cue: _Cue, clause_start: int) -> bool:
        if cue.relation != "confrontation" and self.cues.denial.search(  # rejecting a threat is a confrontation
                self.text, max(clause_start, cue.start - 200), cue.start):
            return True
        window_start = max(clause_start, cue.start - 60)
        window = self.text[window_start:cue.start]
        negation = None
        for negation in self.cues.negation.finditer(window):
            pass
        if negation is None or re.search(r"[,;:]", window[negation.end():]):
            return False
        around = self.text[window_start + max(0, negation.start() - 10):window_start + negation.end() + 15]
        return not self.cues.negation_exceptions.search(around)

    def _modality(self, cue: _Cue, start: int, end: int) -> str:
        """The nearest modality cue before the relation cue (else just after it); a
        report of the past that dates itself before this year is historical."""
        before: tuple[int, str] | None = None
        after: tuple[int, str] | None = None
        dated_past = False
        for name, pattern in self.cues.modality:
            for match in pattern.finditer(self.text, start, end):
                if name == "historical" and not self._is_past(match.group()):
                    continue
                dated_past = dated_past or name == "historical"
                if match.end() <= cue.start:
                    distance = cue.start - match.end()
                    if before is None or distance < before[0]:
                        before = (distance, name)
                elif match.start() >= cue.end:
                    distance = match.start() - cue.end
                    if distance <= 60 and (after is None or distance < after[0]):
                        after = (distance, name)
        chosen = (before or after or (0, "asserted"))[1]
        return "historical" if chosen == "asserted" and dated_past else chosen

    def _is_past(self, phrase: str) -> bool:
        years = [int(y) for y in _YEAR.findall(phrase)]
        return all(year < self.reference_year for year in years)


# A specific relation outranks these in the same sentence and actors:
# "signed a reciprocal access agreement, allowing their forces to train" is basing access.
_OUTRANKED_BY = {
    "security_partnership": {"alliance", "basing_access", "intelligence_sharing", "defense_industrial"},
    "military_exercise": {"basing_access"},
}
_GENERIC_WEIGHT = 0.6


def _dominant(found: dict[tuple[tuple[str, ...], str], Mention], adversaries: frozenset[str]) -> list[Mention]:
    """Drop mentions that a more specific one in the same sentence accounts for."""
    relations_of: dict[tuple[str, ...], set[str]] = {}
    for actors, relation in found:
        relations_of.setdefault(actors, set()).add(relation)
    opposed = {actors for actors, relation in found if relation == "confrontation"}
    opponents = Counter(code for actors in opposed for code in actors)
    kept = []
    for (actors, relation), mention in found.items():
        if relation != "confrontation" and opposed:
            # "Beijing warned Tokyo and Manila over their drills": the drills are Tokyo's and
            # Manila's; the country opposing most of the others is not a party.
            hostile = {c for c in actors if any(set(p) <= set(actors) and c in p for p in opposed)}
            if hostile:
                drop = max(sorted(hostile), key=lambda c: (opponents[c], c in adversaries))
                actors = tuple(c for c in actors if c != drop)
                if len(actors) < 2 or (actors, relation) in found:
                    continue
                mention = replace(mention, actors=actors)
        outranking = _OUTRANKED_BY.get(relation, set()) & relations_of.get(actors, set())
        if outranking and (relation == "military_exercise" or mention.confidence <= _GENERIC_WEIGHT):
            continue
        kept.append(mention)
    return kept


def _across(cue: _Cue, spans: list[ActorSpan], actors: list[str]) -> list[list[str]]:
    """Pairs across a two-sided cue: each country before it with each one after it."""
    before = [c for s in spans if s.end <= cue.start for c in s.codes if c in actors]
    after = [c for s in spans if s.start > cue.start for c in s.codes if c in actors]  # "supply Australia with frigates"
    if not before or not after:
        return []
    return [sorted({a, b}) for a in _unique(before) for b in _unique(after) if a != b]


def _relation_cues(text: str, cues: CueBook, regions: list[tuple[int, int]]) -> list[_Cue]:
    """Relation cue matches within `regions`, overlaps resolved in favour of the longer phrase."""
    lowered = text.lower()
    same_length = len(lowered) == len(text)  # lower() can lengthen a few letters ("İ")
    matches = [
        _Cue(m.start(), m.end(), cue.relation, cue.weight, cue.dyadic, cue.cameo)
        for cue in cues.relation_cues
        for start, end in regions
        for m in (cue.lowered.finditer(lowered, start, end) if same_length else cue.pattern.finditer(text, start, end))
    ]
    matches.sort(key=lambda c: (c.start - c.end, -c.weight, c.start))
    kept: list[_Cue] = []
    taken: set[int] = set()
    for cue in matches:
        if not taken.intersection(range(cue.start, cue.end)):
            kept.append(cue)
            taken.update(range(cue.start, cue.end))
    kept.sort(key=lambda c: c.start)
    return kept


def _within(items: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The items (sorted by start) that lie inside [start, end)."""
    first = bisect_left(starts, start)
    last = bisect_left(starts, end, lo=first)
    return [item for item in items[first:last] if item.end <= end]


def _credible_spans(text: str, spans: list[ActorSpan]) -> list[ActorSpan]:
    """Drop ambiguous forms ('Jordan', 'Georgia') the article gives no other sign of."""
    support = {code for s in spans if not s.ambiguous for code in s.codes}
    return [
        s for s in spans
        if not s.ambiguous
        or (set(s.codes) <= support and not _GIVEN_NAME.search(text, max(0, s.start - 20), s.start))
    ]


def _groups(text: str, spans: list[ActorSpan]) -> list[_Group]:
    groups: list[_Group] = []
    for span in spans:
        if groups and _joins(text, groups[-1], span):
            groups[-1].add(span)
        else:
            group = _Group(spans=[])
            group.add(span)
            groups.append(group)
    return groups


_LIST_GAP = re.compile(r"^(?:\s|,|and|&|as well as|plus|the|\(|\))*$")
_COMPOUND_GAP = re.compile(r"^\s*[-–—/]\s*$")


def _joins(text: str, group: _Group, span: ActorSpan) -> bool:
    gap = text[group.end:span.start]
    if _COMPOUND_GAP.match(gap) or _LIST_GAP.match(gap):
        return True
    same_country = set(span.codes) <= set(group.spans[-1].codes)
    return same_country and len(gap) <= 40 and not re.search(r"[,;.]\s|\b(and|with|to|in)\b", gap)


def _codes(spans: list[ActorSpan]) -> list[str]:
    return _unique(code for s in spans for code in s.codes)


def _unique(codes: Any) -> list[str]:
    return list(dict.fromkeys(codes))


def _grouping_name(spans: list[ActorSpan], actors: tuple[str, ...]) -> str | None:
    names = _unique(s.grouping for s in spans if s.grouping and set(s.codes) <= set(actors))
    return ", ".join(names) if names else None
