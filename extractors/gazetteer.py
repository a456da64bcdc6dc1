"""Actor recognition: country names, demonyms, metonyms, leaders and named groupings.

Surface forms come from extractors/data (countries.yaml, leaders.yaml,
groupings.yaml, cues.yaml:place_names) and are matched case-sensitively as whole
words, longest first, with one Aho-Corasick pass over the text; a form that opens another
name (cues.yaml:name_suffixes: "Paris Agreement", "Washington Post") is no actor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache

import ahocorasick

from extractors.resources import load_data

# Compound-only short forms ("PH-US-Japan"): too ambiguous to match alone.
COMPOUND_ONLY_FORMS = {
    "PH": "PHL", "JP": "JPN", "AU": "AUS", "ROK": "KOR", "UK": "GBR", "US": "USA",
    "IN": "IND", "VN": "VNM", "NZ": "NZL", "KR": "KOR", "TW": "TWN", "CN": "CHN",
    # Combining forms: "Anglo-Portuguese", "Franco-German", "Sino-Russian".
    "Anglo": "GBR", "Franco": "FRA", "Sino": "CHN", "Russo": "RUS", "Italo": "ITA", "Greco": "GRC",
    "Turco": "TUR", "Luso": "PRT", "Hispano": "ESP", "Austro": "AUT",
}
_DASHES = "-–—/"


@dataclass(frozen=True, slots=True)
class ActorSpan:
    """One actor reference found in text."""

    start: int
    end: int
    codes: tuple[str, ...]
    kind: str  # country | demonym | metonym | leader | grouping | compound_form | company
    grouping: str | None = None
    ambiguous: bool = False


@dataclass(frozen=True, slots=True)
class _Entry:
    codes: tuple[str, ...]
    kind: str
    grouping: str | None = None
    ambiguous: bool = False
    start: date | None = None
    end: date | None = None


class Gazetteer:
    """Finds actor references; build it once with `default_gazetteer()`."""

    def __init__(self, countries: dict, leaders: list, groupings: dict, place_names: list[str],
                 name_suffixes: list[str] | None = None, private_people: str | None = None,
                 arms_makers: dict[str, list[str]] | None = None):
        self.names: dict[str, str] = {code: entry["name"] for code, entry in countries.items()}
        # "Paris Agreement", "British Medical Journal": a country form opening another name.
        self._name_suffix = re.compile(rf" (?:{'|'.join(name_suffixes)})\b") if name_suffixes else None
        # "a US public health expert": a person the country form describes, no actor.
        self._private_person = (re.compile(rf" (?:[a-z][\w-]* ){{0,2}}(?:{private_people})\b")
                                if private_people else None)
        self.groupings: dict[str, dict] = groupings
        forms: dict[str, list[_Entry]] = {}

        def add(form: str, entry: _Entry) -> None:
            form = form.strip()
            if form.lower().startswith("the "):
                form = form[4:]
            if form:
                forms.setdefault(form, []).append(entry)

        for code, entry in countries.items():
            ambiguous = set(entry.get("ambiguous") or [])
            for kind, key in (("country", "aliases"), ("demonym", "demonyms"), ("metonym", "metonyms")):
                for form in entry.get(key) or []:
                    add(form, _Entry((code,), kind, ambiguous=form in ambiguous))
        for leader in leaders:
            for form in leader["names"]:
                add(form, _Entry((leader["country"],), "leader", start=_as_date(leader.get("start")),
                                 end=_as_date(leader.get("end"))))
        for name, group in groupings.items():
            for form in group["aliases"]:
                add(form, _Entry(tuple(sorted(group["members"])), "grouping", grouping=name))
        for code, makers in (arms_makers or {}).items():
            for form in makers:
                add(form, _Entry((code,), "company"))
        for form in place_names:
            forms[form] = [_Entry((), "place")]
        for form, code in COMPOUND_ONLY_FORMS.items():
            forms.setdefault(form, [_Entry((code,), "compound_form")])

        self._automaton = ahocorasick.Automaton()
        for form, entries in forms.items():
            self._automaton.add_word(form, (form, tuple(entries)))
        self._automaton.make_automaton()

    def find(self, text: str, published: date | None = None) -> list[ActorSpan]:
        """Actor references in `text`, in order, places and false friends removed."""
        raw: list[tuple[int, int, _Entry]] = []
        for last, (form, entries) in self._automaton.iter_long(text):
            start, end = last - len(form) + 1, last + 1
            if not _is_whole_word(text, start, end):
                continue
            raw.append((start, end, _pick_entry(entries, published)))
        spans: list[ActorSpan] = []
        for index, (start, end, entry) in enumerate(raw):
            if entry.kind == "place" or _is_type_suffix(text, end) or (
                    self._name_suffix and self._name_suffix.match(text, end)):
                continue
            if entry.kind == "compound_form" and not _in_compound(text, start, end, raw, index):
                continue
            if (entry.kind == "country" and _METAPHOR.match(text, end)
                    and _THE_BEFORE.search(text, max(0, start - 6), start)):
                continue  # "the Switzerland of the Middle East": a figure of speech
            if entry.kind == "country" and _NAME_PREFIX.search(text, max(0, start - 20), start):
                continue  # "Air India", "Bank of Japan", "Team USA": a company, a bank, a team
            if (entry.kind in ("country", "demonym") and self._private_person
                    and self._private_person.match(text, end)):
                continue
            spans.append(ActorSpan(start, end, entry.codes, entry.kind, entry.grouping, entry.ambiguous))
        return spans


@cache
def default_gazetteer() -> Gazetteer:
    """The gazetteer built from the packaged data files."""
    return Gazetteer(
        load_data("countries.yaml"),
        load_data("leaders.yaml"),
        load_data("groupings.yaml"),
        load_data("cues.yaml")["place_names"],
        load_data("cues.yaml")["name_suffixes"],
        load_data("cues.yaml")["private_people"],
        load_data("arms_makers.yaml"),
    )


def _as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _pick_entry(entries: tuple[_Entry, ...], published: date | None) -> _Entry:
    """The entry whose term covers the publication date, else the latest one."""
    if len(entries) == 1 or published is None:
        return entries[-1]
    for entry in entries:
        if (entry.start is None or entry.start <= published) and (entry.end is None or published <= entry.end):
            return entry
    return entries[-1]


def _is_whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    # "U.S" inside "U.S." is not a match of "U.S" (handled by longest match) but
    # a form ending without a dot must not be followed by ".X" ("U.K" in "U.K.-").
    return not (after == "." and end + 1 < len(text) and text[end + 1].isalpha())


_TYPE_SUFFIX = re.compile(
    r"[-–](type|like|style|esque|inspired|model|brokered|mediated|born|owned|operated|registered|era)\b")


_METAPHOR = re.compile(r" of (?:the )?(?:Middle East|Gulf|Balkans|Caribbean|Pacific|Americas|Africa|Asia|Europe|"
                       r"East|West|North|South|region|world)\b")
_THE_BEFORE = re.compile(r"\bthe\s+[“\"]?$", re.IGNORECASE)
_NAME_PREFIX = re.compile(r"\b(?:Air|Bank of|Team|Miss|Mister|University of|Made in)\s+(?:the\s+)?$")


def _is_type_suffix(text: str, end: int) -> bool:
    """'an AUKUS-type alliance' names a model, 'US-brokered talks' a mediator: not parties."""
    return bool(_TYPE_SUFFIX.match(text, end))


def _in_compound(text: str, start: int, end: int, raw: list, index: int) -> bool:
    """True when a short form is joined by a dash to another actor ('PH-US-Japan')."""
    neighbours = []
    if index > 0:
        neighbours.append((raw[index - 1][1], start))
    if index + 1 < len(raw):
        neighbours.append((end, raw[index + 1][0]))
    return any(0 < b - a <= 2 and text[a:b].strip() in tuple(_DASHES) for a, b in neighbours)
