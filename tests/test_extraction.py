"""Relation extraction on the seed article and on the hard patterns of news text."""

from __future__ import annotations

from datetime import date

import pytest

from extractors import extract_mentions
from extractors.sentences import split_sentences


def pairs(text: str, published: date | None = None) -> set[tuple[str, str]]:
    return {("-".join(m.actors), m.relation) for m in extract_mentions(text, published)}


def test_seed_article_mentions(seed_text: str) -> None:
    found = pairs(seed_text, date(2024, 4, 5))
    assert {
        ("JPN-USA", "summit"),
        ("JPN-PHL-USA", "summit"),
        ("JPN-PHL-USA", "security_partnership"),
        ("JPN-USA", "alliance"),
        ("JPN-KOR-USA", "security_partnership"),
        ("AUS-GBR-JPN-USA", "defense_industrial"),
        ("AUS-JPN-PHL-USA", "military_exercise"),
    } <= found


def test_seed_boilerplate_yields_nothing(seed_text: str) -> None:
    tail = seed_text[seed_text.index("Leave a Reply"):]
    assert extract_mentions(tail) == []
    for mention in extract_mentions(seed_text):
        assert "Leave a Reply" not in mention.sentence and "Back To Top" not in mention.sentence


def test_evidence_offsets_point_into_the_text(seed_text: str) -> None:
    for mention in extract_mentions(seed_text):
        assert seed_text[mention.start:mention.end] == mention.sentence
        assert 0 < mention.confidence <= 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The U.S.-Japan-Philippines summit opened on Thursday.", ("JPN-PHL-USA", "summit")),
        ("Leaders hailed the US–Japan–Philippines security pact on Friday.", ("JPN-PHL-USA", "security_partnership")),
        ("The PH-US-Japan maritime drills ended on Sunday.", ("JPN-PHL-USA", "military_exercise")),
        ("The U.S.-Japan-ROK trilateral partnership was launched at Camp David.", ("JPN-KOR-USA", "security_partnership")),
        ("AUKUS partners agreed to co-develop hypersonic missiles with Japan.", ("AUS-GBR-JPN-USA", "defense_industrial")),
        ("Quad foreign ministers held talks in Tokyo on Monday.", ("AUS-IND-JPN-USA", "summit")),
        ("Tokyo and Manila signed a reciprocal access agreement.", ("JPN-PHL", "basing_access")),
        ("Marcos and Kishida agreed to share intelligence on Chinese vessels.", ("JPN-PHL", "intelligence_sharing")),
        ("The Pentagon and the JSDF will hold joint drills next month.", ("JPN-USA", "military_exercise")),
    ],
)
def test_compounds_blocs_and_metonyms(text: str, expected: tuple[str, str]) -> None:
    assert expected in pairs(text, date(2024, 4, 1))


def test_confrontation_pairs_opposing_sides_only() -> None:
    text = "China warned the United States and Japan against interfering in the Taiwan Strait."
    assert pairs(text) == {("CHN-USA", "confrontation"), ("CHN-JPN", "confrontation")}
    text = "Chinese coast guard ships fired water cannon at a Philippine supply boat near Second Thomas Shoal."
    assert pairs(text) == {("CHN-PHL", "confrontation")}


def test_n_ary_grouping_is_one_mention() -> None:
    text = "The United States, Japan and the Philippines agreed to hold joint naval drills in the South China Sea."
    mentions = extract_mentions(text)
    assert [(m.actors, m.relation, m.modality) for m in mentions] == [
        (("JPN", "PHL", "USA"), "military_exercise", "planned")
    ]


def test_modality() -> None:
    def modality(text: str) -> str:
        (mention,) = extract_mentions(text, date(2024, 6, 1))
        return mention.modality

    assert modality("Japan and Australia signed a defence pact on Tuesday.") == "asserted"
    assert modality("Japan and Australia will sign a defence pact next month.") == "planned"
    assert modality("Japan and Australia could sign a defence pact, analysts said.") == "speculative"
    assert modality("The security treaty between Japan and the United States was signed in 1960.") == "historical"


def test_negated_relations_are_not_mentions() -> None:
    assert pairs("Officials ruled out a trilateral pact between Japan, South Korea and China.") == set()
    assert pairs("Vietnam has no plans to join military drills with the United States.") == set()


def test_places_and_false_friends_are_not_actors() -> None:
    assert pairs("Michael Jordan and Georgia fans held talks in Atlanta about the season.") == set()
    assert pairs("Japan Airlines and Korean Air agreed a code-share partnership.") == set()
    text = "Chinese ships patrolled the South China Sea as the Philippines protested."
    assert pairs(text) == {("CHN-PHL", "confrontation")}


def test_sentences_survive_abbreviations() -> None:
    text = "The U.S. and Japan met. Ferdinand Marcos Jr. said the U.S. Navy would help. It did."
    sentences = [text[a:b] for a, b in split_sentences(text)]
    assert sentences == ["The U.S. and Japan met.", "Ferdinand Marcos Jr. said the U.S. Navy would help.", "It did."]


def test_no_security_content_no_mentions() -> None:
    text = (
        "Japan's exports to the United States rose 4% in May, while shipments to China fell, "
        "the finance ministry said. Economists expect the yen to weaken further."
    )
    assert extract_mentions(text) == []


def test_cameo_crosswalk() -> None:
    codes = {m.relation: m.cameo_code for m in extract_mentions(
        "Chinese coast guard ships fired water cannon at a Philippine boat on Monday. "
        "Japan and Australia agreed to share intelligence on Chinese naval movements.")}
    assert codes == {"confrontation": "175", "intelligence_sharing": "064"}


def test_people_introduced_with_their_country_stand_for_it_later() -> None:
    text = ("MANILA - U.S. Defense Secretary Lloyd Austin and his Philippine counterpart Gilberto Teodoro Jr. "
            "toured a naval base on Monday. Later, Austin and Teodoro signed an intelligence-sharing pact.")
    assert ("PHL-USA", "intelligence_sharing") in pairs(text)
    # A name seen before its introduction, or never introduced, is no one's.
    assert pairs("Austin and Teodoro signed an intelligence-sharing pact.") == set()
