"""Relation extraction on the seed article and on the hard patterns of news text."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from extractors import extract_mentions
from extractors.confidence import FEATURES, default_model, feature_vector
from extractors.mentions import extract_candidates
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
    boilerplate = seed_text.index("Leave a Reply")
    assert extract_mentions(seed_text[boilerplate:]) == []
    mentions = extract_mentions(seed_text)
    # Control: the article's last paragraph, right before the boilerplate, does give a mention,
    # so the check below looks at the sentence most at risk of running into the boilerplate.
    last_paragraph = seed_text[:boilerplate].rstrip().rindex("\n\n")
    assert any(last_paragraph < m.start < boilerplate for m in mentions)
    for mention in mentions:
        assert "Leave a Reply" not in mention.sentence and "Back To Top" not in mention.sentence


def test_evidence_offsets_point_into_the_text(seed_text: str) -> None:
    mentions = extract_mentions(seed_text)
    assert len(mentions) >= 7  # at least the seed's pairs of test_seed_article_mentions
    for mention in mentions:
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
        ("The ANZUS treaty still binds Australia, New Zealand and the United States.", ("AUS-NZL-USA", "alliance")),
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
    # A reported "would" is an announcement; a hedge after it still hedges.
    assert modality("France said it would send military equipment to Armenia.") == "planned"
    assert modality("France said it would consider sending military equipment to Armenia.") == "speculative"
    # A present state stays asserted when a date after it dates something else.
    assert modality("France keeps 1,500 troops in Djibouti under an agreement renewed in 2011.") == "asserted"


def test_negated_relations_are_not_mentions() -> None:
    assert pairs("Officials ruled out a trilateral pact between Japan, South Korea and China.") == set()
    assert pairs("Vietnam has no plans to join military drills with the United States.") == set()
    assert pairs("Wang Yi cancelled a planned meeting with his Japanese counterpart Yoshimasa Hayashi.") == set()
    assert pairs("Q: Does Japan plan joint drills with Vietnam?") == set()  # a question asserts nothing
    assert pairs("Officials say a mutual defence treaty between Tokyo and Canberra is not on the table.") == set()
    assert pairs("SK Hynix will form an alliance with a U.S. start-up to develop memory chips in South Korea.") == set()
    # What talks were about is no partnership of its own; the talks are the summit.
    assert pairs("Modi and Macron discussed defence cooperation during talks in Marseille.") == {("FRA-IND", "summit")}
    # Controls: the same sentences without the negation are mentions.
    assert pairs("Officials announced a trilateral pact between Japan, South Korea and China.") == {
        ("CHN-JPN-KOR", "security_partnership")}
    assert pairs("Vietnam plans to join military drills with the United States.") == {("USA-VNM", "military_exercise")}
    assert pairs("Wang Yi held a meeting with his Japanese counterpart Yoshimasa Hayashi.") == {("CHN-JPN", "summit")}
    assert pairs("A: Japan plans joint drills with Vietnam.") == {("JPN-VNM", "military_exercise")}
    assert pairs("India and France agreed to deepen defence cooperation.") == {("FRA-IND", "security_partnership")}
    assert pairs("Officials say a mutual defence treaty between Tokyo and Canberra is on the table.") == {
        ("AUS-JPN", "alliance")}


def test_places_and_false_friends_are_not_actors() -> None:
    assert pairs("Michael Jordan and Georgia fans held talks in Atlanta about the season.") == set()
    assert pairs("Japan Airlines and Korean Air agreed a code-share partnership.") == set()
    assert pairs("Japan and South Korea agreed a security partnership.") == {("JPN-KOR", "security_partnership")}
    text = "Chinese ships patrolled the South China Sea as the Philippines protested."
    assert pairs(text) == {("CHN-PHL", "confrontation")}


def test_where_something_happens_is_no_party_except_a_host_of_forces() -> None:
    assert pairs("Biden and Zelensky signed a security agreement at a meeting in southern Italy.") == {
        ("UKR-USA", "security_partnership"), ("UKR-USA", "summit")}
    assert pairs("Xi and Biden will hold talks in Osaka, Japan, in June.") == {("CHN-USA", "summit")}
    # Controls: a host of forces is a party; so is a country listed after another.
    assert pairs("Swedish troops will be stationed in northern Finland.") == {("FIN-SWE", "basing_access")}
    assert pairs("The United States signed defence pacts with Norway, Denmark and Finland in Oslo, Norway.") == {
        ("DNK-USA", "security_partnership"), ("FIN-USA", "security_partnership"), ("NOR-USA", "security_partnership")}


def test_a_relative_clause_relates_the_country_it_hangs_on() -> None:
    text = "Japan's ally the United States, which keeps 28,500 troops in South Korea and 54,000 in Japan, was consulted."
    assert pairs(text) == {("KOR-USA", "basing_access"), ("JPN-USA", "basing_access")}
    # Control: without the relative clause the same countries hold the same relation.
    assert pairs("The United States keeps 28,500 troops in South Korea and 54,000 in Japan.") == pairs(text)


def test_an_epithet_stands_for_the_country_an_article_is_about() -> None:
    text = ("Qatar has deepened its defence ties with Europe. Qatar's army is small. Qatar borders Saudi Arabia. "
            "French aircraft are stationed in the emirate.")
    assert ("FRA-QAT", "basing_access") in pairs(text)
    # Control: with no country named clearly most, the epithet stays unresolved.
    assert ("FRA-QAT", "basing_access") not in pairs("Qatar borders Saudi Arabia. French aircraft are stationed in the emirate.")


def test_the_pact_is_the_last_agreement_the_article_named() -> None:
    text = ("Japan and South Korea signed a military intelligence-sharing pact in 2016. "
            "Washington lobbied hard to keep the pact alive between Tokyo and Seoul.")
    assert pairs(text) == {("JPN-KOR", "intelligence_sharing")}
    # Control: with no earlier agreement, "the pact" is a security partnership.
    assert pairs("Washington lobbied hard to keep the pact alive between Tokyo and Seoul.") == {
        ("JPN-KOR", "security_partnership")}


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
    # Control: the same text about arms exports is security content.
    assert pairs(text.replace("Japan's exports", "Japan's arms exports")) == {("JPN-USA", "defense_industrial")}


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


def test_maker_suffix_names_a_supplier_not_a_combatant() -> None:
    text = ("Pakistan's military said its Chinese-made J-10C fighters had shot down several Indian aircraft, "
            "including French-built Rafale jets.")
    assert pairs(text) == {
        ("CHN-PAK", "defense_industrial"), ("FRA-IND", "defense_industrial"), ("IND-PAK", "confrontation")
    }


def test_treaty_coverage_of_attacks_is_no_attack() -> None:
    text = "The State Department said the 1951 U.S.-Philippines Mutual Defense Treaty extends to armed attacks on Philippine vessels."
    assert pairs(text) == {("PHL-USA", "alliance")}
    assert pairs("Seoul and Tokyo signed the pact to deter North Korean aggression.") == {("JPN-KOR", "security_partnership")}


def test_summoning_an_envoy_named_by_country() -> None:
    assert pairs("Moldova summoned Russia's ambassador on Thursday.") == {("MDA-RUS", "confrontation")}
    assert pairs("Seoul summoned the Russian ambassador to demand the withdrawal.") == {("KOR-RUS", "confrontation")}


def test_one_side_of_a_confrontation_named_twice_refers_back() -> None:
    text = ("The United States, Japan and the Philippines held talks on Monday. China accused the three countries "
            "of hyping up maritime issues to smear China.")
    assert {("CHN-USA", "confrontation"), ("CHN-JPN", "confrontation"), ("CHN-PHL", "confrontation")} <= pairs(text)


def test_hub_and_spoke_gives_one_pair_per_spoke() -> None:
    assert pairs("Chinese police advisers are also working in Kiribati and Vanuatu.") == {
        ("CHN-KIR", "security_partnership"), ("CHN-VUT", "security_partnership")
    }
    assert pairs("About 28,000 U.S. troops are stationed in Japan and South Korea.") == {
        ("JPN-USA", "basing_access"), ("KOR-USA", "basing_access")
    }
    text = "Thailand and Cambodia agreed to a ceasefire. Trump said he had spoken by phone to both leaders."
    assert {("THA-USA", "summit"), ("KHM-USA", "summit")} <= pairs(text)


def test_similar_pacts_take_the_last_agreement_not_the_last_meeting() -> None:
    text = ("The Philippines and New Zealand signed a visiting forces agreement on Wednesday. "
            "The two defence chiefs met at Camp Aguinaldo. "
            "Manila already has similar pacts with the United States and Australia, while a reciprocal access "
            "agreement with Japan is awaiting ratification.")
    found = pairs(text, date(2025, 4, 17))
    assert {("PHL-USA", "basing_access"), ("AUS-PHL", "basing_access"), ("JPN-PHL", "basing_access")} <= found
    assert ("PHL-USA", "summit") not in found and ("AUS-PHL-USA", "basing_access") not in found


def test_clauses_joined_by_and_keep_their_own_parties() -> None:
    text = ("Senegal has also asked France to close its bases on its territory this year, and Ivory Coast is due "
            "to take over the main French base in Abidjan next month.")
    assert pairs(text, date(2025, 1, 31)) == {("FRA-SEN", "basing_access"), ("CIV-FRA", "basing_access")}


def test_observers_datelines_and_venues_are_no_parties() -> None:
    text = ("Forces from Japan and Australia are taking part in the drills, while observers from India, "
            "Thailand and Vietnam will watch.")
    assert pairs(text) == {("AUS-JPN", "military_exercise")}
    text = "PUTRAJAYA, Malaysia (Reuters) - Thailand and Cambodia agreed to a ceasefire after talks on Monday."
    assert pairs(text) == {("KHM-THA", "summit")}
    text = "Hegseth and Chinese Defence Minister Dong Jun met on Saturday at a security gathering in Malaysia."
    assert pairs(text) == {("CHN-USA", "summit")}  # the meeting counts; its venue is no party


def test_forces_joining_an_exercise_are_parties() -> None:
    text = ("Thousands of Filipino and American troops began joint exercises on Monday, "
            "with forces from Japan and Australia also taking part.")
    assert pairs(text) == {("AUS-JPN-PHL-USA", "military_exercise")}


def test_named_security_grouping_reports_its_relation() -> None:
    text = "Japan and Australia are close partners and, together with India and the United States, make up the Quad."
    assert ("AUS-IND-JPN-USA", "security_partnership") in pairs(text)


def test_numbered_anaphor_resolves_within_its_sentence() -> None:
    text = ("Trump stood between Armenian Prime Minister Nikol Pashinyan and Azerbaijani President Ilham Aliyev, "
            "after talks in which the three leaders agreed on a transit route.")
    assert pairs(text, date(2025, 8, 8)) == {("ARM-AZE-USA", "summit")}


def test_talks_with_a_non_security_agenda_are_no_summit() -> None:
    text = "Aliyev spoke by phone with Ukrainian President Volodymyr Zelensky; the two discussed energy projects and trade."
    assert pairs(text, date(2025, 7, 2)) == set()
    # Control: the same call with no stated agenda is a summit.
    text = "Aliyev spoke by phone with Ukrainian President Volodymyr Zelensky."
    assert pairs(text, date(2025, 7, 2)) == {("AZE-UKR", "summit")}


def test_strikes_and_airspace_violations() -> None:
    assert pairs("Russia fired dozens of cruise missiles and drones at Ukraine overnight.") == {("RUS-UKR", "confrontation")}
    text = "Poland said a Russian cruise missile had violated Polish airspace near the village of Oserdow."
    assert pairs(text) == {("POL-RUS", "confrontation")}
    text = "Tehran suspended cooperation with inspectors after Israel and the United States bombed its nuclear sites."
    assert pairs(text) == {("IRN-ISR", "confrontation"), ("IRN-USA", "confrontation")}


def test_the_drills_are_those_of_the_last_exercise() -> None:
    text = ("South Korea, Japan and the United States began their Freedom Edge exercise on Wednesday. "
            "North Korea condemned the drills as a rehearsal for invasion.")
    assert {("KOR-PRK", "confrontation"), ("JPN-PRK", "confrontation"), ("PRK-USA", "confrontation")} <= pairs(text)
    text = ("Japan, the Philippines and the United States will hold joint coast guard drills off Luzon. "
            "Australia was invited to join but will not take part in the drills this year.")
    assert pairs(text) == {("JPN-PHL-USA", "military_exercise")}


def test_places_near_a_country_are_no_party() -> None:
    text = "U.S. and Philippine troops will practise retaking an island in Batanes, near Taiwan, during joint drills."
    assert pairs(text) == {("PHL-USA", "military_exercise")}


def test_leaders_acting_together_have_met() -> None:
    text = ("Japanese Prime Minister Fumio Kishida and President Ferdinand Marcos Jr. agreed on Friday "
            "to begin negotiations on a reciprocal access agreement.")
    assert ("JPN-PHL", "summit") in pairs(text, date(2023, 11, 4))
    text = "Finnish Defence Minister Antti Hakkanen signed the deal with US Secretary of State Antony Blinken."
    assert pairs(text) == {("FIN-USA", "summit")}
    text = ("US Secretary of State Marco Rubio said he had spoken repeatedly to Indian External Affairs Minister "
            "S. Jaishankar and Pakistani Prime Minister Shehbaz Sharif during the crisis.")
    assert pairs(text) == {("IND-USA", "summit"), ("PAK-USA", "summit")}


def test_ambiguous_name_in_a_list_of_countries_is_a_country() -> None:
    text = "The leaders of the United States, Egypt, Qatar and Turkey signed a document at the summit."
    assert ("EGY-QAT-TUR-USA", "summit") in pairs(text)


def test_a_relative_clause_on_a_country_adds_no_party() -> None:
    """Russia's invasion in the relative clause is RUS-UKR only; "its pact with Germany" is Poland's."""
    text = ("Poland, which has become a big military spender since Russia's full-scale invasion of Ukraine, "
            "regards the treaty as a complement to its pact with Germany.")
    assert pairs(text) == {("RUS-UKR", "confrontation"), ("DEU-POL", "security_partnership")}


def test_an_appositive_ally_takes_no_side() -> None:
    text = "Thailand, a U.S. treaty ally, accused Cambodia of firing rockets at civilian areas."
    found = pairs(text)
    assert ("KHM-THA", "confrontation") in found and ("KHM-USA", "confrontation") not in found


def test_lists_joined_by_participation_form_one_party() -> None:
    text = ("The biennial exercise, co-hosted by Australia and the United States, also involves forces from "
            "Britain, Canada and Japan.")
    assert pairs(text) == {("AUS-CAN-GBR-JPN-USA", "military_exercise")}


def test_modality_of_enabled_and_continued_relations() -> None:
    def modality(text: str, relation: str) -> str:
        return next(m.modality for m in extract_mentions(text, date(2024, 7, 8)) if m.relation == relation)

    text = "Japan and the Philippines signed a pact on Monday that will allow the deployment of troops on each other's soil."
    assert modality(text, "basing_access") == "asserted"
    assert modality("Japan and India pledged to deepen their security cooperation.", "security_partnership") == "asserted"
    text = "Kishida and Marcos met in Manila and agreed to begin negotiations on a defence pact."
    assert modality(text, "summit") == "asserted"
    assert modality("In 2013, Jakarta recalled its ambassador from Canberra.", "confrontation") == "historical"


def test_who_reports_a_relation_between_others_is_no_party() -> None:
    text = "China's foreign ministry said Japan and the Philippines would hold joint drills next month."
    assert pairs(text) == {("JPN-PHL", "military_exercise")}
    text = "France said it had continued to provide Ukraine with intelligence."
    assert pairs(text) == {("FRA-UKR", "intelligence_sharing")}


def test_a_verb_phrase_after_and_shares_the_subject() -> None:
    text = ("Trump said he would consult Ukrainian President Volodymyr Zelensky and European leaders, "
            "and raised the prospect of a three-way meeting with Putin and Zelensky.")
    assert ("RUS-UKR-USA", "summit") in pairs(text, date(2025, 8, 16))


def test_what_a_pact_makes_possible_is_no_separate_exercise() -> None:
    text = "Once ratified, the pact will allow Japanese and Philippine forces to conduct live-fire drills together."
    assert pairs(text) == {("JPN-PHL", "security_partnership")}  # the pact's mention, no exercise of its own
    # Control: the drills stated on their own are an exercise.
    assert pairs("Japanese and Philippine forces will conduct live-fire drills together.") == {
        ("JPN-PHL", "military_exercise")}
    text = "Chinese ships carried out dangerous blocking manoeuvres against Philippine boats."
    assert pairs(text) == {("CHN-PHL", "confrontation")}


def test_a_weapon_system_names_its_maker_in_an_arms_deal() -> None:
    text = "Lee told reporters Singapore intends to buy F-35 fighter jets to replace its ageing F-16s."
    assert pairs(text, date(2019, 9, 24)) == {("SGP-USA", "defense_industrial")}
    assert pairs("Italy and France sent firefighting aircraft to Greece.") == set()


def test_a_grouping_named_with_a_relation_word_keeps_its_own_relation() -> None:
    text = "Trump said the AUKUS submarine pact with Australia and Britain was moving full steam ahead."
    assert pairs(text, date(2025, 10, 21)) == {("AUS-GBR-USA", "security_partnership")}
    text = "FBI Director Christopher Wray met the chiefs of the other Five Eyes alliance agencies."
    found = pairs(text)
    assert ("AUS-CAN-GBR-NZL-USA", "intelligence_sharing") in found  # Five Eyes' own relation
    assert ("AUS-CAN-GBR-NZL-USA", "alliance") not in found


def test_accusations_concerns_and_expulsions() -> None:
    text = "An act of sabotage that Prime Minister Donald Tusk blamed on Russian intelligence services hit Warsaw."
    assert pairs(text, date(2025, 11, 26)) == {("POL-RUS", "confrontation")}
    assert pairs("Tallinn could expel Russian diplomats, Estonia said.") == {("EST-RUS", "confrontation")}
    assert pairs("French services foiled several Russian-backed plots this year.") == {("FRA-RUS", "confrontation")}


def test_an_official_visit_is_a_meeting_with_the_host() -> None:
    text = "U.S. Defense Secretary Mark Esper visited Seoul last week to discuss the alliance."
    assert ("KOR-USA", "summit") in pairs(text, date(2019, 11, 22))
    text = "Some 3.2 million Japanese tourists visited South Korea last year, and Korean visitors flocked to Japan."
    assert pairs(text) == set()
    assert pairs("Trump said he could meet Putin soon to try to end the war.", date(2025, 5, 16)) == {
        ("RUS-USA", "summit")
    }


def test_ship_prefixes_and_attack_submarines() -> None:
    text = "From 2027, the United States and Britain will rotate nuclear-powered attack submarines through HMAS Stirling, a naval base."
    assert pairs(text, date(2024, 8, 12)) == {("AUS-GBR-USA", "basing_access")}
    text = "The USS Gravely arrived in Port of Spain for several days of drills with the Trinidad and Tobago Defence Force."
    assert ("TTO-USA", "military_exercise") in pairs(text)


def test_an_ambiguous_capital_acting_as_a_government_is_a_country() -> None:
    text = "Washington has signalled it could provide intelligence support to Ukraine."
    assert pairs(text) == {("UKR-USA", "intelligence_sharing")}
    text = "The United States and India signed an agreement to share sensitive satellite and map data."
    assert ("IND-USA", "intelligence_sharing") in pairs(text)


def test_arms_deals_buyer_and_joint_helpers() -> None:
    text = "Athens has also voiced concern over Turkey's purchase of 20 Eurofighter Typhoon jets from Britain."
    found = pairs(text)
    assert ("GBR-TUR", "defense_industrial") in found and ("GBR-GRC", "defense_industrial") not in found
    text = ("Australia will acquire nuclear-powered submarines with help from the United States and Britain, "
            "a move that tore up a French contract.")
    assert ("AUS-GBR-USA", "defense_industrial") in pairs(text, date(2021, 9, 17))
    text = "Teodoro said Manila was considering acquiring a U.S. mid-range missile system."
    assert pairs(text) == {("PHL-USA", "defense_industrial")}
    text = "Relations soured after Cambodia demolished a U.S.-funded facility at the base in 2020."
    assert pairs(text, date(2025, 4, 6)) == {("KHM-USA", "defense_industrial")}


def test_strikes_on_non_state_groups_are_no_confrontation_between_countries() -> None:
    text = ("The United States, which carries out air strikes against al Shabaab militants in coordination with "
            "the Somali government, also shares intelligence with Somali forces.")
    assert pairs(text) == {("SOM-USA", "intelligence_sharing")}
    text = "The pact came a week after Israel struck Hamas leaders in Doha, the capital of Qatar."
    assert ("ISR-QAT", "confrontation") in pairs(text)


def test_bare_participation_joins_the_last_exercise() -> None:
    text = ("Thousands of American and Filipino troops launched their Balikatan exercises on Monday. "
            "About 16,700 personnel are taking part, including contingents from Australia and France, "
            "while observers from Japan and India will watch.")
    assert ("AUS-FRA-PHL-USA", "military_exercise") in pairs(text, date(2024, 4, 22))
    assert pairs("Officials from Japan and India are taking part.") == set()


def test_plural_treaties_bind_each_listed_country_to_the_one_apart() -> None:
    text = "Both Seoul and Tokyo are bound to Washington by mutual defence treaties."
    found = pairs(text + " The U.S. said so.")
    assert {("KOR-USA", "alliance"), ("JPN-USA", "alliance")} <= found and ("JPN-KOR-USA", "alliance") not in found


def test_security_groups_support_and_commitments() -> None:
    text = "Rubio and Mexican President Claudia Sheinbaum agreed to set up a high-level security group."
    assert ("MEX-USA", "security_partnership") in pairs(text, date(2025, 9, 4))
    text = "The Pentagon said the deployment underscored Washington's \"ironclad commitment\" to Israel's defence."
    assert ("ISR-USA", "security_partnership") in pairs(text)
    text = "Somalia's parliament approved a defence and economic cooperation agreement with Turkey."
    assert ("SOM-TUR", "security_partnership") in pairs(text + " Ankara welcomed it.")


def test_country_forms_opening_other_names_are_not_actors() -> None:
    text = ("Editors of the British Medical Journal and the Washington Post discussed the Paris Agreement "
            "before the Tokyo Olympics, Japan and France said.")
    assert pairs(text) == set()
    assert pairs("The Paris Agreement was discussed as China and India met.") == {("CHN-IND", "summit")}


def test_a_trailing_attribution_names_no_party() -> None:
    text = ("Xi told Biden that Taiwan was the most dangerous issue and urged Washington to stop arming "
            "the self-ruled island, according to a Chinese readout.")
    assert ("TWN-USA", "defense_industrial") in pairs(text)
    assert ("CHN-TWN-USA", "defense_industrial") not in pairs(text)


def test_confidence_is_the_models_probability_and_low_candidates_are_dropped() -> None:
    text = Path(__file__).parent.joinpath("annotated", "set_a.jsonl").read_text(encoding="utf-8")
    article = json.loads(text.splitlines()[0])["text"]
    model = default_model()
    candidates = extract_candidates(article)
    assert candidates and all(len(feature_vector(s)) == len(FEATURES) for _, s in candidates)
    expected = [(m.actors, m.relation, round(model.probability(s), 2)) for m, s in candidates
                if model.probability(s) >= model.threshold]
    assert [(m.actors, m.relation, m.confidence) for m in extract_mentions(article)] == expected
