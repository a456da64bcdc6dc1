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
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from extractors.confidence import Signals, default_model
from extractors.cues import CueBook, default_cues
from extractors.gazetteer import ActorSpan, Gazetteer, default_gazetteer
from extractors.groups import (
    JOINING,
    LIST_GAP,
    POSSESSOR,
    across,
    codes_of,
    group_spans,
    join_participants,
    spokes,
    supplied,
    unique,
)
from extractors.people import introduction_end, people_spans
from extractors.sentences import split_clauses, split_sentences

EXTRACTOR_VERSION = "rules-0.5.0"

_NUMBERS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5}
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_GIVEN_NAME = re.compile(r"\b[A-Z][a-z]+\s+$")
_CONTEXT_SENTENCES = 8
# "MANILA, Philippines (Reuters) — ": where the story was filed, no actor.
_DATELINE = re.compile(
    r"^[A-Z][A-Z .'/-]{2,}(?:,[^\n,—–(]{2,30}?){0,2}\s*(?:\([^)\n]{1,40}\))?\s*[—–-]+\s", re.MULTILINE
)
_NOT_PACTS = frozenset({"summit", "military_exercise", "confrontation"})  # never "a similar pact"


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
    maker: bool = False
    leaders: bool = False
    joins_last: bool = False
    members: tuple[str, ...] = ()  # of the named grouping this cue is


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
        datelines = [m.span() for m in _DATELINE.finditer(text)]
        found = [s for s in _credible_spans(text, gazetteer.find(text, published))
                 if not any(a <= s.start < b for a, b in datelines)]
        self.spans = sorted([*found, *people_spans(text, found)], key=lambda s: s.start)
        self.span_starts = [s.start for s in self.spans]
        self.sentences = split_sentences(text)
        self.candidate_sentences = self._candidate_sentences()
        self.relation_cues = _relation_cues(text, cues, self.candidate_sentences)
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

    def _signals(self, mention: Mention, cue: _Cue, named: list[ActorSpan]) -> Signals:
        """Signals of one candidate known within its sentence; the article-wide ones are set later."""
        own = [s for s in named if set(s.codes) & set(mention.actors)]
        distances = [max(s.start - cue.end, cue.start - s.end, 0) for s in own]
        sentence = self.text[mention.start:mention.end]
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
            security_words=bool(self.cues.security_topic.search(sentence)),
            adversary=bool(set(mention.actors) & self.cues.usual_adversaries),
            quoted=sum(self.text.count(q, mention.start, cue.start) for q in '"“”') % 2 == 1,
            cue_weight=cue.weight,
            bystanders=len(set(codes_of(named)) - set(mention.actors)),
            after_preposition=sum(1 for a in own if _PREPOSITION_BEFORE.search(
                self.text, max(mention.start, a.start - 12), a.start)),
            demonyms=sum(1 for a in own if a.kind == "demonym"),
            people=sum(1 for a in own if a.kind in ("leader", "person")),
            subject_first=bool(own) and own[0].start - mention.start < 40 and own[0] is named[0],
        )

    def _candidate_sentences(self) -> list[tuple[int, int]]:
        """Sentences that can hold a mention: they name two countries, or refer back to some,
        or name one country and a weapon system that names its maker."""
        openers = sorted([*(m.start() for m in self.cues.anaphora.finditer(self.text)),
                          *(m.start() for m in self.cues.weapons.finditer(self.text))])
        span_starts = self.span_starts
        candidates = []
        for start, end in self.sentences:
            index = bisect_left(openers, start)
            if index < len(openers) and openers[index] < end:
                candidates.append((start, end))
                continue
            codes = {c for s in _within(self.spans, span_starts, start, end) for c in s.codes}
            if len(codes) >= 2:
                candidates.append((start, end))
        return candidates

    def _sentence(self, start: int, end: int) -> list[Mention]:
        named = [s for s in _within(self.spans, self.span_starts, start, end) if not self._is_venue(s, start)]
        self.sentence_spans = named
        cues = _within(self.relation_cues, self.cue_starts, start, end)
        if self.last_relation:
            cues = self._similar_pacts(cues, start, end)
        supply = {c.start for c in cues if c.maker}
        observers = self._observers(named)
        # "Chinese-made jets": a supplier, no party; observers are no party either.
        spans = [s for s in named if s.end not in supply and s not in observers]
        found: dict[tuple[tuple[str, ...], str], Mention] = {}
        cue_of: dict[tuple[tuple[str, ...], str], _Cue] = {}
        clauses = [(start + a, start + b) for a, b in split_clauses(self.text[start:end])]
        for cue in sorted([*cues, *self._groupings(spans)], key=lambda c: c.start):
            if self._is_non_security(cue, start, end) or self._is_name(cue) or self._is_nato(cue):
                continue
            c_start, c_end = next(((a, b) for a, b in clauses if a <= cue.start < b), (start, end))
            if (self._is_negated(cue, c_start) or self._is_enabled(cue, c_start)
                    or self._is_hypothetical(cue, c_start) or self._names_grouping(cue, spans)):
                continue
            clause_spans = [s for s in spans if c_start <= s.start and s.end <= c_end]
            if cue.relation == "summit":  # meetings have venues ("met in Malaysia") and agendas
                clause_spans = [s for s in clause_spans if not self._is_venue(s, c_start, countries=True)
                                and not self._is_agenda(cue, s)]
            if cue.relation == "intelligence_sharing":  # "radar tracks of the Russian jet": what is tracked
                clause_spans = [s for s in clause_spans if not (s.kind == "demonym" and _OBSERVED_BEFORE.search(
                    self.text, max(c_start, s.start - 12), s.start))]
            if cue.relation != "confrontation":  # "drills in Batanes, near Taiwan"
                clause_spans = [s for s in clause_spans if not self.cues.location.search(
                    self.text, max(c_start, s.start - 25), s.start)]
            if cue.members:
                actor_sets, factor = [list(cue.members)], 1.0
            elif cue.leaders:
                actor_sets, factor = self._leaders(cue, clause_spans), 1.0
            elif cue.joins_last:  # "contingents from Australia and France are taking part"
                last = self.last_parties.get(cue.relation)
                joining = codes_of([s for s in clause_spans if not self._is_countered(s, c_start)])
                actor_sets, factor = ([unique([*last, *joining])] if last and joining else []), 0.9
            elif cue.maker:
                actor_sets, factor = supplied(self.text, cue.start, cue.end, named, spans, c_start, c_end), 1.0
            elif cue.relation == "confrontation":
                if (self.cues.hypothetical.search(self.text, max(c_start, cue.start - 60), cue.start)
                        or self.cues.sport_or_market.search(self.text, start, end)
                        or self.cues.dispute_topic.match(self.text, cue.end)):  # "clashed over farm subsidies"
                    continue
                # "Thailand, a U.S. treaty ally, accused Cambodia": the ally is no side.
                asides = [m.span() for a in spans if (m := _APPOSITIVE.match(self.text, a.end))]
                sides = [s for s in self._outside_asides(cue, spans, spans, start, end, any_head=True)
                         if not any(a <= s.start < b for a, b in asides)]
                actor_sets = self._opposing_pairs(
                    cue, [s for s in clause_spans if s in sides], sides, start, end)
                factor = 1.0
            else:
                if (_SHARED_SUBJECT.search(self.text, max(start, c_start - 8), c_start)
                        and self.text[c_start].islower()):
                    # "Trump said ..., and raised the prospect of a meeting with Putin": Trump's
                    subject = group_spans(self.text, [s for s in spans if s.end <= c_start])[:1]
                    clause_spans = [*(s for g in subject for s in g.spans), *clause_spans]
                clause_spans = self._without_reporter(cue, clause_spans, c_end)
                clause_spans = self._outside_asides(cue, clause_spans, spans, start, end)
                attribution = _ATTRIBUTION.search(self.text, cue.end, end)  # "..., Japanese officials said."
                if attribution:
                    clause_spans = [s for s in clause_spans if s.start < attribution.start()]
                actors, factor = self._cooperating(cue, clause_spans, c_start, c_end)
                if cue.relation == "summit":  # "talks in Doha mediated by Qatar and Turkey": all take part
                    actors = self._with_mediators(cue, actors, spans, start, end)
                allies = (self._ally_pairs(cue, spans, start)
                          if cue.relation == "alliance" and _ALLY_NOUN.search(self.text, cue.start, cue.end) else [])
                makers = self._makers(c_start, c_end) if cue.relation == "defense_industrial" else []
                if len(actors) == 1 and len(makers) == 1:  # "Singapore intends to buy F-35 jets"
                    actors = unique([*actors, *makers])
                if len(actors) == 1:  # "It also bought tanks from Washington": the last sentence's subject
                    actors = unique([*self._pronoun_subject(cue, c_start, clause_spans), *actors])
                if len(actors) < 2 and (c_start, c_end) != (start, end):
                    borrowed = self._borrowed(cue, clause_spans, spans)
                    actors, factor = self._cooperating(cue, borrowed, start, end)
                    factor *= 0.9
                actor_sets = [actors] if len(actors) >= 2 else []
                plural = self.cues.plural_agreement.search(self.text, cue.start, cue.end)
                if (cue.dyadic or plural) and len(actors) >= 3:
                    actor_sets = (across(self.text, cue.start, clause_spans, actors)
                                  or spokes(self.text, cue.start, clause_spans, actors, plural=True) or actor_sets)
                elif cue.relation in _HUB_AND_SPOKE and len(actors) >= 3:
                    actor_sets = spokes(self.text, cue.start, clause_spans, actors) or actor_sets
                actor_sets = allies or actor_sets
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
                cue_of[key] = cue
        kept = _dominant(found, self.cues.usual_adversaries)
        self.candidates.extend((m, self._signals(m, cue_of[key], named)) for m, key in kept)
        kept = [m for m, _ in kept]
        cooperative = [m for m in kept if m.relation != "confrontation"]
        self._remember(spans, [list(m.actors) for m in cooperative])
        self._remember_subjects(named, start)
        for mention in cooperative:
            if mention.modality != "historical":
                self.last_parties[mention.relation] = list(mention.actors)
        pacts = [m for m in cooperative if m.relation not in _NOT_PACTS]
        if pacts:
            self.last_relation = max(pacts, key=lambda m: m.confidence).relation
        return kept

    def _with_mediators(self, cue: _Cue, actors: list[str], spans: list[ActorSpan], start: int,
                        end: int) -> list[str]:
        """Talks "mediated by" or "hosted by" a third country have it among their participants,
        with the parties the sentence opens with when the clause names no other."""
        by = _MEDIATED_BY.match(self.text, cue.end)
        if by is None:
            return actors
        mediators = group_spans(self.text, [s for s in spans if s.start >= by.end()])[:1]
        if not mediators or mediators[0].start - by.end() > 40:
            return actors
        hosts = list(mediators[0].codes)
        parties = [c for c in actors if c not in hosts]
        if len(parties) < 2:
            opening = group_spans(self.text, [s for s in spans if s.end <= cue.start])[:1]
            parties = [c for g in opening for c in g.codes if c not in hosts]
        return unique([*parties, *hosts]) if len(parties) >= 2 else actors

    def _outside_asides(self, cue: _Cue, candidates: list[ActorSpan], spans: list[ActorSpan], start: int,
                        end: int, any_head: bool = False) -> list[ActorSpan]:
        """The candidates outside asides that do not hold the cue: a relative clause on a country
        (on anyone, with `any_head`): "Poland, which has armed since Russia's invasion of Ukraine,
        regards ... its pact with Germany"; a clause of time or circumstance: "The deal, announced
        as Japan's leader was visiting Brazil, gives ...", "After visiting Japan, he signed ..."."""
        asides = [m.span() for m in _RELATIVE.finditer(self.text, start, end)
                  if any_head or any(s.end == m.start() and s.kind in _PLACE_KINDS for s in spans)]
        asides += [m.span() for m in _CIRCUMSTANCE.finditer(self.text, start, end)]
        opening = _OPENING_CLAUSE.match(self.text, start, end)
        if opening:
            asides.append(opening.span())
        asides = [(a, b) for a, b in asides if not a <= cue.start < b]
        return [s for s in candidates if not any(a <= s.start < b for a, b in asides)]

    def _ally_pairs(self, cue: _Cue, spans: list[ActorSpan], start: int) -> list[list[str]]:
        """Whose ally is who: "the United States' commitment to its treaty ally Japan", "Manila,
        whose only treaty ally is the United States", "Thailand, a U.S. treaty ally",
        "Azerbaijan's closest ally, Turkey", "Japan and Australia are treaty allies of the U.S."."""
        before = [s for s in spans if s.end <= cue.start]
        after = [s for s in spans if s.start >= cue.end]
        anaphor = next(self.cues.anaphora.finditer(self.text, start, cue.start), None)
        referred = (self._antecedent(anaphor.group()) or []) if anaphor else []  # "Both countries are ..."
        if after and (before or referred) and _ALLIES_OF.fullmatch(self.text, cue.end, after[0].start):
            subject = group_spans(self.text, before)[-1].codes if before else referred
            return [[c, *after[0].codes] for c in subject if c not in after[0].codes]
        possessor: tuple[str, ...] = ()
        owner = _ALLY_OWNER.search(self.text, max(start, cue.start - 30), cue.start)
        if owner and owner.group(1) is None and before and before[-1].end == owner.start():
            possessor = before[-1].codes  # "America's treaty ally", "a U.S. treaty ally"
        elif owner and owner.group(1) and before:
            # "Manila, whose ally": the one before; "its ally": the clause's subject.
            possessor = before[-1].codes if owner.group(1).lower() == "whose" else before[0].codes
        ally: tuple[str, ...] = ()
        if after and _ALLY_NAMED.fullmatch(self.text, cue.end, after[0].start):
            ally = after[0].codes
        elif owner and (head := _APPOSITIVE_HEAD.search(self.text, start, owner.start())):
            ally = next((s.codes for s in before if s.end == head.end()), ())
        if possessor and not ally and referred:  # "The two countries, both U.S. treaty allies"
            return [[c, *possessor] for c in referred if c not in possessor]
        pair = unique([*possessor, *ally])
        return [pair] if len(pair) == 2 else []

    def _pronoun_subject(self, cue: _Cue, c_start: int, spans: list[ActorSpan]) -> tuple[str, ...]:
        """The country a subject pronoun before the cue stands for: "it" the previous
        sentence's country subject, "he" or "she" its leader's country."""
        if any(s.start < cue.start for s in spans):
            return ()
        pronoun = _SUBJECT_PRONOUN.search(self.text, max(c_start, cue.start - 50), cue.start)
        if pronoun is None or not _BEFORE_PRONOUN.fullmatch(self.text, c_start, pronoun.start()):
            return ()
        return self.subjects.get("it" if pronoun.group().lower().startswith("it") else "person", ())

    def _leaders(self, cue: _Cue, spans: list[ActorSpan]) -> list[list[str]]:
        """"Japanese Prime Minister Fumio Kishida and President Ferdinand Marcos Jr. agreed":
        leaders of two or more countries as one subject have met; so has one leader with
        the country that is the verb's object ("Esper visited Seoul")."""
        subject: list[ActorSpan] = []
        end = cue.start
        for span in reversed([s for s in spans if s.end <= cue.start]):
            span_end = span.end if span.kind in ("leader", "person") else introduction_end(self.text, span)
            if span_end is None or not _LEADER_GAP.match(self.text[span_end:end]):
                break
            subject.append(span)
            end = span.start
        codes = codes_of(subject)
        after = group_spans(self.text, [s for s in spans if s.start >= cue.end])
        if len(codes) == 1 and after and _DETERMINER_GAP.match(self.text[cue.end:after[0].start]):
            codes = unique([*codes, *after[0].codes])  # "Defense Secretary Mark Esper visited Seoul"
        return [codes] if len(codes) >= 2 else []

    def _groupings(self, spans: list[ActorSpan]) -> list[_Cue]:
        """A named grouping ("the Quad") reports the relation it embodies between its members."""
        return [
            _Cue(s.start, s.end, self.levels[s.grouping], _GROUPING_WEIGHT, cameo=self.cues.cameo_codes[
                self.levels[s.grouping]], members=s.codes)
            for s in spans if s.grouping in self.levels
            and not self.cues.hostile_possession.match(self.text, s.end, s.end + 60)  # "AUKUS's buildup": a possession, not the group acting
        ]

    def _similar_pacts(self, cues: list[_Cue], start: int, end: int) -> list[_Cue]:
        """'Japan has similar agreements with Australia': the previous mention's relation."""
        relation = self.last_relation  # set: the caller checks it
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

    def _cooperating(self, cue: _Cue, spans: list[ActorSpan], c_start: int,
                     c_end: int) -> tuple[list[str], float]:
        """The actors a cooperative cue binds to, and a confidence factor."""
        # A counter word governs the list it introduces: "alarmed Australia, New Zealand and the U.S."
        # ... unless it owns the relation: "concern over Turkey's purchase of jets".
        # ... or unless the cue ends in the preposition that governs it: "relies on Russia for arms".
        parties = [s for g in group_spans(self.text, spans) for s in g.spans
                   if POSSESSOR.fullmatch(self.text, s.end, cue.start)
                   or _DETERMINER_GAP.match(self.text[cue.end:g.start]) and _PREPOSITION_END.search(
                       self.text, cue.start, cue.end)
                   or not (self._is_countered(g.spans[0], c_start) or self._is_countered(s, c_start))]
        groups = join_participants(self.text, group_spans(self.text, parties))
        distinct = {frozenset(g.codes) for g in groups if len(g.codes) >= 2}
        factor = 1.0
        if len(distinct) >= 2:
            before = [g for g in groups if len(g.codes) >= 2 and g.end <= cue.start]
            after = [g for g in groups if len(g.codes) >= 2 and g.start >= cue.end]
            if before:
                actors = list(before[-1].codes)
            else:  # "Australia shares intelligence with the U.S., Britain, ...": the subject joins
                subject = [c for g in groups if len(g.codes) == 1 and g.end <= cue.start for c in g.codes]
                actors = unique([*subject, *after[0].codes])
            factor = 0.9
        else:
            actors = unique(code for g in groups for code in g.codes)
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

    def _makers(self, start: int, end: int) -> list[str]:
        """Makers of the weapon systems named in a clause: "buy F-35 jets" names the U.S."""
        found = self.cues.weapons.finditer(self.text, start, end)
        return unique(self.cues.weapon_makers[m.group()] for m in found)

    def _without_reporter(self, cue: _Cue, spans: list[ActorSpan], c_end: int) -> list[ActorSpan]:
        """"China's foreign ministry said cooperation between Japan and the Philippines ...":
        who reports a relation between others is no party to it."""
        verb = next((m for m in self.cues.reporting.finditer(self.text, spans[0].end if spans else cue.start,
                                                               cue.start)), None)
        if verb is None or _SELF_REPORT.match(self.text, verb.end()):  # "France said it had": a party
            return spans
        reported = [s for s in spans if s.start >= verb.end()]
        if len(codes_of(reported)) >= 2 or self.cues.anaphora.search(self.text, verb.end(), c_end):
            return [s for s in spans if s.start >= verb.end() or s.end > verb.start()]
        return spans

    def _borrowed(self, cue: _Cue, clause_spans: list[ActorSpan], spans: list[ActorSpan]) -> list[ActorSpan]:
        """Actors for a clause that names fewer than two, taken from the clauses before it."""
        earlier = [s for s in spans if s.end <= cue.start]
        own = {c for s in clause_spans for c in s.codes}
        before = [s for s in earlier if own and s.end <= clause_spans[0].start and not set(s.codes) & own]
        groups = group_spans(self.text, before)
        if not groups:  # "Kishida and Marcos signed the pact after talks": the talks are theirs
            return earlier
        if clause_spans[0].end <= cue.start:
            # "China donated rifles to the Philippine military, and Russia pledged to deliver
            # trucks": the new subject gives to the same recipient.
            partners = groups[1:] or groups
        else:  # "Manila has pacts with A, while an agreement with Japan ...": the subject's
            partners = groups[:1]
        return [*(s for g in partners for s in g.spans), *clause_spans]

    def _opposing_pairs(self, cue: _Cue, clause_spans: list[ActorSpan], sentence_spans: list[ActorSpan],
                        start: int, end: int) -> list[list[str]]:
        """One actor pair per two opposing countries around a confrontation cue."""
        direct = self._agent_and_target(cue, clause_spans)
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
        # "accused the West of hypocrisy over Kosovo, Libya and Iraq": what it is about, no side.
        topics = [g for g in group_spans(self.text, [s for s in spans if s.start >= cue.end])
                  if _ABOUT_BEFORE.search(self.text, max(start, g.start - 25), g.start)]
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
        adversaries = self.cues.usual_adversaries
        if before and after:
            # "warned Beijing that a Chinese base in Solomon Islands ...": the
            # usual adversary on one side is the one the other side opposes.
            # ... unless one list names that side: "a provocation by Moscow and Minsk".
            if set(after) & adversaries and not set(before) & adversaries and not self._one_list(spans, after):
                after = [c for c in after if c in adversaries]
            elif set(before) & adversaries and not set(after) & adversaries and not self._one_list(spans, before):
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
        # "India and Pakistan clashed": two countries joined on one side of a strong cue.
        side = [s for s in spans
                if (s.end <= cue.start if before else s.start >= cue.end) and set(s.codes) & set(codes)]
        joined = len(group_spans(self.text, side)) == 1
        return [codes] if len(codes) == 2 and cue.weight >= 0.8 and joined else []

    def _one_list(self, spans: list[ActorSpan], codes: list[str]) -> bool:
        """Whether `codes` (two or more) are named together in one list ("Moscow and Minsk")."""
        return len(codes) >= 2 and any(set(codes) <= set(g.codes) for g in group_spans(self.text, spans))

    def _reciprocal_subject(self, cue: _Cue, start: int) -> list[str] | None:
        """The two countries an anaphor right before a confrontation cue refers to ("the two
        countries fought", "both sides clashed"), if it names exactly two."""
        for anaphor in self.cues.anaphora.finditer(self.text, max(start, cue.start - 40), cue.start):
            number = self.cues.anaphora_number.search(anaphor.group())
            if number and number.group().lower() in ("two", "both") and _AUXILIARIES.fullmatch(
                    self.text, anaphor.end(), cue.start):
                named = self._named_before(anaphor.start())
                antecedent = named if len(named) == 2 else self._antecedent(anaphor.group())
                return antecedent if antecedent and len(antecedent) == 2 else None
        return None

    def _agent_and_target(self, cue: _Cue, spans: list[ActorSpan]) -> list[list[str]] | None:
        """"Russia's invasion of Ukraine", "China fired missiles at Taiwan": the nearest
        country before the cue against the one its preposition governs (None: no such
        construction). No pair for "air strikes against al Shabaab militants", unless they
        were hit inside a country ("struck Hamas leaders in Qatar")."""
        agents = group_spans(self.text, [s for s in spans if s.end <= cue.start])
        non_state = self.cues.non_state_target.match(self.text, cue.end)
        if non_state:
            after = non_state.end()
            nearby = _within(self.spans, self.span_starts, after, after + 40)  # venues too
            place = next((s for s in nearby if _IN_PLACE.fullmatch(self.text, after, s.start)), None)
            if place is None or not agents:
                return []
            return [[a, b] for a in agents[-1].codes for b in place.codes if a != b]
        target = next((s for s in spans if s.start >= cue.end), None)
        gap = self.text[cue.end:target.start] if target else ""
        # "blamed on Russian services", "concerns over Turkey's purchase": the cue ends in the preposition
        if target is None or not agents or not (
                _TARGET_GAP.match(gap) or _PREPOSITION_END.search(self.text, cue.start, cue.end)
                and _DETERMINER_GAP.match(gap)):
            return None
        targets = group_spans(self.text, [s for s in spans if s.start >= target.start])[0]
        return [[a, b] for a in agents[-1].codes for b in targets.codes if a != b] or None

    def _named_before(self, position: int) -> list[str]:
        """The countries the current sentence names before `position`."""
        return unique(c for s in self.sentence_spans if s.end <= position for c in s.codes)

    def _antecedent(self, anaphor: str | None, same_sentence: list[str] | None = None) -> list[str] | None:
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

    def _remember_subjects(self, spans: list[ActorSpan], start: int) -> None:
        """The sentence's subject, if it opens with one country or one leader."""
        first = spans[0] if spans else None
        if first is None or len(first.codes) != 1 or not _OPENING.fullmatch(self.text, start, first.start):
            self.subjects = {}
        else:
            self.subjects = {"person" if first.kind in ("leader", "person") else "it": first.codes}

    def _remember(self, spans: list[ActorSpan], used_sets: list[list[str]]) -> None:
        groups = [g.codes for g in group_spans(self.text, spans) if len(g.codes) >= 2]
        union = codes_of(spans)
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
        if (_AS_SUBJECT.search(self.text, max(clause_start, span.start - 10), span.start)
                and self.cues.background.match(self.text, span.end)):
            return True
        return bool(self.cues.hostile_possession.match(self.text, span.end, span.end + 60))

    def _observers(self, spans: list[ActorSpan]) -> list[ActorSpan]:
        """Countries listed as observers: "observers from Japan and India", "India and
        Thailand sent observers", "with U.S. officials present as observers"."""
        found: list[ActorSpan] = []
        for group in group_spans(self.text, spans):
            if (self.cues.observers_before.search(self.text, max(0, group.start - 40), group.start)
                    or self.cues.observers_after.match(self.text, group.end)):
                found.extend(group.spans)
        return found

    def _is_agenda(self, cue: _Cue, span: ActorSpan) -> bool:
        """"held talks on defence and support for Ukraine": a country the talks are about."""
        return 0 <= span.start - cue.end <= 120 and bool(_AGENDA.search(self.text, cue.end, span.start))

    def _is_venue(self, span: ActorSpan, sentence_start: int, countries: bool = False) -> bool:
        """'talks in Tokyo': a capital after a place preposition; with `countries`, also
        a country ('a security gathering in Malaysia')."""
        if span.kind not in ("metonym", "country") or (span.kind == "country" and not countries):
            return False
        before = self.text[max(sentence_start, span.start - 30):span.start]
        if not self.cues.venue.search(before):
            return False
        if _SEAT_SPEAKER.match(self.text, span.end):  # "In Beijing, foreign ministry spokesman Hong Lei accused"
            return False
        # "a military base in Abu Dhabi", "instructors based in Niamey": the host, no venue.
        return not _HOSTED_BEFORE.search(self.text, max(sentence_start, span.start - 50), span.start)

    # -- cues -----------------------------------------------------------------

    def _is_non_security(self, cue: _Cue, start: int, end: int) -> bool:
        """A trade summit, a forum's summit, talks whose stated agenda has no security content, or a match."""
        if cue.relation != "summit":
            return False
        if self.cues.non_security_context.search(self.text, max(0, cue.start - 25), cue.start):
            return True
        if (self.text[cue.start:cue.end].lower().startswith("summit")
                and self.cues.forum_summit.search(self.text, max(0, cue.start - 40), cue.start)):
            return True
        off_topic = (self.cues.non_security_agenda.search(self.text, start, end)
                     or self.cues.sport_or_market.search(self.text, start, end))  # "the two teams met"
        return bool(off_topic and not self.cues.security_topic.search(self.text, start, end))

    def _is_name(self, cue: _Cue) -> bool:
        """"the Trans-Pacific Partnership", "the Alliance of Small Island States": a name; its
        relation word is no cue unless the name is about security."""
        word = self.text[cue.start:cue.end]
        if cue.relation not in _NAMED_RELATIONS or not word[:1].isupper():
            return False
        name = _CAPITALISED_BEFORE.search(self.text, max(0, cue.start - 60), cue.start)
        after = _OF_NAME.match(self.text, cue.end)
        if not (name or after):
            return False
        whole = self.text[name.start() if name else cue.start:after.end() if after else cue.end]
        return not _SECURITY_NAME.search(whole) and not any(s.start < cue.start and s.end > (
            name.start() if name else cue.start) for s in self.sentence_spans)

    def _is_nato(self, cue: _Cue) -> bool:
        """"the alliance's summit" in a story about NATO: NATO, no alliance between countries named."""
        return (cue.relation == "alliance" and self.text[cue.start:cue.end].lower() == "alliance"
                and bool(_THE_BEFORE.search(self.text, max(0, cue.start - 5), cue.start))
                and "NATO" in self.text[max(0, cue.start - 600):cue.start])

    def _names_grouping(self, cue: _Cue, spans: list[ActorSpan]) -> bool:
        """"the Five Eyes alliance", "the Quad partnership": the grouping's own relation says it."""
        return not cue.members and any(s.grouping and 0 <= cue.start - s.end <= 3
                                       and not self.text[s.end:cue.start].strip() for s in spans)

    def _is_hypothetical(self, cue: _Cue, clause_start: int) -> bool:
        """"any Israeli military presence in the Gulf": no relation; "The drills come as Russia seeks
        ties with Iran": the context of an earlier relation, not a new one (confrontations have
        their own tests)."""
        return cue.relation != "confrontation" and bool(
            _ANY_BEFORE.search(self.text, max(clause_start, cue.start - 40), cue.start)
            or _CONTEXT_AFTER.match(self.text, cue.end))

    def _is_enabled(self, cue: _Cue, clause_start: int) -> bool:
        """"The pact will allow their forces to hold drills": part of the pact's mention (C1)."""
        return cue.relation == "military_exercise" and bool(
            self.cues.enabling.search(self.text, max(clause_start, cue.start - 80), cue.start))

    def _is_negated(self, cue: _Cue, clause_start: int) -> bool:
        if cue.relation != "confrontation" and self.cues.denial.search(  # rejecting a threat is a confrontation
                self.text, max(clause_start, cue.start - 200), cue.start):
            return True
        inner = self.cues.negation.search(self.text, cue.start + 1, cue.end)  # "join but will not take part"
        if cue.relation != "confrontation" and inner and not self.cues.negation_exceptions.search(
                self.text, max(0, inner.start() - 10), inner.end() + 15):
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
        report of the past dated before this year near the cue is historical."""
        before: tuple[int, str] | None = None
        after: tuple[int, str] | None = None
        dated_past = False
        # "met and agreed to begin talks": they met; "condemned the plan to ...": it condemned
        reach = 10 if cue.relation == "summit" else 0 if cue.relation == "confrontation" else 60
        for name, pattern in self.cues.modality:
            for match in pattern.finditer(self.text, start, end):
                if name == "historical" and not self._is_past(match.group()):
                    continue
                if name in ("planned", "speculative"):
                    if self.cues.enabling.match(self.text, match.start()):
                        continue  # "signed a pact that will allow ...": the pact's own modality
                    if self.cues.continuing.match(self.text, match.start()):
                        name = "asserted"  # "pledged to deepen their cooperation": it exists
                    elif match.group() == "would" and _REPORTED_WOULD.search(
                            self.text, max(start, match.start() - 60), match.start()):
                        # "said Manila would honour its treaty": a stated position; "said Berlin
                        # would send missiles": an announcement
                        name = "asserted" if _STANDING_BY.match(self.text, match.end()) else "planned"
                dated_past = dated_past or name == "historical" and _near(match, cue, 60)
                if cue.start <= match.start() and match.end() <= cue.end:  # "will be based in"
                    before = (0, name)
                elif match.end() <= cue.start:
                    distance = cue.start - match.end()
                    if before is None or distance < before[0]:
                        before = (distance, name)
                elif match.start() >= cue.end:
                    distance = match.start() - cue.end
                    if distance <= reach and (after is None or distance < after[0]):
                        after = (distance, name)
        chosen = (before or after or (0, "asserted"))[1]
        return "historical" if chosen == "asserted" and dated_past else chosen

    def _is_past(self, phrase: str) -> bool:
        years = [int(y) for y in _YEAR.findall(phrase)]
        return all(year < self.reference_year for year in years)


# A specific relation outranks a generic partnership cue in the same sentence and actors:
# "signed a reciprocal access agreement", "the pact" is basing access, not a partnership too.
_OUTRANKED_BY = {
    "security_partnership": {"alliance", "basing_access", "intelligence_sharing", "defense_industrial"},
}
_GENERIC_WEIGHT = 0.6
_GROUPING_WEIGHT = 0.7
# Relations between a guest and a host, or two treaty parties: a hub relates to each spoke.
_HUB_AND_SPOKE = frozenset({"basing_access", "alliance"})


def _dominant(found: dict[tuple[tuple[str, ...], str], Mention],
              adversaries: frozenset[str]) -> list[tuple[Mention, tuple[tuple[str, ...], str]]]:
    """Drop mentions that a more specific one in the same sentence accounts for (each kept
    one with its key in `found`)."""
    relations_of: dict[tuple[str, ...], set[str]] = {}
    for actors, relation in found:
        relations_of.setdefault(actors, set()).add(relation)
    opposed = {actors for actors, relation in found if relation == "confrontation"}
    opponents = Counter(code for actors in opposed for code in actors)
    kept = []
    for key, mention in found.items():
        actors, relation = key
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
        if outranking and mention.confidence <= _GENERIC_WEIGHT:
            continue
        kept.append((mention, key))
    return kept


def _relation_cues(text: str, cues: CueBook, regions: list[tuple[int, int]]) -> list[_Cue]:
    """Relation cue matches within `regions`, overlaps resolved in favour of the longer phrase
    (a maker suffix such as "-made" always stays)."""
    lowered = text.lower()
    same_length = len(lowered) == len(text)  # lower() can lengthen a few letters ("İ")
    matches = [
        _Cue(m.start(), m.end(), cue.relation, cue.weight, cue.dyadic, cue.cameo, cue.maker, cue.leaders,
             cue.joins_last)
        for cue in cues.relation_cues
        for start, end in regions
        for m in cue.finditer(lowered if same_length else text, start, end, same_length)
    ]
    matches.sort(key=lambda c: (c.start - c.end, -c.weight, c.start))
    kept: list[_Cue] = []
    taken: set[int] = set()
    for cue in matches:
        if cue.maker:  # "supply the American-made jets": a second, separate relation
            kept.append(cue)
        elif not taken.intersection(range(cue.start, cue.end)):
            kept.append(cue)
            taken.update(range(cue.start, cue.end))
    kept.sort(key=lambda c: c.start)
    return kept


def _near(match: re.Match[str], cue: _Cue, reach: int) -> bool:
    """Whether a pattern match lies within `reach` characters of a cue."""
    return match.start() - cue.end <= reach and cue.start - match.end() <= reach


def _within(items: list[Any], starts: list[int], start: int, end: int) -> list[Any]:
    """The items (sorted by start) that lie inside [start, end)."""
    first = bisect_left(starts, start)
    last = bisect_left(starts, end, lo=first)
    return [item for item in items[first:last] if item.end <= end]


def _credible_spans(text: str, spans: list[ActorSpan]) -> list[ActorSpan]:
    """Drop ambiguous forms ('Jordan', 'Georgia') the article gives no other sign of; one
    listed with other countries ("Egypt, Qatar and Turkey") or acting as a government
    ("Washington has signalled", "Turkey's purchase") is a country."""
    support = {code for s in spans if not s.ambiguous for code in s.codes}
    listed = set()
    for a, b in zip(spans, spans[1:]):
        if {a.kind, b.kind} <= _PLACE_KINDS and LIST_GAP.match(text[a.end:b.start]):
            listed |= {id(x) for x, other in ((a, b), (b, a)) if not other.ambiguous}
    return [
        s for s in spans
        if not s.ambiguous or id(s) in listed
        or ((set(s.codes) <= support or _ACTING.match(text, s.end))
            and not _GIVEN_NAME.search(text, max(0, s.start - 20), s.start))
    ]


_PLACE_KINDS = frozenset({"country", "metonym"})  # "Washington and Manila": listed, so both are countries
_AS_SUBJECT = re.compile(r"(?<!such)(?<!well)(?<!known)(?<!same)\sas\s+(?:the\s+)?$")
# Between two leaders of one subject, or the last one and its verb: "and President
# Ferdinand", " Jr. on Friday", ", who met in Manila,".
_LEADER_GAP = re.compile(
    r"^(?:\s|,|and|also|Jr\.?|(?:on|last|this) \w+|[A-Z][\w.'’-]*|is|are|was|were|has|have|had|will|would|could|"
    r"may|might|expected|due|set|scheduled|plans?|planned|to|then|later|recently|jointly)*$"
)
# Between a hostile act and its target: "invasion of", "missiles at", "attacks on the".
_TARGET_GAP = re.compile(r"^\s*(?:of|on|against|into|at|toward|towards)\s+(?:the\s+|a\s+|an\s+)?$")
_APPOSITIVE = re.compile(r",\s+(?:a|an|the|its|their)\s+[^,;]{1,60}?,")
_SELF_REPORT = re.compile(
    r"\s+(?:(?:on\s+)?[A-Z][a-z]+day\s+)?(?:that\s+)?(?:he|she|it|they|we|its|his|her|their)\b"
)
_ATTRIBUTION = re.compile(
    r",\s+(?:according to\s+[^,;]{0,80}|[^,;]{0,60}?\b(?:said|says|told reporters|reported|added|noted)"
    r"(?:\s+on\s+\w+)?)\s*[.\"”’']*$"
)
# Opens what talks are about, unless their partner follows: "talks on the war in Sudan",
# but "talks on a pact with Japan".
_AGENDA = re.compile(
    r"\b(?:on|about|over|regarding|concerning|discuss(?:ed|es|ing)?)\s(?![^;]*\b(?:with|between)\s)[^;]*$"
)
_AUXILIARIES = re.compile(r"\s+(?:(?:have|has|had|were|are|again|also|then|repeatedly|briefly|once)\s+)*")
# A subject pronoun and what may come before it in its clause: "It has also bought",
# "Last week it signed", ", and he agreed".
_SUBJECT_PRONOUN = re.compile(r"\b(?:it|he|she|It|He|She)\s+(?!is\s|was\s|said\s|says\s)")
_BEFORE_PRONOUN = re.compile(r"(?:|.*(?:[,;]|\b(?:and|but|then|later|also|week|month|year|day|[A-Z][a-z]+day)))\s*",
                             re.DOTALL)
# Before a sentence's subject: nothing, a dateline-free opener or a title ("On Monday, the", "President").
_OPENING = re.compile(r"(?:\d{1,2}:\d{2}\s*[-–—]\s*|[A-Z][\w.'’-]*\s+|the\s+|On\s+\w+,?\s+|In\s+\w+,?\s+|[\w-]+\s+Minister\s+)*")
# A relative clause with its own verb: ", which has become a big military spender since ...,".
_RELATIVE = re.compile(r",\s+(?:which|who|whose|where)\s(?=[^,;]*\b(?:is|are|was|were|has|have|had|will|would|can|"
                       r"could|may|might|\w+ed|met|led|held|took|made|sent|won|fought|bought|sold|told|said|left|began|"
                       r"gave|became|runs|hosts|leads)\b)[^,;]{1,160},")
_ALLY_NOUN = re.compile(r"all(?:y|ies)$")
# What stands before an "ally" cue: a country form ("U.S. treaty ally", "Japan's closest ally")
# or a possessive pronoun (group 1), with adjectives between.
_ALLY_OWNER = re.compile(r"(?:\b(its|their|whose|Its|Their|Whose)\s+|['’]s?\s+|\s+)(?:(?:only|closest|oldest|"
                         r"main|key|major|staunchest|most important|formal|long-standing|longtime)\s+)*$")
_ALLY_NAMED = re.compile(r"[\s,]*(?:is\s+|are\s+|was\s+|remains\s+)?(?:the\s+)?")
_ALLIES_OF = re.compile(r"\s+of\s+(?:the\s+)?")
# The country an "ally" phrase describes: "Thailand, a U.S. treaty ally", "Japan, another U.S.
# ally", "Thailand has been a U.S. treaty ally".
_APPOSITIVE_HEAD = re.compile(r"\S(?=(?:,|\s+(?:is|was|has been|had been|remains|became))\s+(?:a|an|the|another)\s+"
                              r"[^,;]{0,30}$)")
_HOSTED_BEFORE = re.compile(r"\b(?:bases?|troops|forces|soldiers|marines|stationed|deployed|based|garrisons?|"
                            r"presence|instructors|contingents?)\b[^,;.]{0,25}$", re.IGNORECASE)
_MEDIATED_BY = re.compile(r"[^;]{0,120}?\b(?:mediated|hosted|brokered|facilitated|convened)\s+by\s+")
# "any Israeli military presence", "any future alliance": a hypothetical, no relation.
_ANY_BEFORE = re.compile(r"\bany\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
_NAMED_RELATIONS = frozenset({"security_partnership", "alliance"})
_CAPITALISED_BEFORE = re.compile(r"(?:\b[A-Z][\w-]*\s+)+$")
_OF_NAME = re.compile(r"\s+of\s+(?:[A-Z][\w-]*\s*)+")
_SECURITY_NAME = re.compile(
    r"Security|Defen[cs]e|Strategic|Military|Maritime|Mutual|Treaty|Nuclear|Consultative|Deterren|Intelligence|"
    r"Police|Coast", re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_ABOUT_BEFORE = re.compile(r"(?<!missile )(?<!missiles )(?<!rocket )(?<!drones )(?<!flew )(?<!flying )(?<!jets )"
                           r"\b(?:over|about|regarding|concerning)\s+(?:the\s+)?(?:[\w-]+\s+)?$")
_SEAT_SPEAKER = re.compile(r",\s+(?:the\s+|a\s+)?(?:[\w-]+\s+){0,2}?(?:foreign|defen[cs]e)\s+ministry|,\s+officials\s|"
                           r",\s+(?:the\s+|a\s+)?(?:government|ministry|foreign ministry)\s+spokes(?:man|woman|person)")
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|from|to|near|over|about|on|for|into|of)\s+(?:the\s+)?$")
_OBSERVED_BEFORE = re.compile(r"\b(?:of|on|about|over)\s+(?:the\s+|a\s+|an\s+)?$")
_REPORTED_WOULD = re.compile(r"\b(?:said|says|told|announced|pledged|promised|vowed|declared|insisted|assured)\b"
                            r"(?:\s+(?:that|on\s+\w+day|parliament|reporters|lawmakers))?\s+(?:[\w.'’-]+\s+){0,4}$")
_STANDING_BY = re.compile(r"\s+(?:always\s+|still\s+|fully\s+)?(?:honou?r|apply|cover|stand|abide|defend|uphold|remain|"
                          r"continue|respect|come to)\b")
# An aside of time or circumstance between commas, or opening the sentence.
_CIRCUMSTANCE = re.compile(r",\s+(?:announced|unveiled|signed|agreed|reached)?\s*(?:as|while|after|before|although|"
                           r"though|even as|just as)\s[^,;]{1,160},")
_OPENING_CLAUSE = re.compile(r"(?:After|Before|While|Following|Since|Speaking|Having|During|On a visit to|"
                             r"Ahead of)\s[^,;]{1,120},")
_CONTEXT_AFTER = re.compile(r"\s+(?:come|comes|came|coincide[sd]?|follow(?:s|ed)?)\s+(?:as|amid|after|just|shortly|"
                            r"days|weeks|months|hours|a\s+(?:day|week|month))\b")
_SHARED_SUBJECT = re.compile(r",\s+and\s+$")
_PREPOSITION_END = re.compile(r"\b(?:of|on|over|about|against|at|into)$")
_DETERMINER_GAP = re.compile(r"^\s*(?:the\s+|a\s+|an\s+)?$")
_ACTING = re.compile(
    r"['’]s\s|\s+(?:has|have|had|will|would|said|says|warned|urged|signall?ed|agreed|announced|accused|condemned|"
    r"insisted)\b"
)
_IN_PLACE = re.compile(r"[\w\s'’-]{0,20}?\s(?:in|inside)\s+")


def _grouping_name(spans: list[ActorSpan], actors: tuple[str, ...]) -> str | None:
    names = unique(s.grouping for s in spans if s.grouping and set(s.codes) <= set(actors))
    return ", ".join(names) if names else None
