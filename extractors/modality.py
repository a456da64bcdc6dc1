"""The modality of a relation cue: asserted, planned, speculative or historical."""

from __future__ import annotations

import re

from extractors.cue_matches import CueMatch
from extractors.cues import CueBook

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PLEDGE = re.compile(r"(?:pledge|vow|commit|promise)", re.IGNORECASE)
_REPORTED_WOULD = re.compile(
    r"\b(?:said|says|saying|told|announced|pledged|pledging|promised|promising|vowed|vowing|declared|"
    r"insisted|assured)\b"
    r"(?:\s+(?:that|on\s+\w+day|parliament|reporters|lawmakers))?\s+(?:[\w.'’-]+\s+){0,4}$"
)
_STANDING_BY = re.compile(
    r"\s+(?:always\s+|still\s+|fully\s+)?(?:honou?r|apply|cover|stand|abide|defend|uphold|remain|"
    r"continue|respect|come to)\b"
)


def modality_of(text: str, cues: CueBook, cue: CueMatch, start: int, end: int, reference_year: int) -> str:
    """The nearest modality cue in text[start:end] before the relation cue (else just after
    it); a report of the past dated before `reference_year` near the cue is historical."""
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    dated_past = False
    # "met and agreed to begin talks": they met; "condemned the plan to ...": it condemned
    reach = 10 if cue.relation == "summit" else 0 if cue.relation == "confrontation" else 60
    for name, pattern in cues.modality:
        for match in pattern.finditer(text, start, end):
            if name == "historical" and not _is_past(match.group(), reference_year):
                continue
            if name in ("planned", "speculative"):
                if cues.enabling.match(text, match.start()):
                    continue  # "signed a pact that will allow ...": the pact's own modality
                if cues.continuing.match(text, match.start()):
                    name = "asserted"  # "pledged to deepen their cooperation": it exists
                elif cue.relation == "alliance" and _PLEDGE.match(match.group()):
                    name = "asserted"  # "vowed to come to each other's defence": the pledge is the alliance
                elif match.group() == "would" and _REPORTED_WOULD.search(
                        text, max(start, match.start() - 60), match.start()):
                    # "said Manila would honour its treaty": a stated position; "said Berlin
                    # would send missiles": an announcement
                    name = "asserted" if _STANDING_BY.match(text, match.end()) else "planned"
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


def _is_past(phrase: str, reference_year: int) -> bool:
    years = [int(y) for y in _YEAR.findall(phrase)]
    return all(year < reference_year for year in years)


def _near(match: re.Match[str], cue: CueMatch, reach: int) -> bool:
    """Whether a pattern match lies within `reach` characters of a cue."""
    return match.start() - cue.end <= reach and cue.start - match.end() <= reach
