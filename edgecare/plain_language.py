"""Spot professional jargon and hard-to-read text in words written for families.

Plan goals, actions, contingency plans and closure letters are read by parents and
young people, often under stress. The checker only suggests: a worker may keep a term
(a family may already know what a "child protection plan" is), so nothing is rewritten.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

# (term, plain alternative). Terms match as whole words, whatever their case; an acronym
# (ASB, CAMHS) also matches with dots ("A.S.B.") and a section of an Act ("s47") with a dot or
# a space ("S.47", "s 47"). See find_jargon, and CAPITALS_ONLY for the exceptions.
DEFAULT_GLOSSARY: tuple[tuple[str, str], ...] = (
    # Plans, processes and legal steps
    ("child in need plan", "a plan to help your child and family"),
    ("CIN", "a plan to help your child (child in need plan)"),
    ("child protection plan", "a plan to keep your child safe (child protection plan)"),
    ("child protection", "keeping children safe from harm"),
    ("CP", "child protection: keeping children safe from harm"),
    ("CPP", "a plan to keep your child safe (child protection plan)"),
    ("section 47", "a safeguarding enquiry: when we look into worries about a child's safety"),
    ("s47", "a safeguarding enquiry: when we look into worries about a child's safety"),
    ("section 17", "help for a child in need and their family"),
    ("s17", "help for a child in need and their family"),
    ("section 20", "when a child lives in care with your agreement"),
    ("s20", "when a child lives in care with your agreement"),
    ("section 21 notice", "a letter from a landlord saying you must leave your home"),
    ("s21 notice", "a letter from a landlord saying you must leave your home"),
    ("NOSP", "a letter from a landlord saying they plan to take you to court to end your tenancy"),
    ("strategy meeting", "a meeting between services to decide what to do about a worry"),
    ("strategy discussion", "a talk between services to decide what to do about a worry"),
    ("core group", "the small group of people, including you, who make the plan happen"),
    ("MASH", "the team that first looks at worries about a child"),
    ("LADO", "the person who looks into worries about an adult who works with children"),
    ("IRO", "the person who checks that a child in care has a good plan (their reviewing officer)"),
    ("PLO", "a formal meeting about going to court, where you can bring a solicitor"),
    (
        "public law outline",
        "a formal meeting about going to court, where you can bring a solicitor",
    ),
    ("SGO", "a court order that lets a relative or friend bring up a child"),
    ("CAO", "a court order that says who a child lives with or spends time with"),
    ("threshold", "the level of worry where we have to act"),
    ("NFA", "no further action: we will not be doing anything more"),
    ("step down", "moving to lighter support as things get better"),
    ("stepped down", "moved to lighter support as things got better"),
    ("early help", "extra support early on, before things get harder"),
    ("EHA", "a first talk about what help your family needs (early help assessment)"),
    ("CAF", "a first talk about what help your family needs (common assessment)"),
    ("TAF", "the meeting of you and the people helping your family (team around the family)"),
    ("TAC", "the meeting of you and the people helping your child (team around the child)"),
    ("FGC", "family group conference: a family meeting to make your own plan"),
    ("family group conference", "a family meeting to make your own plan"),
    # Care and living away from home
    ("LAC", "a child living in care"),
    ("CLA", "a child living in care"),
    ("looked after child", "a child living in care"),
    ("looked after children", "children living in care"),
    ("accommodated", "living in care"),
    ("placement", "where your child is living"),
    ("placement breakdown", "when a child has to move from where they are living"),
    # Services and people
    ("CAMHS", "the children's mental health service"),
    ("GP", "your doctor (better still, say their name)"),
    ("YOS", "the youth justice team"),
    ("YOT", "the youth justice team"),
    ("YJS", "the youth justice team"),
    ("MST", "multisystemic therapy: intensive support at home for the whole family"),
    ("multisystemic therapy", "family therapy at home: support for the whole family"),
    ("edge of care", "at risk of going into care: say what you will do to help instead"),
    ("FIP", "the family support team (family intervention project)"),
    ("IFPS", "the family support team: intensive help at home for a short time"),
    ("EHCP", "education, health and care plan: a plan for your child's extra help at school"),
    ("SEND", "special educational needs and disabilities"),
    ("PEP", "the school plan for a child in care (personal education plan)"),
    ("multi-agency", "the different services helping you"),
    ("key worker", "your worker"),
    ("lead professional", "your main worker"),
    ("practitioner", "worker"),
    ("practitioners", "workers"),
    ("service user", "you"),
    ("service users", "families"),
    ("stakeholders", "the people involved"),
    # Harm and risk
    ("safeguarding", "keeping safe"),
    ("risk assessment", "looking at what could go wrong and how to stop it"),
    ("ASB", "anti-social behaviour: trouble that upsets neighbours or the area"),
    ("CSE", "child sexual exploitation: when a child is tricked or forced into sexual activity"),
    ("CCE", "child criminal exploitation: when a child is pushed into crime by others"),
    ("DV", "domestic abuse"),
    ("domestic violence", "domestic abuse"),
    ("protective factors", "things that help keep you safe"),
    ("risk factors", "things that make harm more likely"),
    ("parenting capacity", "how well you can look after your child right now"),
    ("presenting needs", "what you need help with"),
    ("disguised compliance", "seeming to go along with the plan without really changing"),
    ("non-compliance", "not doing what the plan asks"),
    # Workers' habits of speech
    ("intervention", "support"),
    ("interventions", "support"),
    ("outcomes", "what will be different"),
    ("engage", "take part"),
    ("engaged", "took part"),
    ("engagement", "taking part"),
    ("facilitate", "help"),
    ("facilitated", "helped"),
    ("escalate", "pass the worry on to someone more senior"),
    ("holistic", "looking at everything in your family's life"),
    ("in order to", "to"),
    ("commence", "start"),
    ("commenced", "started"),
    ("utilise", "use"),
    ("utilised", "used"),
    ("regarding", "about"),
    ("prior to", "before"),
)

# Acronyms that are also words, matched only in capitals: "send a letter", "a pep talk",
# "mash the potatoes" are plain English. Others are words or names in a language families
# write in: "lac" (a lake, in French names), "Cao" (a surname), "lado" (Spanish), "caf" and
# "Taf" (Welsh, as in "caf i" and Afon Taf).
CAPITALS_ONLY: frozenset[str] = frozenset(
    {"SEND", "PEP", "MASH", "LAC", "CAO", "LADO", "CAF", "TAF"}
)

# A glossary entry: (term, plain) or (term, plain, capitals only). A pair is capitals only when
# its term is in CAPITALS_ONLY; an organisation's own term says so itself (plans.JargonTerm).
GlossaryEntry = tuple[str, str] | tuple[str, str, bool]

_ACRONYM = re.compile(r"[A-Z]{2,6}")
# "s47", "s.21": a section of an Act, written the way workers write it.
_SECTION = re.compile(r"[sS]\.?(\d{1,3})")


@dataclass(frozen=True)
class JargonHit:
    term: str
    plain: str
    start: int
    end: int


def _token_pattern(token: str) -> str:
    if _ACRONYM.fullmatch(token):
        # "ASB" or "A.S.B." (the last dot optional), never half-dotted.
        return rf"(?:{token}|{re.escape('.'.join(token))}\.?)"
    section = _SECTION.fullmatch(token)
    if section:
        return rf"s(?:\.\s?|\s)?{section.group(1)}"
    return re.escape(token)


def _term_pattern(term: str, *, capitals_only: bool) -> re.Pattern[str]:
    tokens = term.split()
    body = r"\s+".join(_token_pattern(token) for token in tokens)
    # Lookarounds rather than \b: terms may start or end with non-word characters. A section
    # is not the end of a possessive ("Mum's 47th"), and "A.S.B" is not the start of "A.S.B.O".
    before = r"(?<![\w'’])" if _SECTION.fullmatch(tokens[0]) else r"(?<!\w)"
    after = r"(?!\w|\.\w)" if _ACRONYM.fullmatch(tokens[-1]) else r"(?!\w)"
    return re.compile(f"{before}{body}{after}", 0 if capitals_only else re.IGNORECASE)


def _entries(
    glossary: Iterable[GlossaryEntry],
) -> tuple[tuple[str, str, bool], ...]:
    entries = []
    for entry in glossary:
        term, plain = entry[0], entry[1]
        capitals_only = bool(entry[2]) if len(entry) > 2 else term in CAPITALS_ONLY
        entries.append((" ".join(term.split()), plain, capitals_only))
    return tuple(entries)


@lru_cache(maxsize=16)
def _compiled(
    entries: tuple[tuple[str, str, bool], ...],
) -> tuple[tuple[re.Pattern[str], str, str, bool], ...]:
    return tuple(
        (_term_pattern(term, capitals_only=capitals_only), term, plain, capitals_only)
        for term, plain, capitals_only in entries
        if term
    )


def _bare(text: str) -> str:
    return re.sub(r"[.\s]", "", text)


def _really_the_term(found: str, term: str, *, capitals_only: bool) -> bool:
    # Unicode case-insensitive matching also equates lookalikes (the long s "ſ" with "s");
    # only accept matches that really are the term, so highlighted offsets stay honest.
    if capitals_only:
        return _bare(found) == _bare(term)
    return _bare(found).lower() == _bare(term).lower()


def find_jargon(text: str, glossary: Iterable[GlossaryEntry] = DEFAULT_GLOSSARY) -> list[JargonHit]:
    """Jargon in ``text``, sorted by position, longest term winning where terms overlap."""
    candidates: list[JargonHit] = []
    for pattern, term, plain, capitals_only in _compiled(_entries(glossary)):
        for match in pattern.finditer(text):
            if _really_the_term(match.group(), term, capitals_only=capitals_only):
                candidates.append(JargonHit(term, plain, match.start(), match.end()))
    # Longest first, then leftmost, so "child protection plan" claims its span before
    # "child protection" or "protection plan" can.
    candidates.sort(key=lambda hit: (-(hit.end - hit.start), hit.start))
    chosen: list[JargonHit] = []
    for hit in candidates:
        if all(hit.end <= other.start or hit.start >= other.end for other in chosen):
            chosen.append(hit)
    return sorted(chosen, key=lambda hit: hit.start)


# Flesch Reading Ease bands, after Flesch (1948). A 60+ score is roughly what most
# adults read comfortably, so it is the target for anything written to a family.
READING_EASE_BANDS: tuple[tuple[float, str], ...] = (
    (90, "Very easy"),
    (80, "Easy"),
    (70, "Fairly easy"),
    (60, "Plain English"),
    (50, "Fairly hard"),
)
TARGET_READING_EASE = 60.0
LONG_SENTENCE_WORDS = 25

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# A sentence ends at . ! ? followed by space or the end, or at a line break (lists and
# bullet points rarely carry full stops, but each line is read as a unit).
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"')\]’”]*\s+|\n+")


@dataclass(frozen=True)
class Readability:
    flesch_reading_ease: float | None
    words: int
    sentences: int
    long_sentences: int

    @property
    def label(self) -> str:
        score = self.flesch_reading_ease
        if score is None:
            return "No text yet"
        for floor, name in READING_EASE_BANDS:
            if score >= floor:
                return name
        return "Hard to read"

    @property
    def meets_target(self) -> bool:
        return self.flesch_reading_ease is not None and (
            self.flesch_reading_ease >= TARGET_READING_EASE
        )


def count_syllables(word: str) -> int:
    """Estimate spoken syllables in an English word. A heuristic, good enough for Flesch."""
    letters = re.sub(r"[^a-z]", "", word.lower())
    if len(letters) <= 3:
        return 1
    # A "y" before a vowel is a consonant ("yellow", "beyond").
    letters = re.sub(r"y(?=[aeiou])", "_", letters)
    count = len(re.findall(r"[aeiouy]+", letters))
    if _has_silent_ending(letters):
        count -= 1
    return max(count, 1)


def _has_silent_ending(letters: str) -> bool:
    # A consonant + "le" is voiced ("table", "settled", "struggles"), but not after "l".
    if re.search(r"[^aeiouyl]l(?:e|es|ed)$", letters):
        return False
    # Silent final e: "make", "whole", "there" (but "free" keeps its vowel sound).
    if re.search(r"[^aeiouy]e$", letters):
        return True
    # "-es" is voiced after hissing sounds ("cases", "boxes", "changes", "services").
    if letters.endswith("es"):
        stem = letters[:-2]
        return bool(re.search(r"[^aeiouysxzcg]$", stem)) and not stem.endswith(("ch", "sh"))
    # "-ed" is voiced after t and d ("wanted", "needed").
    if letters.endswith("ed"):
        return bool(re.search(r"[^aeiouytd]$", letters[:-2]))
    return False


def _sentences(text: str) -> list[list[str]]:
    sentences = []
    for chunk in _SENTENCE_BREAK.split(text):
        words = _WORD.findall(chunk)
        if words:
            sentences.append(words)
    return sentences


def readability(text: str) -> Readability:
    sentences = _sentences(text)
    words = [word for sentence in sentences for word in sentence]
    if not words:
        return Readability(None, words=0, sentences=0, long_sentences=0)
    syllables = sum(count_syllables(word) for word in words)
    score = 206.835 - 1.015 * (len(words) / len(sentences)) - 84.6 * (syllables / len(words))
    return Readability(
        flesch_reading_ease=round(score, 1),
        words=len(words),
        sentences=len(sentences),
        long_sentences=sum(1 for sentence in sentences if len(sentence) > LONG_SENTENCE_WORDS),
    )


@dataclass(frozen=True)
class PlainLanguageReport:
    hits: tuple[JargonHit, ...]
    readability: Readability

    @property
    def has_jargon(self) -> bool:
        return bool(self.hits)


def check_text(
    text: str, glossary: Iterable[GlossaryEntry] = DEFAULT_GLOSSARY
) -> PlainLanguageReport:
    """Jargon and readability together: the one call a view or form needs."""
    return PlainLanguageReport(
        hits=tuple(find_jargon(text, glossary)), readability=readability(text)
    )


_ENDS_A_SENTENCE = re.compile(r"[.!?…][\"'’”)\]]*$")


def as_sentence(text: str) -> str:
    """`text` ending with one full stop: a worker's own words often end with one already, and
    a page that adds its own must not print two ("no arrests..")."""
    text = text.rstrip()
    if not text or _ENDS_A_SENTENCE.search(text):
        return text
    return f"{text}."
