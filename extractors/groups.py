"""How the actor references of one sentence group and pair up around a relation cue.

A group is a run of references joined by dashes, lists or titles ("the U.S., Japan and
the Philippines", "U.S.-Japan-ROK"). Two-sided cues (a sale, a basing deal) pair the
countries on either side of them; the functions here decide who pairs with whom.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from extractors.gazetteer import ActorSpan

LIST_GAP = re.compile(r"^(?:\s|,|and|&|as well as|plus|the|\(|\))*$")
_COMPOUND_GAP = re.compile(r"^\s*[-–—/]\s*$")
# Participation that joins a second list to the first: "with forces from", "alongside".
JOINING = re.compile(
    r"\b(?:(?:alongside|joined by|together with|including)\s+(?:[\w-]+\s+){0,3}?"
    r"|(?:with|involv\w*|includ\w*)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:forces|troops|ships|warships|vessels|contingents|personnel|units|navies|militaries|aircraft|jets|"
    r"sailors|soldiers|marines|participants|delegations)\s+)(?:from\s+)?(?:the\s+)?$"
)
POSSESSOR = re.compile(r"['’]s\s+(?:[\w-]+\s+){0,2}")  # "Turkey's purchase of"
RELATIVE_PRONOUN = re.compile(r",\s+(?:which|who)\b")  # "with Japan, which signed"
_GUEST_AFTER = re.compile(r"(?:['’]s)?\s+(?:[\w-]+\s+){0,2}?(?:troops|forces|soldiers|personnel|marines|airmen|"
                          r"sailors|aircraft|jets|warships|navy|army|air force|military|contingents?|battlegroup)\b")
_HELPERS = re.compile(r"\b(?:help|support|assistance) (?:from|of)\s+(?:the\s+)?$|\bfor\s+(?:the\s+)?$")


@dataclass(slots=True)
class Group:
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


def group_spans(text: str, spans: list[ActorSpan]) -> list[Group]:
    """The spans (in text order) gathered into groups."""
    groups: list[Group] = []
    for span in spans:
        if groups and _joins(text, groups[-1], span):
            groups[-1].add(span)
        else:
            group = Group(spans=[])
            group.add(span)
            groups.append(group)
    return groups


def join_participants(text: str, groups: list[Group]) -> list[Group]:
    """Lists of countries joined by participation: "U.S. and Filipino troops began drills,
    with forces from Japan and Australia", "co-hosted by A and B, also involves forces from C"."""
    out: list[Group] = []
    for group in groups:
        previous = next((g for g in reversed(out) if len(g.codes) >= 2), None)
        if (previous and len(group.codes) >= 2
                and JOINING.search(text, max(previous.end, group.start - 40), group.start)):
            for span in group.spans:
                previous.add(span)
        else:
            out.append(group)
    return out


def codes_of(spans: list[ActorSpan]) -> list[str]:
    """The distinct country codes of the spans, in order."""
    return unique(code for s in spans for code in s.codes)


def unique(codes: Iterable[str]) -> list[str]:
    """The codes without repeats, in order."""
    return list(dict.fromkeys(codes))


def supplied(text: str, cue_start: int, cue_end: int, named: list[ActorSpan], parties: list[ActorSpan],
             c_start: int, c_end: int) -> list[list[str]]:
    """"Pakistan's Chinese-made jets": the supplier before the dash and the nearest other country
    (not another maker: "U.S.-built F-16s and Russian Sukhoi fighters")."""
    supplier = next((s for s in named if s.end == cue_start), None)
    if supplier is None:
        return []
    users = [s for s in parties
             if c_start <= s.start and s.end <= c_end and not set(s.codes) & set(supplier.codes)
             and not (s.kind == "demonym" and s.start >= cue_end and " and " in text[cue_end:s.start]
                      and _ANOTHER_MAKE.match(text, s.end))]
    before = [s for s in users if s.end <= supplier.start]
    after = [s for s in users if s.start >= cue_end]
    user = before[-1] if before else after[0] if after else None
    return [unique([*supplier.codes, *user.codes])] if user else []


_ANOTHER_MAKE = re.compile(r"[^,;.]{0,30}?\b(?:jets?|fighters?|missiles?|tanks|drones?|helicopters?|systems?|"
                           r"submarines?|frigates?|warships?|weapons|arms|aircraft|rifles|howitzers)\b")


def spokes(text: str, cue_start: int, spans: list[ActorSpan], actors: list[str],
           plural: bool = False) -> list[list[str]]:
    """"U.S. troops stationed in Japan and South Korea", "Trump phoned both leaders": one
    country before the cue, one pair with each other one (several before it act jointly);
    with a plural cue, "Seoul and Tokyo are bound to Washington by treaties": the one
    apart from the list."""
    before = unique(c for s in spans if s.end <= cue_start for c in s.codes if c in actors)
    if _helped(text, cue_start, spans):
        return []
    if len(before) != 1:
        if not plural:
            return []
        groups = group_spans(text, [s for s in spans if s.end <= cue_start and set(s.codes) <= set(actors)])
        hubs = [g for g in groups if len(g.codes) == 1]
        if len(before) != len(actors) or len(groups) != 2 or len(hubs) != 1:
            return []
        before = hubs[0].codes
    return [sorted({before[0], c}) for c in actors if c != before[0]]


def guest_and_hosts(text: str, spans: list[ActorSpan], actors: list[str]) -> list[list[str]]:
    """"In Senegal and Côte d'Ivoire, where French troops are stationed": one pair of the one
    country whose forces are named (the guest) with each other one (its hosts)."""
    guests = {c for s in spans if _GUEST_AFTER.match(text, s.end) for c in s.codes}
    if len(guests) != 1:
        return []
    (guest,) = guests
    return [sorted([guest, c]) for c in actors if c != guest]


def across(text: str, cue_start: int, spans: list[ActorSpan], actors: list[str]) -> list[list[str]]:
    """Pairs across a two-sided cue: each country before it with each one after it (only the
    one a relative clause or a possessive hangs on: "with Japan, which signed similar deals
    with ...", "Turkey's purchase of jets from Britain")."""
    before = [c for s in spans if s.end <= cue_start for c in s.codes if c in actors]
    owner = [s for s in spans if s.end <= cue_start and (
        RELATIVE_PRONOUN.match(text, s.end) or POSSESSOR.fullmatch(text, s.end, cue_start))]
    if owner:
        before = [c for c in owner[-1].codes if c in actors]
    if _helped(text, cue_start, spans):
        return []
    # After the cue's first word: "supply Australia with frigates".
    after = [c for s in spans if s.start > cue_start for c in s.codes if c in actors]
    if not before or not after:
        return []
    return [sorted({a, b}) for a in unique(before) for b in unique(after) if a != b]


def _helped(text: str, cue_start: int, spans: list[ActorSpan]) -> bool:
    """"acquire submarines with help from the U.S. and Britain", "buy weapons for Ukraine":
    the countries after the cue join one act, not one deal each."""
    first_after = next((s for s in spans if s.start > cue_start), None)
    return bool(first_after and _HELPERS.search(text, max(0, first_after.start - 30), first_after.start))


def _joins(text: str, group: Group, span: ActorSpan) -> bool:
    gap = text[group.end:span.start]
    if _COMPOUND_GAP.match(gap) or LIST_GAP.match(gap):
        return True
    same_country = set(span.codes) <= set(group.spans[-1].codes)
    return same_country and len(gap) <= 40 and not re.search(r"[,;.]\s|\b(and|with|to|in)\b", gap)
