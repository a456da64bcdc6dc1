"""Security-relationship mentions: sentences, actors and cues combined into records.

One mention is one relation between two or more countries stated in one
sentence. Cooperative relations keep n-ary groupings whole ("the U.S., Japan and
the Philippines" is one mention of three actors); confrontations give one mention
per pair of opposing countries (CONTRACT.md).

This module reads an article sentence by sentence and keeps what the sentences
before tell (parties of recent mentions, the last subject) to resolve anaphors;
the rules that need only the sentence at hand are in their own modules.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from extractors.actor_roles import clause_parties, is_countered, is_venue, observers
from extractors.allies import ally_pairs, is_ally_noun
from extractors.clauses import (
    before_attribution,
    opening_subject,
    outside_appositives,
    outside_asides,
    reciprocal_anaphor,
    relative_clause,
    shares_subject,
    subject_pronoun,
    without_reporter,
)
from extractors.confidence import Signals, default_model
from extractors.cue_filters import (
    is_enabled,
    is_hypothetical,
    is_talks_topic,
    is_idle_confrontation,
    is_name,
    is_nato,
    is_negated,
    is_non_security,
    names_grouping,
)
from extractors.cue_matches import CueMatch, grouping_cues, relation_cues, with_earlier_pacts
from extractors.cues import CueBook, default_cues
from extractors.gazetteer import ActorSpan, Gazetteer, default_gazetteer
from extractors.epithets import epithet_spans
from extractors.groups import (
    JOINING,
    across,
    codes_of,
    group_spans,
    guest_and_hosts,
    join_participants,
    spokes,
    supplied,
    unique,
)
from extractors.modality import ModalityMark, modality_marks, modality_of
from extractors.parties import (
    agent_and_target,
    borrowed,
    confrontation_pairs,
    leaders,
    listed_actors,
    makers,
    topic_groups,
    uncountered,
    with_mediators,
)
from extractors.people import people_spans
from extractors.resolution import dominant, grouping_name
from extractors.sentences import split_clauses, split_sentences
from extractors.signals import sentence_signals
from extractors.spans import credible_spans, outside_datelines, within

EXTRACTOR_VERSION = "rules-0.6.0"

_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}
_CONTEXT_SENTENCES = 8
_OWN_BEFORE = re.compile(r"\b(?:their|its)\s+own\s+$")
_THEM_AFTER = re.compile(r"\s+(?:them|both)\b")
_NOT_PACTS = frozenset({"summit", "military_exercise", "confrontation"})  # never "a similar pact"
# Relations between a guest and a host, or two treaty parties: a hub relates to each spoke.
_HUB_AND_SPOKE = frozenset({"basing_access", "alliance"})

_Key = tuple[tuple[str, ...], str]  # a mention's actors and relation


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


def extract_mentions(text: str, published: date | None = None) -> list[Mention]:
    """All mentions in an article's plain text; `published` dates leaders' terms and history.

    Each mention's confidence is the calibrated model's probability; candidates below its
    threshold are left out."""
    model = default_model()
    mentions = []
    for mention, signals in extract_candidates(text, published):
        probability = model.probability(signals)
        if probability >= model.threshold:
            mentions.append(replace(mention, confidence=round(probability, 2)))
    return mentions


def extract_candidates(text: str, published: date | None = None) -> list[tuple[Mention, Signals]]:
    """Every candidate mention the rules propose, with its signals, before calibration."""
    return _Extractor(default_gazetteer(), default_cues(), text, published).candidates_with_signals()


class _Extractor:
    def __init__(self, gazetteer: Gazetteer, cues: CueBook, text: str, published: date | None):
        self.cues = cues
        self.text = text
        self.levels = {name: str(g["level"]) for name, g in gazetteer.groupings.items()}
        self.reference_year = (published or date.today()).year
        found = outside_datelines(text, credible_spans(text, gazetteer.find(text, published)))
        self.spans = sorted([*found, *people_spans(text, found), *epithet_spans(text, found)],
                            key=lambda s: s.start)
        self.span_starts = [s.start for s in self.spans]
        self.sentences = split_sentences(text)
        self.candidate_sentences = self._candidate_sentences()
        self.relation_cues = relation_cues(text, cues, self.candidate_sentences)
        self.cue_starts = [c.start for c in self.relation_cues]
        # Per recent sentence, newest last: (parties of its mentions, its actor groups, all it named).
        self.context: list[tuple[list[list[str]], list[list[str]], list[list[str]]]] = []
        self.sentence_spans: list[ActorSpan] = []  # of the sentence being read
        self.last_parties: dict[str, list[str]] = {}  # relation -> actors of its last mention
        self.last_relation: str | None = None  # of the last agreement-like mention, for "a similar pact"
        self.candidates: list[tuple[Mention, Signals]] = []
        self.subjects: dict[str, tuple[str, ...]] = {}  # "it" / "person" -> the last sentence's subject

    def candidates_with_signals(self) -> list[tuple[Mention, Signals]]:
        """Every candidate the rules propose, with the signals the confidence model reads."""
        for start, end in self.sentences:
            self._sentence(start, end)
        pairs = Counter((m.actors, m.relation) for m, _ in self.candidates)
        actor_sets = Counter(m.actors for m, _ in self.candidates)
        cue_rate = len(self.relation_cues) / max(1, len(self.candidate_sentences))
        last = max(1, len(self.text))
        return [
            (m, replace(s, pair_repeats=pairs[m.actors, m.relation], actor_set_repeats=actor_sets[m.actors],
                        article_cues=cue_rate, position=self._position(m.start, last)))
            for m, s in self.candidates
        ]

    def _position(self, start: int, length: int) -> float:
        return 0.0 if start == self.sentences[0][0] else round(start / length, 3)

    def _candidate_sentences(self) -> list[tuple[int, int]]:
        """Sentences that can hold a mention: they name two countries, or refer back to some,
        or name one country and a weapon system that names its maker."""
        openers = sorted([*(m.start() for m in self.cues.anaphora.finditer(self.text)),
                          *(m.start() for m in self.cues.weapons.finditer(self.text))])
        span_starts = self.span_starts
        candidates = []
        for start, end in self.sentences:
            if self.text[start:end].rstrip(" \"”’'").endswith("?"):  # "Q: Is there a Chinese base in Vanuatu?"
                continue
            index = bisect_left(openers, start)
            if index < len(openers) and openers[index] < end:
                candidates.append((start, end))
                continue
            codes = {c for s in within(self.spans, span_starts, start, end) for c in s.codes}
            if len(codes) >= 2:
                candidates.append((start, end))
        return candidates

    # -- one sentence -----------------------------------------------------------

    def _sentence(self, start: int, end: int) -> None:
        """Propose the candidates of the sentence text[start:end] and remember what it tells."""
        text, cues = self.text, self.cues
        present = within(self.spans, self.span_starts, start, end)
        named = [s for s in present if s.kind != "company" and not is_venue(text, cues, s, start)]
        makers = [s for s in present if s.kind == "company"]  # parties to arms deals only
        self.sentence_spans = named
        sentence_cues = within(self.relation_cues, self.cue_starts, start, end)
        if self.last_relation:
            sentence_cues = with_earlier_pacts(text, cues, self.last_relation, sentence_cues, start, end)
        supply = {c.start for c in sentence_cues if c.maker}
        observing = observers(text, cues, named)
        # "Chinese-made jets": a supplier, no party; observers are no party either.
        spans = [s for s in named if s.end not in supply and s not in observing]
        found: dict[_Key, Mention] = {}
        cue_of: dict[_Key, CueMatch] = {}
        groupings = grouping_cues(text, cues, self.levels, spans)
        clauses = ([(start + a, start + b) for a, b in split_clauses(text[start:end])]
                   if sentence_cues or groupings else [])
        marks: list[ModalityMark] | None = None
        for cue in sorted([*sentence_cues, *groupings], key=lambda c: c.start):
            if (is_non_security(text, cues, cue, start, end) or is_name(text, cue, named)
                    or is_nato(text, cue)):
                continue
            c_start, c_end = next(((a, b) for a, b in clauses if a <= cue.start < b), (start, end))
            if (is_negated(text, cues, cue, c_start) or is_enabled(text, cues, cue, c_start)
                    or is_hypothetical(text, cue, c_start) or names_grouping(text, cue, spans)
                    or is_talks_topic(text, cue, c_start)):
                continue
            cue_spans = sorted([*spans, *makers], key=lambda s: s.start) if (
                makers and cue.relation == "defense_industrial") else spans
            clause_spans = clause_parties(text, cues, cue, cue_spans, c_start, c_end)
            bound = self._actor_sets(cue, named, cue_spans, clause_spans, start, end, c_start, c_end)
            if bound is None:
                continue
            actor_sets, factor = bound
            if marks is None:  # read once per sentence, for all its cues
                marks = modality_marks(text, cues, start, end, self.reference_year)
            modality = modality_of(text, marks, cue)
            for actors in actor_sets:
                key = (tuple(sorted(actors)), cue.relation)
                confidence = round(min(0.99, max(0.05, cue.weight * factor)), 2)
                if key in found and found[key].confidence >= confidence:
                    continue
                found[key] = Mention(
                    actors=key[0],
                    relation=cue.relation,
                    modality=modality,
                    sentence=text[start:end],
                    start=start,
                    end=end,
                    confidence=confidence,
                    grouping=grouping_name(spans, key[0]),
                    cameo_code=cue.cameo,
                )
                cue_of[key] = cue
        self._keep(found, cue_of, named, spans, start)

    def _keep(self, found: dict[_Key, Mention], cue_of: dict[_Key, CueMatch], named: list[ActorSpan],
              spans: list[ActorSpan], start: int) -> None:
        """Add the sentence's dominant candidates, and remember its parties and subject."""
        kept = dominant(found, self.cues.usual_adversaries)
        relations = Counter(m.actors for m, _ in kept)
        self.candidates.extend(
            (m, replace(sentence_signals(self.text, self.cues, m, cue_of[key], named),
                        siblings=relations[m.actors] - 1))
            for m, key in kept)
        cooperative = [m for m, _ in kept if m.relation != "confrontation"]
        self._remember(spans, [list(m.actors) for m in cooperative])
        self.subjects = opening_subject(self.text, named, start)
        for mention in cooperative:
            if mention.modality != "historical":
                self.last_parties[mention.relation] = list(mention.actors)
        pacts = [m for m in cooperative if m.relation not in _NOT_PACTS]
        if pacts:
            self.last_relation = max(pacts, key=lambda m: m.confidence).relation

    def _actor_sets(self, cue: CueMatch, named: list[ActorSpan], spans: list[ActorSpan],
                    clause_spans: list[ActorSpan], start: int, end: int, c_start: int,
                    c_end: int) -> tuple[list[list[str]], float] | None:
        """The actor sets a cue relates in its sentence text[start:end] and clause
        text[c_start:c_end], with a confidence factor (None: the cue reports no relation)."""
        if cue.members:
            return [list(cue.members)], 1.0
        if cue.leaders:
            return leaders(self.text, cue, clause_spans), 1.0
        if cue.joins_last:  # "contingents from Australia and France are taking part"
            last = self.last_parties.get(cue.relation)
            joining = codes_of([s for s in clause_spans
                                if not is_countered(self.text, self.cues, s, c_start)])
            return ([unique([*last, *joining])] if last and joining else []), 0.9
        if cue.maker:
            return supplied(self.text, cue.start, cue.end, named, spans, c_start, c_end), 1.0
        if cue.relation == "confrontation":
            if is_idle_confrontation(self.text, self.cues, cue, c_start, start, end):
                return None
            # "Thailand, a U.S. treaty ally, accused Cambodia": the ally is no side.
            # "..., according to the United States": the source is no side either.
            sides = before_attribution(self.text, cue, outside_appositives(
                self.text, outside_asides(self.text, cue, spans, spans, start, end, any_head=True), spans), end)
            return self._opposing_pairs(cue, [s for s in clause_spans if s in sides], sides, start, end), 1.0
        return self._cooperation(cue, spans, clause_spans, start, end, c_start, c_end)

    def _cooperation(self, cue: CueMatch, spans: list[ActorSpan], clause_spans: list[ActorSpan], start: int,
                     end: int, c_start: int, c_end: int) -> tuple[list[list[str]], float]:
        """The actor sets a cooperative cue relates, and a confidence factor."""
        text = self.text
        if shares_subject(text, start, c_start):
            # "Trump said ..., and raised the prospect of a meeting with Putin": Trump's
            subject = group_spans(text, [s for s in spans if s.end <= c_start])[:1]
            clause_spans = [*(s for g in subject for s in g.spans), *clause_spans]
        clause_spans = without_reporter(text, self.cues, cue, clause_spans, c_end)
        clause_spans = outside_asides(text, cue, clause_spans, spans, start, end)
        clause_spans = before_attribution(text, cue, clause_spans, end)  # "..., Japanese officials said."
        relative = relative_clause(text, cue, spans, start, end)
        if relative:  # "the United States, which keeps troops in Japan": the head and the clause
            head, r_start, r_end = relative
            inside = uncountered(text, self.cues, cue, [s for s in clause_spans if r_start <= s.start < r_end],
                                 r_start)
            clause_spans = [*head, *inside]
            actors, factor = unique([*codes_of(head), *codes_of(inside)]), 0.9
        else:
            actors, factor = self._cooperating(cue, clause_spans, c_start, c_end)
        if cue.relation == "summit":  # "talks in Doha mediated by Qatar and Turkey": all take part
            actors = with_mediators(text, cue, actors, spans)
        allies = (self._ally_pairs(cue, spans, start)
                  if cue.relation == "alliance" and is_ally_noun(text, cue) else [])
        suppliers = makers(text, self.cues, c_start, c_end) if cue.relation == "defense_industrial" else []
        if len(actors) == 1 and len(suppliers) == 1:  # "Singapore intends to buy F-35 jets"
            actors = unique([*actors, *suppliers])
        if len(actors) == 1:  # "It also bought tanks from Washington": the last sentence's subject
            actors = unique([*self._pronoun_subject(cue, c_start, clause_spans), *actors])
        if len(actors) < 2 and (c_start, c_end) != (start, end):
            actors, factor = self._cooperating(cue, borrowed(text, cue, clause_spans, spans), start, end)
            factor *= 0.9
        actor_sets = [actors] if len(actors) >= 2 else []
        # "defence pacts with ...", "both are expanding their own defence ties with Manila": one each
        plural = (self.cues.plural_agreement.search(text, cue.start, cue.end)
                  or _OWN_BEFORE.search(text, max(start, cue.start - 12), cue.start))
        if (cue.dyadic or plural) and len(actors) >= 3:
            actor_sets = (across(text, cue.start, clause_spans, actors)
                          or spokes(text, cue.start, clause_spans, actors, plural=True) or actor_sets)
        elif cue.relation in _HUB_AND_SPOKE and len(actors) >= 3:
            actor_sets = spokes(text, cue.start, clause_spans, actors) or actor_sets
        if cue.relation == "basing_access" and actor_sets == [actors] and len(actors) >= 3:
            actor_sets = guest_and_hosts(text, clause_spans, actors) or actor_sets
        return allies or actor_sets, factor

    def _ally_pairs(self, cue: CueMatch, spans: list[ActorSpan], start: int) -> list[list[str]]:
        """Whose ally is who, with the countries an anaphor before the cue refers to."""
        anaphor = next(self.cues.anaphora.finditer(self.text, start, cue.start), None)
        referred = (self._antecedent(anaphor.group()) or []) if anaphor else []  # "Both countries are ..."
        return ally_pairs(self.text, cue, spans, start, referred)

    def _pronoun_subject(self, cue: CueMatch, c_start: int, spans: list[ActorSpan]) -> tuple[str, ...]:
        """The country a subject pronoun before the cue stands for: "it" the previous
        sentence's country subject, "he" or "she" its leader's country."""
        kind = subject_pronoun(self.text, cue, c_start, spans)
        return self.subjects.get(kind, ()) if kind else ()

    # -- actors ---------------------------------------------------------------

    def _cooperating(self, cue: CueMatch, spans: list[ActorSpan], c_start: int,
                     c_end: int) -> tuple[list[str], float]:
        """The actors a cooperative cue binds to, and a confidence factor."""
        parties = uncountered(self.text, self.cues, cue, spans, c_start)
        groups = join_participants(self.text, group_spans(self.text, parties))
        actors, factor = listed_actors(cue, groups)
        anaphors = list(self.cues.anaphora.finditer(self.text, c_start, c_end))
        joining = next((a for a in anaphors
                        if JOINING.search(self.text, max(c_start, a.start() - 40), a.start())), None)
        if actors and joining:  # "forces from Japan and Fiji are taking part alongside the two hosts"
            actors = unique([*actors, *(self._antecedent(joining.group()) or [])])
        if len(actors) < 2:
            anaphor = next((a for a in anaphors if not
                            self.cues.topic.search(self.text, max(c_start, a.start() - 20), a.start())), None)
            antecedent = self._antecedent(anaphor.group() if anaphor else None,
                                          self._named_before(anaphor.start()) if anaphor else [])
            if antecedent:
                actors = unique([*antecedent, *actors])
                factor = 0.75
        if any(s.ambiguous for s in parties):
            factor *= 0.85
        return actors, factor

    def _opposing_pairs(self, cue: CueMatch, clause_spans: list[ActorSpan], sentence_spans: list[ActorSpan],
                        start: int, end: int) -> list[list[str]]:
        """One actor pair per two opposing countries around a confrontation cue."""
        direct = agent_and_target(self.text, self.cues, cue, clause_spans, self.spans, self.span_starts)
        if direct is not None:
            return direct
        reciprocal = self._reciprocal_subject(cue, start)
        if reciprocal:  # "since the two countries fought a war in 1982": the two, not the others named
            return [reciprocal]
        spans = clause_spans if len(codes_of(clause_spans)) >= 2 else sentence_spans
        if (spans is clause_spans and not any(s.start >= cue.end for s in spans)
                and len(group_spans(self.text, spans)) == 1
                and set(codes_of(sentence_spans)) - set(codes_of(spans))):
            # "Tehran suspended ... after Israel and the U.S. bombed its facilities": the
            # target is named outside the clause.
            spans = sentence_spans
        before = unique(c for s in spans if s.end <= cue.start for c in s.codes)
        topics = topic_groups(self.text, cue, spans, start)
        after = unique(c for s in spans if s.start >= cue.end and not any(s in g.spans for g in topics)
                       for c in s.codes)
        if len({*before, *after}) < 2:
            # A country on both sides ("China opposes ... to smear China") is one side only.
            after = [c for c in after if c not in before]
            # "Beijing accused the three countries of ...": the countries named before.
            for anaphor in self.cues.anaphora.finditer(self.text, start, end):
                antecedent = self._antecedent(anaphor.group())
                if antecedent and anaphor.start() >= cue.end and not after:
                    after = [c for c in antecedent if c not in before]
                elif antecedent and anaphor.end() <= cue.start and not before:
                    before = [c for c in antecedent if c not in after]
            # "saying the three countries had ... and accusing them of": "them" are those countries.
            if before and not after and _THEM_AFTER.match(self.text, cue.end):
                anaphor = next(self.cues.anaphora.finditer(self.text, start, cue.start), None)
                antecedent = self._antecedent(anaphor.group()) if anaphor else None
                after = [c for c in antecedent or [] if c not in before]
        return confrontation_pairs(self.text, cue, spans, before, after, self.cues.usual_adversaries)

    def _reciprocal_subject(self, cue: CueMatch, start: int) -> list[str] | None:
        """The two countries an anaphor right before a confrontation cue refers to ("the two
        countries fought", "both sides clashed"), if it names exactly two."""
        anaphor = reciprocal_anaphor(self.text, self.cues, cue, start)
        if anaphor is None:
            return None
        named = self._named_before(anaphor.start())
        antecedent = named if len(named) == 2 else self._antecedent(anaphor.group())
        return antecedent if antecedent and len(antecedent) == 2 else None

    # -- what earlier sentences tell ----------------------------------------------

    def _named_before(self, position: int) -> list[str]:
        """The countries the current sentence names before `position`."""
        return unique(c for s in self.sentence_spans if s.end <= position for c in s.codes)

    def _antecedent(self, anaphor: str | None, same_sentence: list[str] | None = None) -> list[str] | None:
        """The countries an anaphor ("the two countries", "the drills") refers to, if known."""
        if anaphor is None:
            return None
        if self.cues.exercise_anaphora.fullmatch(anaphor):  # "condemned the drills": their parties
            return self.last_parties.get("military_exercise")
        number_match = self.cues.anaphora_number.search(anaphor)
        wanted = _NUMBERS.get(number_match.group().lower()) if number_match else None
        if wanted and wanted >= 3 and same_sentence and len(same_sentence) == wanted:
            return same_sentence  # "Biden hosted Kishida and Marcos ... the three leaders"
        # Parties of recent cooperative mentions first, then named groups, then
        # whoever a sentence named: "the three countries" are the ones that acted.
        for tier, reach in ((0, _CONTEXT_SENTENCES), (1, _CONTEXT_SENTENCES), (2, 2)):
            for tiers in self.context[::-1][:reach]:
                for actors in tiers[tier]:
                    if wanted is None or len(actors) == wanted:
                        return actors
        return None

    def _remember(self, spans: list[ActorSpan], used_sets: list[list[str]]) -> None:
        groups = [g.codes for g in group_spans(self.text, spans) if len(g.codes) >= 2]
        union = codes_of(spans)
        self.context.append((used_sets, groups, [union] if len(union) >= 2 else []))
        del self.context[:-_CONTEXT_SENTENCES]
