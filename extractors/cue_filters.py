"""Tests that rule a relation cue out where it stands: negated, hypothetical, a name, off topic."""

from __future__ import annotations

import re

from extractors.cue_matches import CueMatch
from extractors.cues import CueBook, last_match
from extractors.gazetteer import ActorSpan

_NAMED_RELATIONS = frozenset({"security_partnership", "alliance"})
_CAPITALISED_BEFORE = re.compile(r"(?:\b[A-Z][\w-]*\s+)+$")
_OF_NAME = re.compile(r"\s+of\s+(?:[A-Z][\w-]*\s*)+")
_SECURITY_NAME = re.compile(
    r"Security|Defen[cs]e|Strategic|Military|Maritime|Mutual|Treaty|Nuclear|Consultative|Deterren|"
    r"Intelligence|Police|Coast", re.IGNORECASE)
_TOPIC_OF_TALKS = re.compile(
    r"\b(?:discuss(?:ed|es|ing)?|talks\s+(?:on|about)|talked\s+about|(?:to|will|would)\s+discuss)\s+"
    r"(?:(?:the|their|bilateral|closer|further|expanding|deepening|strengthening|boosting|greater|more)\s+)*$",
    re.IGNORECASE)
_SUMMIT_WORD = re.compile(r"\bsummit\b", re.IGNORECASE)
_THE_BEFORE = re.compile(r"\bthe\s+$", re.IGNORECASE)
_JOIN_BEFORE = re.compile(r"\b(?:join|joins|joined|joining|membership of|accession to|member of)\s+the\s+$",
                          re.IGNORECASE)
_WATCHED_BEFORE = re.compile(r"\b(?:monitoring|tracking|track|detecting|detect|data on|information on|"
                             r"intelligence on|surveillance of|watch for)\s+(?:[\w'’-]+\s+){0,4}$")
_BUSINESS_PRONE = frozenset({"security_partnership", "defense_industrial", "alliance"})
_FORUM_AFTER = re.compile(r"\s+of\s+the\s+(?:Americas|Future|G-?20|BRICS)\b")
_CALLED_OFF = re.compile(r"[^.;]{0,80}?\b(?:was|were|has been|had been)\s+(?:cancell?ed|called off|postponed|"
                         r"scrapped|suspended)\b")
# "a mutual defence treaty between Tokyo and Canberra is not on the table"
_OFF_THE_TABLE = re.compile(r"[^.;]{0,60}?\b(?:(?:is|are|was|were|remains?)\s+(?:not|no longer)\s+on\s+the\s+table|"
                            r"(?:is|are|was|were|remains?)\s+off\s+the\s+table)")
# "would welcome a defence treaty ... if one were ever offered": a conditional, no relation.
_CONDITION_AFTER = re.compile(r"[^.;]{0,60}?\bif\s+(?:one|it|they|such|that)\s+(?:were|was|is|are|ever)\b")
# "any Israeli military presence", "any future alliance": a hypothetical, no relation.
_ANY_BEFORE = re.compile(r"\bany\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
# What ends a negation's reach: a comma, or a second predicate ("refuses to recognise the
# junta but has kept troops there", "... and has kept 1,500 soldiers stationed in Niger").
_SECOND_PREDICATE = re.compile(r"\b(?:but|while|whereas)\b|(?:\band|,)\s+(?:has|have|had|is|are|was|were|will|"
                               r"would|also|still|then)\b")
_NEW_PREDICATE = re.compile(rf"[,;:]|{_SECOND_PREDICATE.pattern}")
_CONTEXT_AFTER = re.compile(
    r"\s+(?:come|comes|came|coincide[sd]?|follow(?:s|ed)?)\s+(?:as|amid|after|just|shortly|"
    r"days|weeks|months|hours|a\s+(?:day|week|month))\b"
)


def is_non_security(text: str, cues: CueBook, cue: CueMatch, start: int, end: int) -> bool:
    """A trade summit, a forum's summit, talks whose stated agenda has no security content, or a
    match; a partnership or a purchase in a sentence about business alone ("Saudi Aramco and
    China's Sinopec signed a strategic partnership on refining")."""
    if cue.relation in _BUSINESS_PRONE and (  # "an alliance of battery suppliers", not "a treaty ally"
            cue.relation != "alliance" or "alliance" in text[cue.start:cue.end].lower()):
        return bool(cues.business.search(text, start, end) and not any(  # the cue's own word aside
            not (cue.start <= m.start() < cue.end) for m in cues.security_topic.finditer(text, start, end)))
    if cue.relation != "summit":
        return False
    if cues.non_security_context.search(text, max(0, cue.start - 25), cue.start):
        return True
    if text[cue.start:cue.end].lower().startswith("summit") and (
            cues.forum_summit.search(text, max(0, cue.start - 40), cue.start)
            or _FORUM_AFTER.match(text, cue.end)  # "the Summit of the Americas"
            or _forum_named_before(text, cues, cue)):
        return True
    off_topic = (cues.non_security_agenda.search(text, start, end)
                 or cues.sport_or_market.search(text, start, end)  # "the two teams met"
                 or cues.business.search(text, start, end))  # "talks between trade envoys"
    return bool(off_topic and not cues.security_topic.search(text, start, end))


def _forum_named_before(text: str, cues: CueBook, cue: CueMatch) -> bool:
    """"the summit's early days" after "the COP28 climate summit": the same forum's summit."""
    if not _THE_BEFORE.search(text, max(0, cue.start - 5), cue.start):
        return False
    earlier = [m.start() for m in _SUMMIT_WORD.finditer(text, 0, cue.start)]
    return bool(earlier) and bool(cues.forum_summit.search(text, max(0, earlier[-1] - 40), earlier[-1]))


def is_name(text: str, cue: CueMatch, sentence_spans: list[ActorSpan]) -> bool:
    """"the Trans-Pacific Partnership", "the Alliance of Small Island States": a name; its
    relation word is no cue unless the name is about security."""
    word = text[cue.start:cue.end]
    if cue.members or cue.relation not in _NAMED_RELATIONS or not word[:1].isupper():  # "The ANZUS treaty"
        return False
    name = _CAPITALISED_BEFORE.search(text, max(0, cue.start - 60), cue.start)
    after = _OF_NAME.match(text, cue.end)
    if not (name or after):
        return False
    whole = text[name.start() if name else cue.start:after.end() if after else cue.end]
    return not _SECURITY_NAME.search(whole) and not any(s.start < cue.start and s.end > (
        name.start() if name else cue.start) for s in sentence_spans)


def is_nato(text: str, cue: CueMatch) -> bool:
    """"the alliance's summit" in a story about NATO, "applied to join the alliance": NATO, no
    alliance between the countries named."""
    if cue.relation != "alliance" or text[cue.start:cue.end].lower() != "alliance":
        return False
    if _JOIN_BEFORE.search(text, max(0, cue.start - 25), cue.start):  # "applied to join the alliance"
        return True
    return (bool(_THE_BEFORE.search(text, max(0, cue.start - 5), cue.start))
            and text.find("NATO", 0, cue.start) >= 0)


def names_grouping(text: str, cue: CueMatch, spans: list[ActorSpan]) -> bool:
    """"the Five Eyes alliance", "the Quad partnership": the grouping's own relation says it."""
    return not cue.members and any(s.grouping and 0 <= cue.start - s.end <= 3
                                   and not text[s.end:cue.start].strip() for s in spans)


def is_talks_topic(text: str, cue: CueMatch, clause_start: int) -> bool:
    """"Modi and Macron discussed defence cooperation", "talks on expanding security ties": what
    a meeting was about is no partnership of its own (the meeting is the summit)."""
    return cue.relation == "security_partnership" and bool(
        _TOPIC_OF_TALKS.search(text, max(clause_start, cue.start - 40), cue.start))


def is_hypothetical(text: str, cue: CueMatch, clause_start: int) -> bool:
    """"any Israeli military presence in the Gulf": no relation; "The drills come as Russia seeks
    ties with Iran": the context of an earlier relation, not a new one (confrontations have
    their own tests)."""
    return cue.relation != "confrontation" and bool(
        _ANY_BEFORE.search(text, max(clause_start, cue.start - 40), cue.start)
        or _CONTEXT_AFTER.match(text, cue.end) or _CONDITION_AFTER.match(text, cue.end))


def is_enabled(text: str, cues: CueBook, cue: CueMatch, clause_start: int) -> bool:
    """"The pact will allow their forces to hold drills": part of the pact's mention (C1)."""
    return cue.relation == "military_exercise" and bool(
        cues.enabling.search(text, max(clause_start, cue.start - 80), cue.start))


def is_negated(text: str, cues: CueBook, cue: CueMatch, clause_start: int) -> bool:
    """A cue its clause denies ("denied reports that Vietnam was negotiating to give U.S.
    warships access") or negates ("did not sign", "join but will not take part"), or a meeting
    called off ("a planned meeting between Wang and Hayashi was cancelled")."""
    if cue.relation != "confrontation" and _OFF_THE_TABLE.match(text, cue.end):
        return True
    if cue.relation == "summit" and _CALLED_OFF.match(text, cue.end):
        return True
    if cue.relation != "confrontation":  # rejecting a threat is a confrontation
        denial = last_match(cues.denial, text, max(clause_start, cue.start - 200), cue.start)
        if denial and not _SECOND_PREDICATE.search(text, denial.end(), cue.start):
            return True
    inner = cues.negation.search(text, cue.start + 1, cue.end)  # "join but will not take part"
    if cue.relation != "confrontation" and inner and not cues.negation_exceptions.search(
            text, max(0, inner.start() - 10), inner.end() + 15):
        return True
    window_start = max(clause_start, cue.start - 60)
    negation = last_match(cues.negation, text, window_start, cue.start)
    if negation is None or _NEW_PREDICATE.search(text, negation.end(), cue.start):
        return False
    return not cues.negation_exceptions.search(text, max(window_start, negation.start() - 10), negation.end() + 15)


def is_idle_confrontation(text: str, cues: CueBook, cue: CueMatch, clause_start: int, start: int,
                          end: int) -> bool:
    """A confrontation cue that reports none: hypothetical ("to deter an attack"), a non-state
    group's act ("Houthi missile and drone attacks on the Emirates"), in a sentence
    about sport or markets, over a dispute that is no security matter ("clashed over farm
    subsidies"), or what others watch ("sharing
    warning data on North Korean missile launches")."""
    return bool(cues.hypothetical.search(text, max(clause_start, cue.start - 60), cue.start)
                or cues.non_state_agent.search(text, max(clause_start, cue.start - 40), cue.start)
                or cues.sport_or_market.search(text, start, end)
                or cues.dispute_topic.match(text, cue.end)
                or _WATCHED_BEFORE.search(text, max(clause_start, cue.start - 50), cue.start))
