"""Compiled cue patterns from extractors/data/cues.yaml."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from extractors.resources import load_data

RELATIONS = (
    "alliance",
    "security_partnership",
    "summit",
    "military_exercise",
    "defense_industrial",
    "basing_access",
    "intelligence_sharing",
    "confrontation",
)
_WORD_CHAR = re.compile(r"[\w-]")


def last_match(pattern: re.Pattern[str], text: str, start: int, end: int) -> re.Match[str] | None:
    """The last match of `pattern` in text[start:end] (the one nearest what follows)."""
    found = None
    for found in pattern.finditer(text, start, end):
        pass
    return found


@dataclass(frozen=True, slots=True)
class RelationCue:
    relation: str
    pattern: re.Pattern[str]  # case-insensitive, for any text
    lowered: re.Pattern[str]  # the same, for text already in lower case (several times faster)
    weight: float
    dyadic: bool = False
    cameo: str = ""  # CAMEO event code of what this cue reports
    maker: bool = False  # a suffix after a supplier's name: "Chinese-made"
    leaders: bool = False  # a verb whose subject is two or more leaders: "Kishida and Marcos agreed"
    joins_last: bool = False  # "are taking part": joins the last relation of its kind

    def finditer(self, text: str, start: int, end: int, lowered: bool) -> Iterator[re.Match[str]]:
        """Matches in text[start:end] (already lower-cased when `lowered`) that begin a word.

        The start of a word is checked here rather than by a look-behind in the pattern,
        which would keep the regex engine from skipping ahead to a possible first letter.
        """
        pattern = self.lowered if lowered else self.pattern
        if self.maker:
            yield from pattern.finditer(text, start, end)
            return
        pos = start
        while match := pattern.search(text, pos, end):
            if match.start() > 0 and _WORD_CHAR.match(text, match.start() - 1):
                pos = match.start() + 1
                continue
            yield match
            pos = max(match.end(), match.start() + 1)


@dataclass(frozen=True, slots=True)
class CueBook:
    """Every compiled pattern the relation extractor uses."""

    relation_cues: tuple[RelationCue, ...]
    modality: tuple[tuple[str, re.Pattern[str]], ...]
    enabling: re.Pattern[str]
    continuing: re.Pattern[str]
    negation: re.Pattern[str]
    negation_exceptions: re.Pattern[str]
    denial: re.Pattern[str]
    similar_pact: re.Pattern[str]
    plural_agreement: re.Pattern[str]
    hypothetical: re.Pattern[str]
    counter: re.Pattern[str]
    reporting: re.Pattern[str]
    background: re.Pattern[str]
    topic: re.Pattern[str]
    hostile_possession: re.Pattern[str]
    anaphora: re.Pattern[str]
    anaphora_number: re.Pattern[str]
    exercise_anaphora: re.Pattern[str]
    venue: re.Pattern[str]
    observers_before: re.Pattern[str]
    location: re.Pattern[str]
    observers_after: re.Pattern[str]
    non_security_context: re.Pattern[str]
    non_security_agenda: re.Pattern[str]
    forum_summit: re.Pattern[str]
    dispute_topic: re.Pattern[str]
    business: re.Pattern[str]
    security_topic: re.Pattern[str]
    sport_or_market: re.Pattern[str]
    usual_adversaries: frozenset[str]
    non_state_target: re.Pattern[str]
    non_state_agent: re.Pattern[str]
    weapons: re.Pattern[str]
    weapon_makers: dict[str, str]
    cameo_codes: dict[str, str]


def _words(alternatives: list[str] | str, flags: int = 0) -> re.Pattern[str]:
    joined = alternatives if isinstance(alternatives, str) else "|".join(alternatives)
    return re.compile(rf"(?<![\w-])(?:{joined})(?![\w])", flags)


def _open(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A relation cue ending a word; `RelationCue.finditer` checks that it starts one."""
    return re.compile(rf"(?:{pattern})(?![\w])", flags)


def _suffix(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """A cue joined by a dash to the word before it ("-made" in "Chinese-made")."""
    return re.compile(rf"(?<=[\w.])[-–](?:{pattern})(?![\w])", flags)


def _lower_literals(pattern: str) -> str:
    """Lower-case a pattern's literal characters, leaving escapes such as \\W intact."""
    out, i = [], 0
    while i < len(pattern):
        if pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        else:
            out.append(pattern[i].lower())
            i += 1
    return "".join(out)


@cache
def default_cues() -> CueBook:
    """The cue book built from the packaged data."""
    data = load_data("cues.yaml")
    relation_cues = tuple(
        RelationCue(
            relation,
            compile_cue(cue["pattern"], re.IGNORECASE),
            compile_cue(_lower_literals(cue["pattern"])),
            float(cue["weight"]),
            bool(cue.get("dyadic")),
            str(cue.get("cameo") or data["cameo_codes"][relation]),
            bool(cue.get("maker")),
            bool(cue.get("leaders")),
            bool(cue.get("joins_last")),
        )
        for relation in RELATIONS
        for cue in data["relations"][relation]
        for compile_cue in [_suffix if cue.get("maker") else _open]
    )
    # Modality and negation words are matched in lower case only, so that the
    # month "May" or the name "Will" do not read as modal verbs; dates ("In 2013") in any case.
    modality = tuple(
        (name, _words(data["modality"][name], re.IGNORECASE if name == "historical" else 0))
        for name in ("speculative", "planned", "historical", "asserted")
    )
    makers = {name: code for code, names in data["weapon_makers"].items() for name in names}
    return CueBook(
        relation_cues=relation_cues,
        modality=modality,
        enabling=re.compile(rf"(?:{data['enabling']})\b"),
        continuing=re.compile(rf"(?:{data['continuing']})\b"),
        negation=_words(data["negation"]),
        negation_exceptions=_words(data["negation_exceptions"]),
        denial=_words(data["denial"]),
        similar_pact=_words(data["similar_pact"], re.IGNORECASE),
        plural_agreement=re.compile(data["plural_agreement"], re.IGNORECASE),
        hypothetical=re.compile(rf"\b(?:{data['hypothetical']})$", re.IGNORECASE),
        counter=_words(data["counter_cues"], re.IGNORECASE),
        reporting=_words(data["reporting_verbs"]),
        background=re.compile(rf"['’]?s?\s+(?:{data['background_verbs']})\b"),
        topic=re.compile(rf"\b(?:{data['topic_prepositions']})\s+(?:the\s+|a\s+|an\s+)?$", re.IGNORECASE),
        hostile_possession=re.compile(
            rf"['’]s\s+(?:\w+\s+){{0,2}}?(?:{data['hostile_possessions']})\b", re.IGNORECASE
        ),
        anaphora=_words([*data["anaphora"], data["exercise_anaphora"]], re.IGNORECASE),
        exercise_anaphora=re.compile(data["exercise_anaphora"], re.IGNORECASE),
        anaphora_number=re.compile(r"\b(two|three|four|five|both)\b", re.IGNORECASE),
        observers_before=re.compile(rf"\b(?:{data['observers_before']})\s+(?:the\s+)?$", re.IGNORECASE),
        observers_after=re.compile(rf"[^,;.]{{0,40}}?\b(?:{data['observers_after']})\b", re.IGNORECASE),
        location=re.compile(rf"\b(?:{data['location_prepositions']})\s+(?:the\s+)?$", re.IGNORECASE),
        venue=re.compile(rf"(?:^|\W)(?:{data['venue_prepositions']})\s+(?:the\s+)?$", re.IGNORECASE),
        non_security_context=re.compile(rf"(?:{data['non_security_context']})\s+$", re.IGNORECASE),
        non_security_agenda=re.compile(
            rf"\b(?:{data['agenda_verbs']})\s+(?:[\w,-]+\s+){{0,3}}?(?:{data['non_security_context']})\b",
            re.IGNORECASE,
        ),
        business=_words(data["business_topics"], re.IGNORECASE),
        dispute_topic=re.compile(
            rf"\s+(?:over|about|on)\s+(?:[\w-]+\s+){{0,3}}?(?:{data['non_security_context']})\b", re.IGNORECASE),
        forum_summit=re.compile(rf"\b(?:{data['forum_summits']})\s+(?:[\w-]+\s+)?$"),
        security_topic=_words(data["security_topics"], re.IGNORECASE),
        sport_or_market=_words(data["sport_or_market"], re.IGNORECASE),
        usual_adversaries=frozenset(data["usual_adversaries"]),
        non_state_target=re.compile(
            rf"\s+(?:(?:against|on|at|targeting)\s+)?(?:the\s+)?(?:[\w-]+\s+)?(?:{data['non_state_targets']})\b"
        ),
        non_state_agent=re.compile(rf"\b(?:{data['non_state_targets']})(?:['’]s?)?\s+(?:[\w-]+\s+){{0,3}}?$"),
        weapons=re.compile(rf"(?<![\w-])(?:{'|'.join(sorted(map(re.escape, makers), key=len, reverse=True))})"
                           r"(?![\w-])"),
        weapon_makers=makers,
        cameo_codes={relation: str(code) for relation, code in data["cameo_codes"].items()},
    )
