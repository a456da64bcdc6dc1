"""The modality of a relation cue: asserted, planned, speculative or historical."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.cue_matches import CueMatch
from extractors.cues import CueBook

_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PLEDGE = re.compile(r"(?:pledge|vow|commit|promise)", re.IGNORECASE)
_REPORTED_WOULD = re.compile(
    r"\b(?:said|says|saying|told|announced|pledged|pledging|promised|promising|vowed|vowing|declared|"
    r"insisted|assured)\b"
    r"(?:\s+(?:that|on\s+\w+day|parliament|reporters|lawmakers))?\s+(?:[\w.'’-]+\s+){0,4}$"
)
_PRESENT_VERB = re.compile(r"(?:keeps|maintains|hosts|has|have|remains?|operates|runs|leases|uses|relies|rely|"
                           r"depends|shares|share|stations|bases)\b", re.IGNORECASE)
_STANDING_BY = re.compile(
    r"\s+(?:always\s+|still\s+|fully\s+)?(?:honou?r|apply|cover|stand|abide|defend|uphold|remain|"
    r"continue|respect|come to)\b"
)


@dataclass(frozen=True, slots=True)
class ModalityMark:
    """A modality cue of a sentence, read once for all its relation cues."""

    start: int
    end: int
    name: str
    pledge: bool  # "pledged to" / "vowed to": for an alliance, the pledge is the alliance itself


def modality_marks(text: str, cues: CueBook, start: int, end: int, reference_year: int) -> list[ModalityMark]:
    """The modality cues of the sentence text[start:end]; a year counts as historical only
    before `reference_year`."""
    marks = []
    for name, pattern in cues.modality:
        for match in pattern.finditer(text, start, end):
            kind = name
            if kind == "historical" and not _is_past(match.group(), reference_year):
                continue
            pledge = False
            if kind in ("planned", "speculative"):
                if cues.enabling.match(text, match.start()):
                    continue  # "signed a pact that will allow ...": the pact's own modality
                if cues.continuing.match(text, match.start()):
                    kind = "asserted"  # "pledged to deepen their cooperation": it exists
                elif _PLEDGE.match(match.group()):
                    pledge = True
                elif match.group() == "would" and _REPORTED_WOULD.search(
                        text, max(start, match.start() - 60), match.start()):
                    # "said Manila would honour its treaty": a stated position; "said Berlin
                    # would send missiles": an announcement
                    kind = "asserted" if _STANDING_BY.match(text, match.end()) else "planned"
            marks.append(ModalityMark(match.start(), match.end(), kind, pledge))
    return marks


def modality_of(text: str, marks: list[ModalityMark], cue: CueMatch) -> str:
    """The nearest modality mark before the relation cue (else just after it); a report of
    the past dated near the cue is historical."""
    before: tuple[int, str] | None = None
    after: tuple[int, str] | None = None
    dated_past = False
    # "met and agreed to begin talks": they met; "condemned the plan to ...": it condemned
    reach = 10 if cue.relation == "summit" else 0 if cue.relation == "confrontation" else 60
    # "keeps a training unit in Kenya under an agreement renewed in 2021": a present state; a
    # date after its cue dates something else.
    present = bool(_PRESENT_VERB.match(text, cue.start))
    for mark in marks:
        name = "asserted" if mark.pledge and cue.relation == "alliance" else mark.name
        dated_past = dated_past or (name == "historical" and _near(mark, cue, 60)
                                    and not (present and mark.start >= cue.end))
        if cue.start <= mark.start and mark.end <= cue.end:  # "will be based in"
            before = (0, name)
        elif mark.end <= cue.start:
            distance = cue.start - mark.end
            if before is None or distance < before[0]:
                before = (distance, name)
        elif mark.start >= cue.end and not (present and name == "historical"):
            distance = mark.start - cue.end
            if distance <= reach and (after is None or distance < after[0]):
                after = (distance, name)
    chosen = (before or after or (0, "asserted"))[1]
    return "historical" if chosen == "asserted" and dated_past else chosen


def _is_past(phrase: str, reference_year: int) -> bool:
    years = [int(y) for y in _YEAR.findall(phrase)]
    return all(year < reference_year for year in years)


def _near(mark: ModalityMark, cue: CueMatch, reach: int) -> bool:
    """Whether a modality mark lies within `reach` characters of a cue."""
    return mark.start - cue.end <= reach and cue.start - mark.end <= reach
