import dataclasses
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from edgecare.plain_language import (
    CAPITALS_ONLY,
    DEFAULT_GLOSSARY,
    JargonHit,
    PlainLanguageReport,
    Readability,
    check_text,
    count_syllables,
    find_jargon,
    readability,
)


def terms(text: str) -> list[str]:
    return [hit.term for hit in find_jargon(text)]


# Glossary


def test_glossary_has_at_least_forty_entries():
    assert len(DEFAULT_GLOSSARY) >= 40


def test_glossary_terms_are_unique_ignoring_case():
    lowered = [term.lower() for term, _ in DEFAULT_GLOSSARY]
    assert len(lowered) == len(set(lowered))


def test_every_glossary_term_has_a_plain_alternative():
    assert all(term.strip() and plain.strip() for term, plain in DEFAULT_GLOSSARY)


def test_every_glossary_term_is_found_in_a_sentence_that_uses_it():
    for term, plain in DEFAULT_GLOSSARY:
        hits = find_jargon(f"We talked about {term} today.")
        assert any(hit.term == term and hit.plain == plain for hit in hits), term


# Acronyms


def test_uppercase_acronym_is_flagged():
    assert terms("Your CP plan is reviewed monthly.") == ["CP"]


def test_lowercase_acronym_is_flagged_too():
    assert terms("Your cp plan and the camhs letter") == ["CP", "CAMHS"]


def test_acronym_inside_a_word_is_not_flagged():
    assert terms("Lactose and lacquer and CPR and ACIN") == []


def test_an_acronym_that_is_also_a_word_or_name_is_flagged_only_in_capitals():
    assert terms("Lac Léman is a lake.") == []
    assert terms("A pep talk, then mash the potatoes and send a letter to Mr Cao.") == []
    assert terms("The PEP, the MASH, the SEND team and the CAO") == ["PEP", "MASH", "SEND", "CAO"]


def test_an_acronym_that_is_also_a_word_is_flagged_in_capitals_with_dots():
    assert terms("S.E.N.D. support and a P.E.P.") == ["SEND", "PEP"]


def test_lowercase_send_is_an_ordinary_verb():
    assert terms("We will send you a letter about SEND support.") == ["SEND"]


def test_acronym_in_brackets_is_flagged():
    hits = find_jargon("A child in need plan (CIN) was agreed.")
    assert [(hit.term, hit.start, hit.end) for hit in hits] == [
        ("child in need plan", 2, 20),
        ("CIN", 22, 25),
    ]


def test_acronym_with_possessive_apostrophe_is_flagged():
    assert terms("CAMHS' waiting list and the YOT's worker") == ["CAMHS", "YOT"]


def test_acronym_with_curly_possessive_is_flagged():
    assert terms("CAMHS’s letter") == ["CAMHS"]


def test_acronym_followed_by_a_full_stop_is_flagged():
    assert terms("Referred to MASH.") == ["MASH"]


def test_non_acronym_terms_match_any_case():
    assert terms("SAFEGUARDING and Safeguarding and safeguarding") == ["safeguarding"] * 3


def test_lowercase_acronym_style_term_that_is_not_all_caps_matches_any_case():
    assert terms("An S47 began; the s47 ended.") == ["s47", "s47"]


# The acronyms of English children's services (issue 16)

LISTED_ACRONYMS = [
    "ASB", "CAF", "EHA", "TAF", "TAC", "CIN", "CP", "CPP", "LAC", "CLA", "NOSP", "EHCP",
    "SEND", "PEP", "YOT", "YJS", "MASH", "LADO", "IRO", "CSE", "CCE", "SGO", "CAO", "PLO",
    "CAMHS", "GP", "FGC", "MST", "FIP", "IFPS",
]  # fmt: skip
EVERYDAY_WORDS = {"SEND", "PEP", "MASH"}


def dotted(acronym: str) -> str:
    return ".".join(acronym) + "."


def test_every_listed_acronym_is_in_the_glossary_with_plain_words():
    glossary = dict(DEFAULT_GLOSSARY)
    for acronym in LISTED_ACRONYMS:
        assert glossary.get(acronym, "").strip(), acronym


@pytest.mark.parametrize("acronym", LISTED_ACRONYMS)
def test_every_listed_acronym_is_found_in_a_sentence_with_and_without_dots(acronym):
    plain = dict(DEFAULT_GLOSSARY)[acronym]
    for written in (acronym, dotted(acronym), ".".join(acronym)):
        text = f"We went to the {written} meeting on Monday."
        hits = find_jargon(text)
        assert [(hit.term, hit.plain) for hit in hits] == [(acronym, plain)], written
        assert text[hits[0].start : hits[0].end].rstrip(".") == written.rstrip(".")


@pytest.mark.parametrize("acronym", sorted(set(LISTED_ACRONYMS) - CAPITALS_ONLY))
def test_every_listed_acronym_that_is_no_word_is_found_in_any_case(acronym):
    for written in (acronym.lower(), acronym.title(), dotted(acronym).lower()):
        assert terms(f"About the {written} today.") == [acronym], written


def test_the_acronyms_that_are_everyday_words_match_only_in_capitals():
    assert EVERYDAY_WORDS <= CAPITALS_ONLY
    for word in EVERYDAY_WORDS:
        assert terms(f"We {word.lower()} it, {word.title()} it, and talk about {word}.") == [word]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("After the s47 we met.", "s47"),
        ("After the S47 we met.", "s47"),
        ("After the s.47 we met.", "s47"),
        ("After the S. 47 we met.", "s47"),
        ("After the s 47 we met.", "s47"),
        ("Help under s17 and s.20.", "s17"),
        ("She was given a s.21 notice.", "s21 notice"),
        ("She was given an S21 notice.", "s21 notice"),
        ("She was given a section 21 notice.", "section 21 notice"),
    ],
)
def test_sections_of_an_act_are_found_with_or_without_a_dot_or_space(text, term):
    assert terms(text)[0] == term


def test_a_section_number_is_not_found_in_a_possessive_or_a_longer_number():
    assert terms("Mum's 47th birthday, and Dad's 20 years at work, and s470.") == []


def test_a_dotted_acronym_is_not_found_at_the_start_of_a_longer_one():
    assert terms("An A.S.B.O was given, and a CAFE opened.") == []


def test_a_full_stop_after_an_acronym_is_not_part_of_the_hit():
    text = "He went to CAMHS."
    (hit,) = find_jargon(text)
    assert text[hit.start : hit.end] == "CAMHS"


def test_a_glossary_entry_can_say_capitals_only_itself():
    glossary = [("PIP", "money to help with a disability", True), ("ABC", "a b c", False)]
    assert [hit.term for hit in find_jargon("a pip, a PIP, abc", glossary)] == ["PIP", "ABC"]


# Whole words and overlaps


def test_term_inside_a_longer_word_is_not_flagged():
    assert terms("The engagements and reengage plans") == []


def test_hyphenated_term_is_flagged_whole():
    assert terms("A multi-agency meeting") == ["multi-agency"]


def test_longer_term_beats_the_acronym_and_shorter_phrase_it_contains():
    assert terms("The child protection plan ended.") == ["child protection plan"]


def test_shorter_phrase_is_still_flagged_on_its_own():
    assert terms("Child protection conference") == ["child protection"]


def test_overlapping_terms_starting_at_different_places_keep_the_longest():
    glossary = (("protection plan", "a"), ("child protection", "b"), ("plan review", "c"))
    hits = find_jargon("child protection plan review", glossary)
    assert [hit.term for hit in hits] == ["child protection", "plan review"]


def test_hits_are_sorted_by_position():
    hits = find_jargon("Safeguarding, then CAMHS, then early help.")
    assert [hit.start for hit in hits] == sorted(hit.start for hit in hits)
    assert [hit.term for hit in hits] == ["safeguarding", "CAMHS", "early help"]


def test_hit_offsets_point_at_the_jargon():
    text = "We will facilitate a meeting."
    (hit,) = find_jargon(text)
    assert text[hit.start : hit.end] == "facilitate"
    assert hit == JargonHit("facilitate", "help", 8, 18)


def test_a_custom_glossary_replaces_the_default():
    assert terms("Your CP plan") == ["CP"]
    assert find_jargon("Your CP plan", [("plan", "what we will do")])[0].term == "plan"


def test_a_glossary_can_be_any_iterable():
    glossary = iter([("ascertain", "find out")])
    assert [hit.plain for hit in find_jargon("to ascertain", glossary)] == ["find out"]


def test_empty_terms_in_a_glossary_are_ignored():
    assert find_jargon("anything", [("", "nothing")]) == []


def test_unicode_lookalike_letters_are_not_mistaken_for_the_term():
    # U+017F LATIN SMALL LETTER LONG S case-folds to "s" under re.IGNORECASE.
    assert find_jargon("ſafeguarding") == []


def test_jargon_hits_are_immutable():
    (hit,) = find_jargon("CAMHS")
    with pytest.raises(dataclasses.FrozenInstanceError):
        hit.start = 3  # type: ignore[misc]


_SAMPLE_TERMS = [term for term, _ in DEFAULT_GLOSSARY]
_jargon_soup = st.lists(
    st.one_of(
        st.sampled_from(_SAMPLE_TERMS),
        st.sampled_from(_SAMPLE_TERMS).map(str.lower),
        st.sampled_from(_SAMPLE_TERMS).map(str.upper),
        st.sampled_from(_SAMPLE_TERMS).map(lambda term: ".".join(term)),
        st.sampled_from([" ", "(", ")", "'", "’s", ".", "-", "\n", "x", "ſ", "İ"]),
        st.text(max_size=8),
    ),
    max_size=30,
).map("".join)


@given(st.one_of(st.text(), _jargon_soup))
def test_hits_never_overlap_and_always_match_their_term(text):
    hits = find_jargon(text)
    for earlier, later in zip(hits, hits[1:], strict=False):
        assert earlier.end <= later.start
    for hit in hits:
        found = re.sub(r"[.\s]", "", text[hit.start : hit.end])
        assert found.lower() == re.sub(r"\s", "", hit.term).lower()
        if hit.term in CAPITALS_ONLY:
            assert found == hit.term


# Syllables


@pytest.mark.parametrize(
    ("word", "syllables"),
    [
        ("the", 1),
        ("a", 1),
        ("family", 3),
        ("table", 2),
        ("support", 2),
        ("intervention", 4),
        ("make", 1),
        ("whole", 1),
        ("people", 2),
        ("free", 1),
        ("cases", 2),
        ("makes", 1),
        ("helped", 1),
        ("wanted", 2),
        ("settled", 2),
        ("yellow", 2),
        ("beyond", 2),
        ("Children's", 2),
    ],
)
def test_syllable_estimate_for_common_words(word, syllables):
    assert count_syllables(word) == syllables


def test_a_word_without_vowels_still_counts_as_one_syllable():
    assert count_syllables("CP") == 1
    assert count_syllables("1989") == 1
    assert count_syllables("rhythm") >= 1


# Readability


def test_short_simple_sentences_are_easy_to_read():
    result = readability("We will meet you at home. We will talk about what is going well.")
    assert result.words == 14
    assert result.sentences == 2
    assert result.long_sentences == 0
    assert result.flesch_reading_ease is not None
    assert result.flesch_reading_ease >= 80
    assert result.label in {"Very easy", "Easy"}
    assert result.meets_target


def test_long_bureaucratic_sentence_is_hard_to_read():
    result = readability(
        "In order to facilitate the commencement of a holistic multi-agency intervention, "
        "the lead professional will convene a strategy meeting with relevant stakeholders "
        "to ascertain the appropriateness of escalating the presenting needs to a child "
        "protection investigation under section 47 of the Children Act 1989."
    )
    assert result.sentences == 1
    assert result.long_sentences == 1
    assert result.flesch_reading_ease is not None
    assert result.flesch_reading_ease < 30
    assert result.label == "Hard to read"
    assert not result.meets_target


def test_empty_text_has_no_score():
    result = readability("")
    assert result == Readability(None, words=0, sentences=0, long_sentences=0)
    assert result.label == "No text yet"
    assert not result.meets_target


def test_punctuation_only_has_no_score():
    assert readability("... !! -- ?").flesch_reading_ease is None


def test_lines_without_full_stops_count_as_separate_sentences():
    result = readability("Go to school every day\nSee the nurse\nKeep the house tidy")
    assert result.sentences == 3


def test_sentence_ending_inside_a_quotation_is_split():
    assert readability('She said "I will try." Then she left.').sentences == 2


def test_decimal_numbers_do_not_split_sentences():
    assert readability("The score went from 3.5 to 7 in six weeks.").sentences == 1


def test_only_sentences_over_twenty_five_words_are_long():
    twenty_five = " ".join(["word"] * 25) + "."
    twenty_six = " ".join(["word"] * 26) + "."
    assert readability(twenty_five).long_sentences == 0
    assert readability(f"{twenty_five} {twenty_six}").long_sentences == 1


@pytest.mark.parametrize(
    ("score", "label"),
    [
        (100.0, "Very easy"),
        (90.0, "Very easy"),
        (89.9, "Easy"),
        (80.0, "Easy"),
        (75.0, "Fairly easy"),
        (60.0, "Plain English"),
        (55.0, "Fairly hard"),
        (49.9, "Hard to read"),
        (-20.0, "Hard to read"),
    ],
)
def test_reading_ease_labels_follow_the_flesch_bands(score, label):
    assert Readability(score, words=10, sentences=1, long_sentences=0).label == label


# The combined check


def test_check_text_reports_jargon_and_readability_together():
    report = check_text("Your key worker will facilitate the core group.")
    assert isinstance(report, PlainLanguageReport)
    assert [hit.term for hit in report.hits] == ["key worker", "facilitate", "core group"]
    assert report.has_jargon
    assert report.readability.words == 8


def test_check_text_of_plain_words_has_no_jargon():
    report = check_text("We will help you get Sam to school on time.")
    assert report.hits == ()
    assert not report.has_jargon


def test_check_text_accepts_a_custom_glossary():
    report = check_text("We will ascertain your views.", [("ascertain", "find out")])
    assert [hit.plain for hit in report.hits] == ["find out"]
