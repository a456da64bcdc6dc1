"""Who the parties to a relation cue are, as far as the sentence alone tells.

Leaders meeting, the makers of weapons bought, mediators of talks, a subject borrowed
from the clause before, the agent and target of a hostile act, and the pairs across a
confrontation. What needs the sentences before (anaphors) is in extractors/mentions.py.
"""

from __future__ import annotations

import re

from extractors.actor_roles import is_countered
from extractors.cue_matches import CueMatch
from extractors.cues import CueBook
from extractors.gazetteer import ActorSpan
from extractors.groups import POSSESSOR, Group, codes_of, group_spans, unique
from extractors.people import introduction_end
from extractors.spans import within

# Between two leaders of one subject, or the last one and its verb: "and President
# Ferdinand", " Jr. on Friday", ", who met in Manila,".
_LEADER_GAP = re.compile(
    r"^(?:\s|,|and|also|Jr\.?|(?:on|last|this) \w+|[A-Z][\w.'’-]*|is|are|was|were|has|have|had|will|would|"
    r"could|may|might|expected|due|set|scheduled|plans?|planned|to|then|later|recently|jointly)*$"
)
# Between a hostile act and its target: "invasion of", "missiles at", "attacks on the".
_TARGET_GAP = re.compile(r"^\s*(?:of|on|against|into|at|toward|towards)\s+(?:the\s+|a\s+|an\s+)?$")
_MEDIATED_BY = re.compile(r"[^;]{0,120}?\b(?:mediated|hosted|brokered|facilitated|convened)\s+by\s+")
_ABOUT_BEFORE = re.compile(
    r"(?<!missile )(?<!missiles )(?<!rocket )(?<!drones )(?<!flew )(?<!flying )(?<!jets )"
    r"\b(?:over|about|regarding|concerning)\s+(?:the\s+)?(?:[\w'’-]+\s+){0,3}$"
)
# Acts that one side aims at another: their joint subjects are allies, not opponents.
_ONE_SIDED = re.compile(r"condemn|denounc|protest|criticis|criticiz|warn|sanction|expel|summon|accus|rebuk|"
                        r"blam|lodged|recall")
_CHARGE_BEFORE = re.compile(r"\b(?:of\s+\w+ing|pointing to|citing|referring to|recalling)\b[^,;]{0,60}$")
_PREPOSITION_END = re.compile(r"\b(?:of|on|over|about|against|at|into)$")
_DETERMINER_GAP = re.compile(r"^\s*(?:the\s+|a\s+|an\s+)?$")
_IN_PLACE = re.compile(r"[\w\s'’-]{0,20}?\s(?:in|inside)\s+")

# -- cooperation ----------------------------------------------------------------


def uncountered(text: str, cues: CueBook, cue: CueMatch, spans: list[ActorSpan],
                clause_start: int) -> list[ActorSpan]:
    """The spans that can be parties to a cooperative cue: not governed by a counter word."""
    # A counter word governs the list it introduces: "alarmed Australia, New Zealand and the U.S."
    # ... unless it owns the relation: "concern over Turkey's purchase of jets".
    # ... or unless the cue ends in the preposition that governs it: "relies on Russia for arms".
    return [s for g in group_spans(text, spans) for s in g.spans
            if POSSESSOR.fullmatch(text, s.end, cue.start)
            or _DETERMINER_GAP.match(text[cue.end:g.start])
            and _PREPOSITION_END.search(text, cue.start, cue.end)
            or not (is_countered(text, cues, g.spans[0], clause_start)
                    or is_countered(text, cues, s, clause_start))]


def listed_actors(cue: CueMatch, groups: list[Group]) -> tuple[list[str], float]:
    """The actors the groups around a cooperative cue give, and a confidence factor."""
    distinct = {frozenset(g.codes) for g in groups if len(g.codes) >= 2}
    if len(distinct) < 2:
        return unique(code for g in groups for code in g.codes), 1.0
    before = [g for g in groups if len(g.codes) >= 2 and g.end <= cue.start]
    after = [g for g in groups if len(g.codes) >= 2 and g.start >= cue.end]
    if before:
        return list(before[-1].codes), 0.9
    # "Australia shares intelligence with the U.S., Britain, ...": the subject joins
    subject = [c for g in groups if len(g.codes) == 1 and g.end <= cue.start for c in g.codes]
    return unique([*subject, *after[0].codes]), 0.9


def leaders(text: str, cue: CueMatch, spans: list[ActorSpan]) -> list[list[str]]:
    """"Japanese Prime Minister Fumio Kishida and President Ferdinand Marcos Jr. agreed":
    leaders of two or more countries as one subject have met; so has one leader with
    the country that is the verb's object ("Esper visited Seoul")."""
    subject: list[ActorSpan] = []
    end = cue.start
    for span in reversed([s for s in spans if s.end <= cue.start]):
        span_end = span.end if span.kind in ("leader", "person") else introduction_end(text, span)
        if span_end is None or not _LEADER_GAP.match(text[span_end:end]):
            break
        subject.append(span)
        end = span.start
    codes = codes_of(subject)
    after = group_spans(text, [s for s in spans if s.start >= cue.end])
    if len(codes) == 1 and after and _DETERMINER_GAP.match(text[cue.end:after[0].start]):
        codes = unique([*codes, *after[0].codes])  # "Defense Secretary Mark Esper visited Seoul"
    return [codes] if len(codes) >= 2 else []


def makers(text: str, cues: CueBook, start: int, end: int) -> list[str]:
    """Makers of the weapon systems named in text[start:end]: "buy F-35 jets" names the U.S."""
    found = cues.weapons.finditer(text, start, end)
    return unique(cues.weapon_makers[m.group()] for m in found)


def with_mediators(text: str, cue: CueMatch, actors: list[str], spans: list[ActorSpan]) -> list[str]:
    """Talks "mediated by" or "hosted by" a third country have it among their participants,
    with the parties the sentence opens with when the clause names no other."""
    by = _MEDIATED_BY.match(text, cue.end)
    if by is None:
        return actors
    mediators = group_spans(text, [s for s in spans if s.start >= by.end()])[:1]
    if not mediators or mediators[0].start - by.end() > 40:
        return actors
    hosts = list(mediators[0].codes)
    parties = [c for c in actors if c not in hosts]
    if len(parties) < 2:
        opening = group_spans(text, [s for s in spans if s.end <= cue.start])[:1]
        parties = [c for g in opening for c in g.codes if c not in hosts]
    return unique([*parties, *hosts]) if len(parties) >= 2 else actors


def borrowed(text: str, cue: CueMatch, clause_spans: list[ActorSpan],
             spans: list[ActorSpan]) -> list[ActorSpan]:
    """Actors for a clause that names fewer than two, taken from the clauses before it."""
    earlier = [s for s in spans if s.end <= cue.start]
    own = {c for s in clause_spans for c in s.codes}
    before = [s for s in earlier if own and s.end <= clause_spans[0].start and not set(s.codes) & own]
    groups = group_spans(text, before)
    if not groups:  # "Kishida and Marcos signed the pact after talks": the talks are theirs
        return earlier
    if clause_spans[0].end <= cue.start:
        # "China donated rifles to the Philippine military, and Russia pledged to deliver
        # trucks": the new subject gives to the same recipient.
        partners = groups[1:] or groups
    else:  # "Manila has pacts with A, while an agreement with Japan ...": the subject's
        partners = groups[:1]
    return [*(s for g in partners for s in g.spans), *clause_spans]


# -- confrontation --------------------------------------------------------------


def agent_and_target(text: str, cues: CueBook, cue: CueMatch, spans: list[ActorSpan],
                     article_spans: list[ActorSpan], article_starts: list[int]) -> list[list[str]] | None:
    """"Russia's invasion of Ukraine", "China fired missiles at Taiwan": the nearest
    country before the cue against the one its preposition governs (None: no such
    construction). No pair for "air strikes against al Shabaab militants", unless they
    were hit inside a country ("struck Hamas leaders in Qatar"); `article_spans` (with
    their starts) are all the article's spans, venues too."""
    agents = group_spans(text, [s for s in spans if s.end <= cue.start])
    non_state = cues.non_state_target.match(text, cue.end)
    if non_state:
        after = non_state.end()
        nearby = within(article_spans, article_starts, after, after + 40)  # venues too
        place = next((s for s in nearby if _IN_PLACE.fullmatch(text, after, s.start)), None)
        if place is None or not agents:
            return []
        return [[a, b] for a in agents[-1].codes for b in place.codes if a != b]
    target = next((s for s in spans if s.start >= cue.end), None)
    gap = text[cue.end:target.start] if target else ""
    # "blamed on Russian services", "concerns over Turkey's purchase": the cue ends in the preposition
    if target is None or not agents or not (
            _TARGET_GAP.match(gap) or _PREPOSITION_END.search(text, cue.start, cue.end)
            and _DETERMINER_GAP.match(gap)):
        return None
    targets = group_spans(text, [s for s in spans if s.start >= target.start])[0]
    return [[a, b] for a in agents[-1].codes for b in targets.codes if a != b] or None


def topic_groups(text: str, cue: CueMatch, spans: list[ActorSpan], start: int) -> list[Group]:
    """"accused the West of hypocrisy over Kosovo, Libya and Iraq", "accusing it of being too
    close to Iran", "pointing to the U.S. record in Iraq": the groups after the cue that say
    what it is about, no side."""
    return [g for g in group_spans(text, [s for s in spans if s.start >= cue.end])
            if _ABOUT_BEFORE.search(text, max(start, g.start - 25), g.start)
            or _CHARGE_BEFORE.search(text, max(cue.end, g.start - 70), g.start)]


def confrontation_pairs(text: str, cue: CueMatch, spans: list[ActorSpan], before: list[str], after: list[str],
                        adversaries: frozenset[str]) -> list[list[str]]:
    """One pair per two opposing countries, `before` and `after` the cue."""
    if before and after:
        # "warned Beijing that a Chinese base in Solomon Islands ...": the
        # usual adversary on one side is the one the other side opposes.
        # ... unless one list names that side: "a provocation by Moscow and Minsk".
        if (set(after) & adversaries and not set(before) & adversaries
                and not _one_list(text, spans, after)):
            after = [c for c in after if c in adversaries]
        elif (set(before) & adversaries and not set(after) & adversaries
              and not _one_list(text, spans, before)):
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
    joined = len(group_spans(text, side)) == 1
    # ... but "the U.S. and Britain condemned the attack" is one side of an act aimed elsewhere.
    mutual = not (_ONE_SIDED.search(text, cue.start, cue.end)
                  or before and side and _ONE_SIDED.search(text, side[-1].end, cue.end))
    return [codes] if len(codes) == 2 and cue.weight >= 0.8 and joined and mutual else []


def _one_list(text: str, spans: list[ActorSpan], codes: list[str]) -> bool:
    """Whether `codes` (two or more) are named together in one list ("Moscow and Minsk")."""
    return len(codes) >= 2 and any(set(codes) <= set(g.codes) for g in group_spans(text, spans))
