"""Entity mentions: spaCy's named entities, repaired and typed from the document's own evidence.

The statistical model is one voice among several. For each name the document
offers evidence (a title before it, a descriptor such as "prison" or "cartel"
inside or after it, an apposition "Tren de Aragua, a ... gang", a context such
as "members of X" or "Aurora, Colorado", the place gazetteer) and one name gets
one type per document: the type with the most evidence over all its mentions.
Spans are repaired first (titles split off, Spanish particles and quoted
nicknames kept inside a name, "Southern District" + "of New York" joined), and
title-case headlines only contribute names the body confirms.

Stages, in order (see `find_mentions`):
    candidates  per block: the model's entities, repaired, and names it missed after
                a title or descriptor ("Police Chief Ana Ruiz", "the gang Tren de
                Aragua"), each with the evidence around it
    rule spans  quoted nicknames, datelines, watch-list names, "aka"/"(FBI)" aliases
    decide      one type per name (and per name linked by "aka"), document-wide; a
                bare surname takes its person's type unless its own context disagrees
    spread      other occurrences of decided names and surnames the model missed
    headlines   names in title-case lines, only as the body confirms them
The tables (titles, descriptors, particles, ...) are data: rules/entities.yaml.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

import simplemma
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Token

from caseboard import budget
from caseboard.aliases import acronym_of, looks_like_acronym, syllabic_acronym_of
from caseboard.gazetteer import COUNTRY, REGION, STATE, Gazetteer, gazetteer
from caseboard.model import Mention
from caseboard.names import fold, name_key, name_words
from caseboard.nlp import Annotated, Block, hyphen_joined
from caseboard.rules import load_table
from caseboard.rules.entities import EntityRules, load_rules

# spaCy label -> caseboard type; labels not listed (NORP, DATE, MONEY...) are not entities.
SPACY_TYPES: dict[str, str] = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "FAC",
}

# Labels the model gives a name it misreads as a thing ("the Cozzolino clan": PRODUCT).
_MISREAD_LABELS = frozenset(("PRODUCT", "WORK_OF_ART"))

# A lower-case letter followed by a capital inside a word: one is a name ("McDonald"), two
# are words run together ("JusticeFederalImmigration").
_RUN_TOGETHER = re.compile(r"[a-z][A-Z]")

# A web address or a piece of code left in the text ("no_upscale()/s3/static.nrc.nl"): no name.
_CODE = re.compile(r"_|\(\)|://|www\.|\w/\S*\.\w")

# Weights of each kind of evidence. The model's label counts once per mention but
# at most MODEL_CAP times: its errors repeat, so repetition is weak evidence.
MODEL, MODEL_CAP = 1.0, 2.5
TITLE = NICKNAME = HEAD = 4.0
APPOSITION = 3.0
CONTEXT = 2.0
NEAR_PLACE = 1.0  # "in X", for a name the gazetteer knows (added to its weight)
WATCH = 100.0

# Priority when spans overlap: watch-list > rule-built spans > the model's.
BY_MODEL, BY_RULE, BY_WATCH = 1, 2, 3

# A capitalised word, or an initial ("J."); names never run over a line break.
_CAP_WORD = r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž]\.|[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*)"
_GAP = r"[ \t]+"
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_PREV_WORD = re.compile(r"([^\W\d_][\w'’.-]*)[ \t]+$")
_NEXT_WORD = re.compile(r"[ \t]+([^\W\d_][\w'’-]*)")
_SMALL_WORDS = frozenset(
    "a an and as at but by de del for from in la of on or the to vs via with y e da do".split()
)


@dataclass
class Candidate:
    """A span that may name an entity, with the evidence about its type."""

    start: int
    end: int
    votes: Counter[str] = field(default_factory=Counter)
    label: str | None = None  # the model's type, if the model found it
    priority: int = BY_MODEL
    same_as: int | None = None  # start of a candidate the text says is the same entity


# ---- spans from the model, repaired ----------------------------------------


def _phrase_at(doc: Doc, i: int, table: set[str], longest: int) -> int:
    """Length of the longest phrase from `table` starting at token i (0 if none)."""
    for n in range(min(longest, len(doc) - i), 0, -1):
        if " ".join(fold(t.text) for t in doc[i : i + n]) in table:
            return n
    return 0


def _title_at(doc: Doc, i: int, rules: EntityRules) -> int:
    """Length of the title ("sheriff", "Commissioner of Police") starting at token i (0 if none)."""
    if i >= len(doc) or fold(doc[i].text) not in rules.title_starts:
        return 0
    return _phrase_at(doc, i, rules.titles, rules.longest_title)


def _phrase_before(doc: Doc, i: int, table: set[str], longest: int) -> int:
    """Length of the longest phrase from `table` ending right before token i."""
    for n in range(min(longest, i), 0, -1):
        if " ".join(fold(t.text) for t in doc[i - n : i]) in table:
            return n
    return 0


def _capitalised(token_text: str) -> bool:
    return token_text[:1].isupper()


def _head_type(doc: Doc, i: int, j: int, rules: EntityRules) -> str | None:
    """The type a naming head inside [i, j) gives: last word(s) ("Aurora Police Department",
    "Southern District") or a first word before a particle ("Cártel de Sinaloa")."""
    heads = rules.naming_heads
    if j - i >= 2:
        # a head before a particle first: "Cártel del Golfo" is a cartel, not a gulf; in languages
        # whose names open with their head, any first-word head ("Fiscalía General de la República")
        head_first = load_table("parse", doc.lang_)["headed_names"]
        if fold(doc[i].text) in heads and (head_first or (j - i >= 3 and fold(doc[i + 1].text) in rules.particles)):
            return heads[fold(doc[i].text)]
        last_two = f"{fold(doc[j - 2].text)} {fold(doc[j - 1].text)}"
        if last_two in heads:
            return heads[last_two]
        if fold(doc[j - 1].text) in heads:
            return heads[fold(doc[j - 1].text)]
    return None


def _noun_phrase_head(doc: Doc, k: int, limit: int = 8) -> int | None:
    """The head noun of the noun phrase starting at token k ("a foreign terrorist
    organization designated ..." -> organization), or None."""
    head = None
    for t in doc[k : min(len(doc), k + limit)]:
        if t.pos_ in ("NOUN", "PROPN"):
            head = t.i
        elif t.pos_ in ("DET", "ADJ", "NUM", "ADV") or t.text in ("-", "–"):
            continue
        else:
            break
    return head


def _apposition_type(doc: Doc, j: int, rules: EntityRules) -> str | None:
    """The type stated by an apposition after the name: "X, a ... gang", "X, 45, the leader",
    "X, director of the FBI"."""
    k = j
    if k >= len(doc) or doc[k].text != ",":
        return None
    k += 1
    if k + 1 < len(doc) and doc[k].like_num and doc[k + 1].text == ",":
        k += 2  # an age: "Guerrero, 45, the leader"
    if k >= len(doc):
        return None
    if doc[k].lower_ in rules.apposition_articles:
        head = _noun_phrase_head(doc, k + 1)
        return _appositive_head_type(doc, head, rules) if head is not None else None
    # a role of something, bare or after an article that may as well open a clause: "X,
    # director of the FBI", "X, director del OIJ", "X, el líder de Y" (not "Según X, el penal está ...")
    article = doc[k].lower_ in rules.role_apposition_articles
    if not (article or (doc[k].is_lower and doc[k].pos_ == "NOUN")):
        return None
    head = _noun_phrase_head(doc, k + article)
    if head is None or head + 1 >= len(doc) or fold(doc[head + 1].text) not in rules.of_words:
        return None
    return "PERSON" if _appositive_head_type(doc, head, rules) == "PERSON" else None


def _appositive_head_type(doc: Doc, head: int, rules: EntityRules) -> str | None:
    """The type the head noun of an apposition states, by its form or its lemma."""
    return rules.descriptors.get(fold(doc[head].text)) or rules.descriptors.get(fold(doc[head].lemma_))


def _parsed_apposition_type(doc: Doc, i: int, j: int, rules: EntityRules) -> str | None:
    """The type an apposition states, read from the parse: "the gang he led, Tren de
    Aragua" (the name hangs on "gang") or "Tren de Aragua, one of the gangs"."""
    root = doc[i:j].root
    nouns = [root.head] if root.dep_ == "appos" and not (i <= root.head.i < j) else []
    nouns += [t for t in root.children if t.dep_ == "appos" and not (i <= t.i < j)]
    for noun in nouns:
        if noun.pos_ == "NOUN":
            # "the founder of the Los Monos gang, Máximo Cantero": the parse hangs the name on
            # "gang", but the whole phrase, the founder, is what the apposition names
            if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
                owner = noun.head.head
                if rules.descriptors.get(fold(owner.lemma_)) == "PERSON":
                    return "PERSON"
            kind = rules.descriptors.get(fold(noun.lemma_)) or rules.descriptors.get(fold(noun.text))
            if kind:
                return kind
    return None


def _full_name_shape(doc: Doc, i: int, j: int, rules: EntityRules, places: Gazetteer) -> bool:
    """Whether [i, j) reads as a person's full name: three or more capitalised words
    (particles allowed: "María de los Ángeles Ruiz"), none of them a word that names an
    organisation, a place or a facility, a country, state or region, or a nationality, and
    the first no known place ("Toronto Blue Jays", "American Stock Exchange": a team, a market)."""
    words = [t for t in doc[i:j] if fold(t.text) not in rules.particles]
    if len(words) < 3 or j - i > 6 or fold(doc[i].text) in rules.group_articles or doc[i].like_num:
        return False  # (nor does a person's name open with a number: "Seven Trey Hustlers")
    if places.place(doc[i].text):
        return False  # (a town's name is often a surname too, Martínez, Guerrero, but seldom a first name)
    for t in words:
        word = fold(t.text)
        if not (t.is_alpha and t.text[0].isupper() and t.text[1:].islower()):
            return False
        place = places.place(t.text)
        if word in rules.naming_heads or word in rules.descriptors or (place and place.weight >= STATE):
            return False
        if places.nationality(t.text, rules.demonym_endings, rules.demonym_dropped):
            return False
    return True


def _age_follows(doc: Doc, j: int) -> bool:
    """Whether ", 51," (an age between commas) follows the span ending at token j."""
    if j + 2 >= len(doc) or doc[j].text != "," or doc[j + 2].text not in (",", ")"):
        return False
    number = doc[j + 1].text
    return number.isdigit() and 10 <= int(number) <= 110


def _bearing_follows(doc: Doc, j: int, rules: EntityRules) -> bool:
    """Whether where the span ending at token j lies follows it: ", east of", ", some 30 km
    south of"."""
    if j >= len(doc) or doc[j].text != ",":
        return False
    k = j + 1
    while k < len(doc) and (doc[k].like_num or fold(doc[k].text) in rules.distance_words):
        k += 1
    return k + 1 < len(doc) and fold(doc[k].text) in rules.bearings and doc[k + 1].lower_ in rules.of_words


def _shares_a_group_noun(doc: Doc, j: int, rules: EntityRules) -> bool:
    """Whether the span ending at token j is the first of two names that one plural group noun
    follows: "the Kavač and the Škaljari clans", "the Norte and Sur cartels"."""
    if j + 2 >= len(doc) or doc[j].lower_ not in _LIST_WORDS - {","}:
        return False
    k = j + 1 + (doc[j + 1].lower_ in rules.articles)
    start = k
    while k < len(doc) and _capitalised(doc[k].text) and doc[k].is_alpha:
        k += 1
    # (a plural: the word is not its lemma; the tagger may call "clans" a verb)
    return start < k < len(doc) and doc[k].is_lower and doc[k].lower_ != doc[k].lemma_ and fold(doc[k].lemma_) in rules.group_descriptors


@lru_cache(maxsize=8)
def _age_before(forms: tuple[str, ...]) -> re.Pattern[str]:
    """A pattern for a person's age written right before the name (rules: `ages_before`,
    "{n}" the number): "35-year-old Ana Ruiz"."""
    alternatives = "|".join(re.escape(f).replace(r"\{n\}", r"\d{1,3}") for f in sorted(forms, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})[ \t]+$", re.IGNORECASE)


def _context_votes(doc: Doc, i: int, j: int, rules: EntityRules, places: Gazetteer) -> Counter[str]:
    """Evidence around the span [i, j): descriptors and organisation contexts."""
    votes: Counter[str] = Counter()
    after = doc[j] if j < len(doc) else None
    if after is not None and not _capitalised(after.text):
        word = fold(after.text)
        if word in rules.org_after:
            votes["ORG"] += CONTEXT
        elif word in rules.naming_heads and word not in rules.not_after and after.pos_ in ("NOUN", "PROPN"):
            place = places.place(doc[i:j].text) if rules.naming_heads[word] != "FAC" else None
            if place is None:
                votes[rules.naming_heads[word]] += APPOSITION  # "Los Choneros gang leader"
            else:  # but "a Texas court", "the Calabria region": a known place stays the place
                votes[place.type] += CONTEXT
    kind = _apposition_type(doc, j, rules) or _parsed_apposition_type(doc, i, j, rules)
    if kind:
        votes[kind] += APPOSITION
    n = _title_at(doc, j, rules)
    if n and not _capitalised(after.text) and j + n < len(doc) and doc[j + n].ent_type_ == "PERSON" and doc[j + n].ent_iob_ == "B" and not places.place(doc[i:j].text):
        # "Boeing Commercial Airplanes spokesman Craig Martin": whom the title serves ("Texas governor X": a place)
        votes["ORG"] += APPOSITION
    if after is not None and after.text == "," and j + 1 < len(doc) and doc[j + 1].lower_ in rules.relative_after:
        votes["PERSON"] += APPOSITION  # "Josefina del Valle, whose son was killed"
    if _age_follows(doc, j):
        votes["PERSON"] += APPOSITION  # "Sarabia, 51, was arrested": only people have an age
    if i >= 1 and rules.ages_before and _age_before(tuple(rules.ages_before)).search(doc.text, max(0, doc[i].idx - 20), doc[i].idx):
        votes["PERSON"] += APPOSITION  # "the 35-year-old Ana Ruiz"
    if _shares_a_group_noun(doc, j, rules) and not places.place(doc[i:j].text):
        votes["ORG"] += APPOSITION  # "the Kavač and the Škaljari clans": both are clans (not "the Sinaloa and ...": a state too)
    if _bearing_follows(doc, j, rules):
        place = places.place(doc[i:j].text)
        votes[place.type if place else "GPE"] += CONTEXT  # "Halden, east of the capital": only a place lies somewhere
    if _full_name_shape(doc, i, j, rules, places):
        votes["PERSON"] += CONTEXT  # "José Gabriel Soto Martínez": the model often calls such a name an organisation
    if i >= 1 and doc[i - 1].lower_ in rules.speech_before and (after is None or after.is_punct):
        votes["PERSON"] += CONTEXT  # "said Rafael de Armas,"
    if after is not None and after.tag_ == "POS" and j + 1 < len(doc) and fold(doc[j + 1].text) in rules.person_possessed:
        votes["PERSON"] += CONTEXT  # "Kennedy's assassin"
    if i >= 1 and fold(doc[i - 1].text) in rules.person_object_of and doc[i - 1].pos_ == "VERB":
        votes["PERSON"] += CONTEXT  # "killed Kennedy"
    before = i - 1 if i >= 1 and not doc[i - 1].is_quote else i - 2
    if before >= 0 and fold(doc[before].text) in rules.nickname_before:
        votes["PERSON"] += TITLE  # "alias “Lucumí”": a nickname is a person's
    if i >= 1 and doc[i - 1].lower_ in rules.byline and (i == 1 or "\n" in doc[i - 2].text):
        votes["PERSON"] += TITLE  # a byline: "By Elena del Castillo"
    # where the name begins with its article after "of": "members of the Comancheros"
    at = i - 1 if i >= 2 and doc[i - 1].lower_ in rules.articles and doc[i - 2].lower_ in rules.of_words else i
    if at >= 1:
        before = doc[at - 1]
        word = fold(before.text)
        if before.pos_ == "NOUN" and not _capitalised(before.text) and word in rules.descriptors:
            votes[rules.descriptors[word]] += APPOSITION  # "the gang Tren de Aragua", "drug trafficker Cesar Gastelum"
        elif word in rules.of_words and at >= 2:
            noun = fold(doc[at - 2].text)
            if noun in rules.org_before_of:
                votes["ORG"] += APPOSITION  # "members of X", "the leader of X": people have no members
            elif noun in rules.person_possessed:
                votes["PERSON"] += CONTEXT  # "the assassin of X", "the widow of X"
            elif noun in rules.attached_heads and rules.naming_heads.get(noun) == "FAC" and doc[at - 2].is_lower and not places.place(doc[i:j].text):
                votes["FAC"] += CONTEXT  # "the prison of Tocorón": the prison's name (not "the prison of Lima": a city's)
            elif noun in rules.place_before_of and not _capitalised(doc[at - 2].text):
                place = places.place(doc[i:j].text)
                votes[place.type if place else "GPE"] += CONTEXT  # "300 miles southwest of X", "the outskirts of X"
            elif rules.descriptors.get(fold(doc[at - 2].lemma_)) in ("GPE", "LOC"):
                votes[rules.descriptors[fold(doc[at - 2].lemma_)]] += CONTEXT  # "the city of X"
        elif word in rules.examples_before or (word == "as" and i >= 2 and doc[i - 2].lower_ == "such"):
            k = _noun_before_adjectives(doc, i - 2 if word != "as" else i - 3)
            kind = _descriptor_type(doc[k], rules) if k >= 0 else None
            if kind:
                votes[kind] += CONTEXT  # "US cities like Aurora"
    place = places.place(doc[i:j].text) if i > 0 and doc[i - 1].text == "," else None
    listed = _listed_type(doc, i, j, rules) if place is None or place.weight < STATE else None
    if listed:  # (not "un tribunal de Alexandria, Virginia": a place, then its state)
        votes[listed] += CONTEXT  # "los cárteles de Sinaloa y Jalisco", "los barrios Centro, Lomas y Prado"
    # "Aurora, Colorado": a place followed by its state or country; an unknown name too after
    # "in" ("in Marcos Paz (Buenos Aires Province)")
    # ("Charleroi (Belgium)" in a table of results is a club: a bracket counts only after "in")
    after_in = i > 0 and doc[i - 1].lower_ in rules.locatives
    located = after is not None and ((after.text == "," and (after_in or places.place(doc[i:j].text))) or (after.text == "(" and after_in))
    if located and j + 1 < len(doc) and _capitalised(doc[j + 1].text):
        for n in (3, 2, 1):
            tail = doc[j + 1 : j + 1 + n]
            place = places.place(tail.text) if len(tail) == n else None
            if place and place.weight >= STATE and place.type == "GPE":
                votes["GPE"] += CONTEXT
                break
    return votes


def _descriptor_type(word: Token, rules: EntityRules) -> str | None:
    """The type a common noun says a name is of ("cities", "organizaciones"), or None; a
    sentence's first word too, which the tagger often takes for a name ("Organizaciones ...")."""
    if word.pos_ != "NOUN" and not (word.pos_ == "PROPN" and word.is_sent_start):
        return None
    form = fold(word.text)
    for key in (form, fold(word.lemma_), form.removesuffix("es"), form.removesuffix("s")):
        if key in rules.descriptors:
            return rules.descriptors[key]
    return None


def _noun_before_adjectives(doc: Doc, k: int) -> int:
    """The token before the lower-case adjectives that end at k ("organizaciones" of
    "organizaciones criminales"), or k."""
    while k > 0 and doc[k].pos_ == "ADJ" and doc[k].is_lower:
        k -= 1
    return k


_LIST_WORDS = frozenset({",", "y", "e", "o", "u", "and", "or"})


def _list_goes_on(doc: Doc, j: int) -> bool:
    """Whether a name ending before token j is followed by more of a list: a conjunction, or a
    comma and a capitalised word ("Centro, Lomas y Prado": Lomas; "Tres Ríos y colonia Hidalgo")."""
    return j + 1 < len(doc) and doc[j].lower_ in _LIST_WORDS and (doc[j].text != "," or _capitalised(doc[j + 1].text))


def _listed_type(doc: Doc, i: int, j: int, rules: EntityRules) -> str | None:
    """The type a lower-case descriptor gives a name that follows it in a list of names: "the
    Sinaloa and Jalisco cartels" is not this, "los cárteles de Sinaloa y Jalisco" and "los
    barrios Centro, Lomas y Prado" are (the descriptor, an adjective after it, then names joined
    by commas, "y", "de" and articles)."""
    k, listed, joined = i - 1, False, False
    while k >= max(0, i - 25):
        t = doc[k]
        if t.lower_ in _LIST_WORDS:
            listed = True
            joined = joined or t.text != ","
        elif not (_capitalised(t.text) and t.is_alpha or t.lower_ in rules.of_words or t.lower_ in rules.articles or t.like_num):
            break
        k -= 1
    if not listed or k < 0 or (doc[k + 1].text == "," and k > 0 and _capitalised(doc[k - 1].text)):
        return None  # (not "members of the Norte cartel, Filip Horvat and Boban Lukic": a name, then its people)
    if not joined and not _list_goes_on(doc, j):
        return None  # "the gang Los Choneros, José Macías, said": an apposition, no list
    if fold(doc[k].text) in rules.examples_before and k > 0:
        k -= 1  # "organizaciones delictivas como Los Pulpos, La Jauría o ..."
    word = doc[_noun_before_adjectives(doc, k)]  # "cárteles mexicanos"
    if _capitalised(word.text) and not word.is_sent_start:
        return None
    return _descriptor_type(word, rules)


def _repair(
    doc: Doc, i: int, j: int, label: str | None, rules: EntityRules, places: Gazetteer
) -> list[tuple[int, int, Counter[str], str | None]]:
    """The model's span [i, j) with its boundaries fixed, as (i, j, votes, label) pieces."""
    votes: Counter[str] = Counter()
    while i < j and (doc[i].lower_ == "the" or (doc[i].text in ("a", "an") and j - i > 1) or (doc[i].is_punct and doc[i].text != "(") or (
        j - i > 1 and fold(doc[i].text) in rules.nickname_before
    )):
        i += 1  # "the", "a", an opening quote ("‘Los Monos’"), "Alias" opening a sentence ("Alias Lucumí")
    # "Federal Bureau of Investigation (FBI": the bracket holds an alias, not the name
    j = next((k for k in range(i, j) if doc[k].text == "("), j)
    while j > i and (doc[j - 1].tag_ == "POS" or doc[j - 1].is_punct or (j - i > 1 and doc[j - 1].lower_ in rules.of_words)):
        j -= 1  # "Office for the Eastern District of": "of New York" is joined again below
    if i >= j or (j - i == 1 and len(doc[i].text.rstrip(".")) == 1):
        return []  # (one letter names nothing on its own: "said on X.")
    n = _phrase_before(doc, j, rules.notices, rules.longest_notice)
    if n:
        # "an Interpol Red Notice": a notice is no entity; who issues it is an organisation
        return [(i, j - n, Counter({"ORG": HEAD}), None)] if j - n > i else []
    if _number_opens_group_name(doc, i, j, rules):
        i -= 1  # "the 400 Mawozo gang"
    i, j = _hyphenated_whole(doc, i, j, rules)
    adjective = label in ("GPE", "LOC", "FAC") or (label == "ORG" and j < len(doc) and _capitalised(doc[j].text)) or (
        j < len(doc) and doc[j].is_lower and doc[j].pos_ == "NOUN"
    )
    if adjective and places.nationality(doc[i:j].text, rules.demonym_endings, rules.demonym_dropped):
        # "a Guatemalan prison", "the Honduran Attorney General's Office": an adjective the model
        # took for a place, or for an organisation before a name (not "American" alone: the airline),
        # or for anything before a common noun ("Sri Lankan officials")
        if j < len(doc) and fold(doc[j].text) in rules.national_heads:
            return [(i, j + 1, Counter({"FAC": HEAD}), None)]  # "the Israeli embassy"
        return []
    longest = rules.longest_title
    if _phrase_at(doc, i, rules.titles, longest) >= j - i:
        return []  # "Interior" of "Interior Minister": a piece of a title, not a name
    if all(fold(t.text) in rules.descriptors for t in doc[i:j]) and (label in ("PERSON", None) or (
        j - i == 1
        and rules.descriptors[fold(doc[i].text)] in ("ORG", "GPE", "FAC")
        and doc[i].lower_ not in load_table("parse", doc.lang_)["institution_words"]
    )):
        # "Gang 'takeover' of ...": a capitalised common noun is not a person; nor is one word
        # for an institution or a place alone a name ("the State's case", "the Ministry said"),
        # unless the language names institutions so ("la Policía"); "the Gulf", "National" (a
        # party) may be
        return []
    if any(len(_RUN_TOGETHER.findall(t.text)) >= 2 for t in doc[i:j]):
        return []  # "JusticeFederalImmigration": a page's menu run together, no name
    if _CODE.search(doc[i:j].text):
        return []  # "static.nrc.nl/images": an address, no name
    if (
        label and j - i >= 2 and doc[j - 1].is_lower and doc[j - 1].is_alpha and not hyphen_joined(doc, j - 2)
        and not _attached(doc, i, j - 1, rules, places)[0] and not (j - i >= 3 and _attached(doc, i, j - 2, rules, places)[0] == 2)
    ):
        if fold(doc[j - 1].text) in rules.naming_heads:
            votes[rules.naming_heads[fold(doc[j - 1].text)]] += HEAD
        j -= 1  # "Pichincha province": a lower-case head after a name only says what it is
    if label == "PERSON" and not any(c.isupper() for t in doc[i:j] for c in t.text):
        return []  # "marijuana": a person's name is capitalised
    if label == "PERSON" and not any(t.is_quote or t.is_bracket for t in doc[i:j]):
        # "Lanza assassin Tomas Vega": a lower-case word inside (not a particle, not a
        # nickname in quotes) is no part of a person's name
        inner = next((k for k in range(i + 1, j - 1) if doc[k].is_lower and doc[k].is_alpha and fold(doc[k].text) not in rules.particles
                      and fold(doc[k].text) not in STOP_WORDS and not hyphen_joined(doc, k - 1) and not hyphen_joined(doc, k + 1)), None)
        if inner is not None:
            return _repair(doc, i, inner, None, rules, places) + _repair(doc, inner + 1, j, "PERSON", rules, places)
    if j - i >= 2 and doc[j - 1].like_num and doc[j - 1].text.isdigit() and len(doc[j - 1].text) <= 2 and places.place(doc[i : j - 1].text):
        j -= 1  # "Dublin 9": a postal district of a known place names the place
    for k in range(i + 1, j - 1):
        if doc[k].text == "," and places.place(doc[k + 1 : j].text):
            # "Table Bay, Cape Town": a place and the known place it lies in, two names
            return _repair(doc, i, k, label, rules, places) + _repair(doc, k + 1, j, None, rules, places)
    if label == "PERSON" and any(c.isdigit() for t in doc[i:j] for c in t.text):
        label = "ORG"  # no person's name has digits: "MS-13", "Barrio 18" are gangs
    # "Amsterdam's Schiphol Airport": a known place owning a name is a name of its own
    for k in range(i + 1, j - 1):
        if doc[k].tag_ == "POS" and _capitalised(doc[k + 1].text) and places.place(doc[i:k].text):
            return _repair(doc, i, k, None, rules, places) + _repair(doc, k + 1, j, label, rules, places)
    # A title closing the span before a person's name: "Marion County Sheriff Daniel Reyes"
    # taken as a person "Marion County Sheriff"; what comes before the title is named apart.
    n = _phrase_before(doc, j, rules.titles, longest)
    if n and i < j - n and j < len(doc) and doc[j].ent_type_ == "PERSON" and _capitalised(doc[j].text):
        return _repair(doc, i, j - n, None if label == "PERSON" else label, rules, places)
    # A title begun before the span and ending inside it: "Commissioner of Police Anil Persad"
    # taken as "Police Anil Persad"; the person is what follows the title.
    for k in range(max(0, i - longest), i):
        n = _title_at(doc, k, rules)
        if i < k + n < j and _capitalised(doc[k + n].text):
            person = _extend_person(doc, k + n, j, rules)
            return [(person[0], person[1], Counter({"PERSON": TITLE}), "PERSON")]
    # A title inside the span starts a person: "Aurora Police Department Chief Todd Chamberlain".
    for k in range(i, j):
        n = _title_at(doc, k, rules)
        if n and k + n < j and _capitalised(doc[k].text) and _capitalised(doc[k + n].text):
            if k > i and n == 1 and fold(doc[k + 1].text) in rules.name_suffixes:
                break  # "Martin Luther King Jr.": a surname before a suffix, no title
            if (k == i and label != "PERSON" and n == 1) or fold(doc[j - 1].text) in rules.naming_heads:
                break  # "General Motors", "Justice Department": a title-like word in another kind of name
                # (a title of several words, "Detective Inspector Steel", is no such word)
            person = _extend_person(doc, k + n, j, rules)
            pieces = _repair(doc, i, k, label, rules, places) if k > i else []
            votes_p: Counter[str] = Counter({"PERSON": TITLE})
            return pieces + [(person[0], person[1], votes_p, "PERSON")]
    if _phrase_before(doc, i, rules.titles, longest) and (label == "PERSON" or _capitalised(doc[i - 1].text)):
        votes["PERSON"] += TITLE  # "President Maduro"; a lower-case title only backs the model
    if label == "PERSON":
        i, j = _extend_person(doc, i, j, rules)
    elif label in ("ORG", "FAC"):
        i = _name_words_before(doc, i, free_only=True)  # "Attorney General's Office": the model often leaves the first word out
        if i >= 2 and doc[i - 1].tag_ == "POS" and _capitalised(doc[i - 2].text) and fold(doc[i - 2].text) in rules.titles:
            # "U.S. Attorney's Office": an office named after its holder's title, with what names the title
            i = _name_words_before(doc, i - 2, free_only=False)
        elif i >= 1 and doc[i].ent_iob_ == "B" and doc[i - 1].ent_type_ == "GPE" and "ORG" in (
            rules.naming_heads.get(" ".join(fold(t.text) for t in doc[i : i + 2])), rules.naming_heads.get(fold(doc[i].text))
        ):
            # "U.S. District Court", "Texas Department of Public Safety": the place that opens an
            # institution's name, which the model reads apart
            i -= 1
            while i > 0 and doc[i].ent_iob_ == "I":
                i -= 1
    kind = _head_type(doc, i, j, rules)  # before "of ...": "Southern District" of New York
    j = _join_for(doc, i, _join_of(doc, i, j, rules), rules)
    n, head = _attached(doc, i, j, rules, places) if j < len(doc) and doc[j].pos_ in ("NOUN", "PROPN") else (0, "")
    if n:
        votes[head] += HEAD
        j += n  # "Tocorón prison"
    kind = _head_type(doc, i, j, rules) or kind
    if kind:
        votes[kind] += HEAD
    if j - i >= 2 and fold(doc[i].text) in rules.group_articles:
        for k in range(i + 2, j - 1):
            place = places.place(doc[k + 1 : j].text) if doc[k].lower_ in rules.of_words else None
            if place is not None and place.weight >= COUNTRY:
                # "Los Zetas de México": a group's name, and the country it is from ("Los
                # Injertos del Norte" is a name: "Norte" is no country, whatever state is so named)
                return _repair(doc, i, k, label, rules, places) + _repair(doc, k + 1, j, None, rules, places)
    if j - i >= 2 and fold(doc[i].text) in rules.group_articles and doc[j - 1].lower_.endswith("s"):
        if not places.place(doc[i:j].text):
            votes["ORG"] += HEAD  # "Los Zetas", "Los Choneros"; not "Los Angeles"
    return [(i, j, votes, label)]


def _attached(doc: Doc, i: int, k: int, rules: EntityRules, places: Gazetteer) -> tuple[int, str]:
    """The length and type of the head at token k that is part of the name [i, k) before it
    ("Tocorón prison", "the Mekong region", "the Uraba police department"), (0, "") if none: a
    facility's head after a country is a common noun, unless it is an embassy's ("a U.S. prison"
    is any prison there), and so is a place word after a known political unit ("the Calabria
    region")."""
    n = _phrase_at(doc, k, rules.attached_heads, 2)
    if not n:
        return 0, ""
    head = " ".join(fold(t.text) for t in doc[k : k + n])
    kind = rules.naming_heads.get(head) or rules.naming_heads.get(fold(doc[k + n - 1].text), "FAC")
    place = places.place(doc[i:k].text)
    if place is not None and (
        (place.kind == "country" and kind == "FAC" and head not in rules.national_heads)
        or (kind in ("GPE", "LOC") and place.type == "GPE")
    ):
        return 0, ""
    return n, kind


def _extend_person(doc: Doc, i: int, j: int, rules: EntityRules) -> tuple[int, int]:
    """Widen a person's span over name words the model left out: "Hector" before
    "Rusthenford Guerrero Flores", particles ("de la") followed by a capitalised word."""

    def name_word(t: int) -> bool:
        # the model sometimes labels a surname DATE or NORP ("Herbas Camacho"): take it
        tok = doc[t]
        return tok.pos_ == "PROPN" and _capitalised(tok.text) and tok.ent_type_ not in SPACY_TYPES and tok.is_alpha

    # A capitalised word before the name belongs to it only where a name can begin:
    # "leader, Hector Rusthenford ..." but not "led by Uruguayan Marcelo Otero"; and never a word
    # the model names otherwise (a nationality, a date) or a role noun capitalised by the sentence
    # ("Swede Lars Brodin", "Tuesday Ana Ruiz", "Analyst Ana Ruiz")
    while (
        i > 0
        and name_word(i - 1)
        and not doc[i - 1].ent_type_
        and fold(doc[i - 1].text) not in rules.descriptors
        and (i == 1 or doc[i - 2].is_punct or doc[i - 2].is_sent_start or doc[i - 1].is_sent_start)
        and fold(doc[i - 1].text) not in STOP_WORDS
        and not _phrase_before(doc, i, rules.titles, rules.longest_title)
    ):
        i -= 1
    while j < len(doc):
        if name_word(j):
            j += 1
            continue
        n = _phrase_at(doc, j, rules.particles, 3)
        if n and j + n < len(doc) and doc[j].is_lower and _capitalised(doc[j + n].text) and doc[j + n].pos_ == "PROPN":
            j += n + 1
            continue
        break
    return i, j


def _join_of(doc: Doc, i: int, j: int, rules: EntityRules) -> int:
    """Extend "Southern District" over "of New York" when the span ends in a head that
    names go on after ("Bank of America"), not in any other ("Rotary Club" of Houston)."""
    if j + 1 >= len(doc) or doc[j].lower_ != "of":
        return j
    last = fold(doc[j - 1].text)
    if not _capitalised(doc[j - 1].text):
        return j  # "the Attorney General's office" of a photograph's subject: a lower-case head ends the name
    if last not in rules.joins_of and not (j - i >= 2 and f"{fold(doc[j - 2].text)} {last}" in rules.joins_of):
        return j
    k = j + 1
    if doc[k].lower_ == "the" and k + 1 < len(doc):
        k += 1
    end = k
    while end < len(doc) and (_capitalised(doc[end].text) and doc[end].pos_ == "PROPN"):
        end += 1
    return end if end > k else j


def _join_for(doc: Doc, i: int, j: int, rules: EntityRules) -> int:
    """Extend a court or an office over the district it serves: "U.S. District Court" +
    "for the Eastern District of Texas", "Attorney's Office" + "for the District of Maryland".
    Only a name with a head of its own follows "for the" ("for the Western Cape" does not)."""
    if j + 2 >= len(doc) or doc[j].lower_ != "for" or fold(doc[j - 1].text) not in rules.joins_for:
        return j
    k = j + 2 if doc[j + 1].lower_ == "the" else j + 1
    end = k
    while end < len(doc) and _capitalised(doc[end].text) and doc[end].pos_ == "PROPN":
        end += 1
    if end == k or (_head_type(doc, k, end, rules) if end - k >= 2 else rules.naming_heads.get(fold(doc[k].text))) is None:
        return j
    if end + 1 < len(doc) and doc[end].lower_ == "of" and _capitalised(doc[end + 1].text) and doc[end + 1].pos_ == "PROPN":
        end += 2  # "the District of Columbia": the district's own "of", whatever its head
        while end < len(doc) and _capitalised(doc[end].text) and doc[end].pos_ == "PROPN":
            end += 1
    return end


def _names_the_model_missed(doc: Doc, rules: EntityRules) -> list[tuple[int, int, str | None]]:
    """Spans the model left out that the text itself marks as names: capitalised words
    after a title ("Police Chief Ana Ruiz") or before a facility word ("Puente Grande
    prison"). Returned as (start token, end token, None) like unlabelled entities."""
    found: list[tuple[int, int, str | None]] = []

    def free_name_words(k: int) -> int:
        end = k
        while end < len(doc) and doc[end].pos_ == "PROPN" and _capitalised(doc[end].text) and doc[end].ent_iob_ == "O":
            end += 1
        return end

    k = 0
    while k < len(doc):
        token = doc[k]
        office = _office_of_a_title(doc, k, rules)
        if office:
            found.append(office)
            k = office[1]
            continue
        if _capitalised(token.text) and fold(token.text) in rules.title_starts:
            n = _phrase_at(doc, k, rules.titles, rules.longest_title)
            end = free_name_words(k + n) if n else k
            if n and end > k + n:
                found.append((k + n, end, None))
                k = end
                continue
        elif rules.descriptors.get(fold(token.text)) in ("ORG", "FAC") and token.pos_ == "NOUN" and k + 1 < len(doc):
            end = free_name_words(k + 1)  # "the Venezuelan gang Tren de Aragua"
            while end > k + 1 and end + 1 < len(doc) and fold(doc[end].text) in rules.particles and doc[end + 1].pos_ == "PROPN" and _capitalised(doc[end + 1].text):
                end = free_name_words(end + 1)
            if end > k + 1:
                found.append((k + 1, end, None))
                k = end
                continue
        elif (
            fold(token.text) in rules.place_before_of and token.is_lower and k + 2 < len(doc)
            and doc[k + 1].lower_ in rules.of_words
        ):
            # "the city of Coquimbo", "the outskirts of Arica" (the model may call it a nationality)
            end = k + 2
            while end < len(doc) and doc[end].pos_ == "PROPN" and _capitalised(doc[end].text) and doc[end].ent_type_ in ("", "NORP"):
                end += 1
            if end > k + 2:
                found.append((k + 2, end, None))
                k = end
                continue
        elif _capitalised(token.text) and fold(token.text) in rules.group_articles and token.ent_type_ in ("", "NORP"):
            # "Los Halcones leader ...": a group's name (typed in _repair), which the model
            # leaves out or calls a nationality
            end = k + 1
            while end < len(doc) and doc[end].pos_ == "PROPN" and _capitalised(doc[end].text) and doc[end].ent_type_ in ("", "NORP"):
                end += 1
            if end > k + 1:
                found.append((k, end, None))
                k = end
                continue
        if token.pos_ == "PROPN" and _capitalised(token.text) and token.ent_iob_ == "O":
            end = free_name_words(k)  # "Tal, a senior Defense Ministry official, said": an age or a
            if _age_follows(doc, end) or _apposition_type(doc, end, rules) == "PERSON":  # role says a person
                found.append((k, end, None))
                k = end
                continue
        word = fold(token.text)
        if word in rules.national_heads and token.is_lower and k > 0 and doc[k - 1].ent_type_ == "NORP" and _capitalised(doc[k - 1].text):
            first = k - 1  # "the Israeli embassy": a nationality names an embassy, which the model leaves out
            while first > 0 and doc[first].ent_iob_ == "I":
                first -= 1
            found.append((first, k + 1, None))
            k += 1
            continue
        head = word in rules.attached_heads or word in rules.group_descriptors
        if head and token.ent_iob_ == "O" and (token.pos_ == "NOUN" or _capitalised(token.text)):
            # "Puente Grande prison", "the Bel Air gang" (the word after it types the name);
            # "the Sinaloa Cartel": a capitalised group word is part of the name
            first = k
            # (words the model labelled a product or a work are free too: "the Cozzolino clan")
            while first > 0 and doc[first - 1].pos_ == "PROPN" and _capitalised(doc[first - 1].text) and (
                doc[first - 1].ent_iob_ == "O" or doc[first - 1].ent_type_ in _MISREAD_LABELS
                or (word in rules.group_descriptors and _misread_nationality(doc[first - 1], rules))
            ):
                first -= 1
            if first < k and not (doc[first].is_sent_start and fold(doc[first].text) in STOP_WORDS):
                found.append((first, k + 1 if _capitalised(token.text) else k, None))
        k += 1
    return found


def _misread_nationality(word: Token, rules: EntityRules) -> bool:
    """Whether the model called a name a nationality that is no word of the language nor a
    country's adjective: "the rival Kavač clan" (not "the Albanian mafia", "a Latino gang")."""
    return (
        word.ent_type_ == "NORP" and not simplemma.is_known(word.lower_, lang=word.doc.lang_)
        and not gazetteer().nationality(word.text, rules.demonym_endings, rules.demonym_dropped)
    )


def _office_of_a_title(doc: Doc, k: int, rules: EntityRules) -> tuple[int, int, None] | None:
    """An office named after its holder's capitalised title, at the "'s" of token k: "the
    Attorney General's Office", "the San Diego County District Attorney's Office", "the
    Mexican Attorney General's office" (what names the title, and a nationality, kept; "the"
    before it)."""
    if doc[k].tag_ != "POS" or k + 1 >= len(doc) or fold(doc[k + 1].text) not in rules.titled_offices:
        return None
    n = _phrase_before(doc, k, rules.titles, rules.longest_title)
    if not n or not all(_capitalised(t.text) and t.ent_type_ != "PERSON" for t in doc[k - n : k]):
        return None  # (not "John Major's office": a person named like a title)
    first = _name_words_before(doc, k - n, free_only=False)
    if first > 0 and doc[first - 1].ent_type_ == "NORP" and _capitalised(doc[first - 1].text):
        first -= 1
    # "the" owns the office, not a person: "from Major's office" is the office of a man named Major
    return (first, k + 2, None) if first > 0 and doc[first - 1].lower_ == "the" else None


def _name_words_before(doc: Doc, i: int, free_only: bool) -> int:
    """Where the capitalised proper nouns written right before doc[i] begin (not "The"
    opening a sentence); with `free_only`, only those the model left outside every name."""
    while i > 0 and doc[i - 1].pos_ == "PROPN" and _capitalised(doc[i - 1].text) and fold(doc[i - 1].text) not in STOP_WORDS and (
        not free_only or doc[i - 1].ent_iob_ == "O"
    ):
        i -= 1
    return i


def _hyphenated_whole(doc: Doc, i: int, j: int, rules: EntityRules) -> tuple[int, int]:
    """The span over the hyphenated name it is part of: "Guizar-Valencia", not "Valencia";
    "Yamaguchi-gumi" (a lower-case part only when it heads names: not "Mexico-based");
    "Croix-des-Bouquets", "Aix-en-Provence" (a particle between two capitalised parts)."""
    while True:
        if i >= 2 and hyphen_joined(doc, i - 1) and _capitalised(doc[i - 2].text):
            i -= 2
        elif i >= 4 and hyphen_joined(doc, i - 1) and _joining_particle(doc[i - 2], rules) and hyphen_joined(doc, i - 3) and _capitalised(doc[i - 4].text):
            i -= 4
        else:
            break
    while True:
        if j + 1 < len(doc) and hyphen_joined(doc, j) and (_capitalised(doc[j + 1].text) or fold(doc[j + 1].text) in rules.naming_heads):
            j += 2
        elif j + 3 < len(doc) and hyphen_joined(doc, j) and _joining_particle(doc[j + 1], rules) and hyphen_joined(doc, j + 2) and _capitalised(doc[j + 3].text):
            j += 4
        else:
            break
    return i, j


def _joining_particle(word: Token, rules: EntityRules) -> bool:
    return word.is_lower and fold(word.text) in rules.hyphen_particles


def _number_opens_group_name(doc: Doc, i: int, j: int, rules: EntityRules) -> bool:
    """Whether the number before [i, j) is the first word of a group's name: "the 400 Mawozo
    gang", "the Nine Trey Gangsters faction" (a group word after it, "the" before it), not "the
    400 Mawozo gang members"."""
    if i < 2 or not (doc[i - 1].pos_ == "NUM" or doc[i - 1].like_num) or doc[i - 2].lower_ != "the" or j >= len(doc):
        return False
    after = doc[j + 1] if j + 1 < len(doc) else None
    return fold(doc[j].text) in rules.group_descriptors and (after is None or after.pos_ != "NOUN")


def _line_pieces(doc: Doc, i: int, j: int, label: str) -> list[tuple[int, int, str | None]]:
    """A span cut at line breaks: a name does not run from a headline into the next line.
    Nor does it run across a dash between spaces, after which comes what qualifies it
    ("ATF - Baltimore Field Division", "Corte Suprema de Justicia - CSJ"): that is left out."""
    pieces, start, qualifier = [], i, False
    for k in range(i, j + 1):
        if k == j or (doc[k].is_space and "\n" in doc[k].text) or _spaced_dash(doc, k):
            if k > start and not qualifier:
                pieces.append((start, k, label))
            start, qualifier = k + 1, k < j and _spaced_dash(doc, k)
    return pieces


def _spaced_dash(doc: Doc, k: int) -> bool:
    return doc[k].text in ("-", "–", "—") and k > 0 and bool(doc[k - 1].whitespace_) and bool(doc[k].whitespace_)


def _block_candidates(block: Block, text: str, rules: EntityRules, places: Gazetteer) -> list[Candidate]:
    doc, offset = block.doc, block.offset
    found = []
    spans = [
        piece
        for e in doc.ents
        if e.label_ in SPACY_TYPES
        for piece in _line_pieces(doc, e.start, e.end, SPACY_TYPES[e.label_])
    ]
    for start, end, label in spans + _names_the_model_missed(doc, rules):
        for i, j, votes, kind in _repair(doc, start, end, label, rules, places):
            votes.update(_context_votes(doc, i, j, rules, places))
            place = places.place(doc[i:j].text) if i > 0 and doc[i - 1].lower_ in rules.locatives else None
            if place:
                votes[place.type] += NEAR_PLACE + place.weight  # "in Guayaquil"
            rebuilt = (i, j) != (start, end) or label is None
            found.append(Candidate(offset + doc[i].idx, offset + doc[j - 1].idx + len(doc[j - 1].text), votes, kind, BY_RULE if rebuilt else BY_MODEL))
    return found


# ---- spans built by rules ---------------------------------------------------


def _nickname_pattern(rules: EntityRules) -> re.Pattern[str]:
    """`First "Nick" Last`: a person named with a quoted nickname in the middle."""
    quotes = "|".join(f"{re.escape(o)}[^{re.escape(o + c)}\\n]{{1,40}}?{re.escape(c)}" for o, c in rules.nickname_quotes)
    particle = "|".join(re.escape(p) for p in sorted(rules.particles, key=len, reverse=True))
    name = rf"{_CAP_WORD}(?:{_GAP}(?:(?:{particle}){_GAP})?{_CAP_WORD})*"
    return re.compile(rf"(?<![\w'’])({_CAP_WORD}(?:{_GAP}{_CAP_WORD})*){_GAP}(?:{quotes}),?{_GAP}({name})")


def _quoted_name_pattern(rules: EntityRules) -> re.Pattern[str]:
    nouns = "|".join(sorted((re.escape(w) for w in rules.descriptors), key=len, reverse=True))
    markers = "|".join(re.escape(m) for m in sorted(rules.alias_markers, key=len, reverse=True))
    name = rf"{_CAP_WORD}(?:{_GAP}(?:[a-z]{{1,3}}{_GAP})?{_CAP_WORD}){{0,5}}"  # "Tren de Aragua"
    quoted = "|".join(f"{re.escape(o)}({name}){re.escape(c)}" for o, c in rules.nickname_quotes)
    return re.compile(rf"\b((?i:{nouns}))(?:[ \t]+(of|(?i:{markers})))?[ \t]+(?:{quoted})")


def _quoted_name_candidates(text: str, ranges: list[tuple[int, int]], rules: EntityRules) -> list[Candidate]:
    """A name in quotes after a noun that says what it names: the criminal organization
    "Tren de Aragua", the gang of 'Los Gallegos', the gang leader known as "Fito" (the model
    rarely reads a quoted name). After a word for a person, only a naming word ("known as")
    makes the quote a name: "the prosecutor 'Justice'" may be a scare quote."""
    pattern = _quoted_name_pattern(rules)
    found = []
    for m in (m for lo, hi in ranges for m in pattern.finditer(text, lo, hi)):
        kind = rules.descriptors[fold(m.group(1))]
        if kind != "ORG" and m.group(2) in (None, "of"):
            continue
        group = next(g for g in range(3, (m.lastindex or 0) + 1) if m.group(g) is not None)
        found.append(Candidate(m.start(group), m.end(group), Counter({kind: HEAD}), None, BY_RULE))
    return found


def _nickname_candidates(text: str, ranges: list[tuple[int, int]], rules: EntityRules) -> list[Candidate]:
    found = []
    pattern = _nickname_pattern(rules)
    for m in (m for lo, hi in ranges for m in pattern.finditer(text, lo, hi)):
        first = m.group(1)
        if fold(first.split()[0]) in STOP_WORDS or fold(first) in rules.titles:
            continue
        start = m.start(1)
        # a title before the first name stays outside: "President Luis "Lucho" Arce"
        words = first.split()
        for n in range(len(words) - 1, 0, -1):
            if " ".join(fold(w) for w in words[:n]) in rules.titles:
                start = m.start(1) + len(" ".join(words[:n])) + 1
                break
        end = m.end(2)
        while end > start and text[end - 1] in ".,'’":
            end -= 1
        if text.endswith("'s", start, end) or text.endswith("’s", start, end):
            end -= 2
        found.append(Candidate(start, end, Counter({"PERSON": NICKNAME}), None, BY_RULE))
    return found


_DATELINE = re.compile(
    r"^((?:[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+)(?:[ \t]+[A-ZÀ-Þ][A-ZÀ-Þ'’.-]+)*)"  # CARACAS, SAN SEBASTIÁN DE LOS REYES
    r"(?:,[ \t]+[A-Z][\w.]*(?:[ \t]+[A-Z][\w.]*)*)?"  # , Venezuela
    # (AP) — ; "(Reuters) -" with a hyphen after an agency's credit; not "SOCCER - ", a topic line
    r"(?:(?:[ \t]+\([^)\n]{1,30}\))?[ \t]+(?:[—–]|--)|[ \t]+\([^)\n]{1,30}\)[ \t]+-[ \t]"
    # or a credit in brackets that dates the story: "MEXICO CITY (UrduPoint News / Sputnik - 02nd March, 2023)"
    r"|[ \t]+(\([^)\n]{1,80}\b(?:19|20)\d\d\))[ \t]+(?=[A-Z])"
    # or a line of its own, the place and the date it was filed: "BONN 1996-08-22", "ROSARIO | 29-04-2022 15:04"
    r"|[ \t]+(?:\|[ \t]+)?\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}(?:[ \t]+\d\d?:\d\d)?[ \t]*$)",
    re.MULTILINE,
)


def dateline_credits(text: str) -> list[tuple[int, int]]:
    """The dated credit in brackets after a dateline's place, whose names are no mentions."""
    return [m.span(2) for m in _DATELINE.finditer(text) if m.group(2)]


def _dateline_candidates(text: str, ranges: list[tuple[int, int]]) -> list[Candidate]:
    """The place of a dateline ("SAN SEBASTIÁN DE LOS REYES, Venezuela —"), which the
    model reads badly in capitals."""
    return [
        Candidate(m.start(1), m.end(1), Counter({"GPE": HEAD}), None, BY_RULE)
        for lo, hi in ranges
        for m in _DATELINE.finditer(text, lo, hi)
    ]


def _age_after_name(rules: EntityRules) -> str:
    """A pattern for a person's age written after the name, before what else is said of him
    (rules: `ages`): "Soto (41)", "Soto, 41,", "Soto, de 41 años,"; optional."""
    forms = []
    for age in sorted(rules.ages, key=len, reverse=True):
        words = [re.escape(w).replace(r"\{n\}", r"\d{1,3}") for w in age.replace("(", " ( ").replace(")", " ) ").replace(",", " , ").split()]
        forms.append(r"[ \t]*" + r"[ \t]*".join(words))
    return rf"(?:{'|'.join(forms)})?" if forms else ""


def _alias_pattern(rules: EntityRules) -> re.Pattern[str]:
    """After a name: `, aka "Niño Guerrero"`, `alias El Mencho`, `(41), alias «El Zorro»`, `(alias
    El Zorro)`, `(FBI)`, `(DEA, por sus siglas en inglés)`."""
    markers = "|".join(re.escape(m) for m in rules.alias_markers)
    quoted = "|".join(f"{re.escape(o)}([^{re.escape(o + c)}\\n]{{1,60}}?){re.escape(c)}" for o, c in rules.nickname_quotes)
    # after a marker, quotes that do not pair are quotes still: alias "Pipo” (a slip of the keyboard)
    marks = re.escape("".join(dict.fromkeys(q for pair in rules.nickname_quotes for q in pair)))
    quoted += f"|[{marks}]([^{marks}\\n]{{1,60}}?)[{marks}]"
    # a name's particles may join its capitalised words: alias "Señor de los Cielos"
    particles = "|".join(re.escape(p) for p in sorted(rules.particles, key=len, reverse=True))
    joined = rf"{_GAP}(?:(?:{particles}){_GAP})?{_CAP_WORD}"
    glosses = "|".join(re.escape(g) for g in rules.acronym_glosses)
    gloss = rf"(?:,?[ \t]+(?i:{glosses})[^)\n]{{0,30}})?" if glosses else ""
    return re.compile(
        rf"{_age_after_name(rules)}[ \t]*[,(]?[ \t]*(?:(?i:{markers})[ \t]*,?[ \t]*(?:{quoted}|({_CAP_WORD}(?:{joined}){{0,4}}))"
        rf"|\([ \t]*(?P<acronym>[A-Z][A-Za-z.&]{{1,9}}(?P<number>-?\d{{1,3}})?){gloss}[ \t]*\))"
    )


def _alias_candidates(text: str, candidates: list[Candidate], rules: EntityRules) -> list[Candidate]:
    pattern = _alias_pattern(rules)
    found = []
    for c in candidates:
        m = pattern.match(text, c.end)
        if not m:
            continue
        bracketed = m.group("acronym") is not None
        group = next(g for g in range(m.lastindex or 0, 0, -1) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        while end > start and text[end - 1] in " ,.;:":
            end -= 1
        alias = text[start:end]
        name = text[c.start : c.end]
        if not bracketed and re.search(r"\bof(?:[ \t]+the)?[ \t]+$", text[max(0, c.start - 8) : c.start]) and not (
            acronym_of(re.sub(r"-?\d+$", "", name), alias)
        ):
            # "the sons of Joaquín Guzmán, known as Los Chapitos": the alias is the sons' (but
            # "the leader of MS-13, also known as La Mara Salvatrucha" spells out the gang's)
            continue
        if not alias or not _capitalised(alias) or fold(alias) in STOP_WORDS:
            continue
        letters = alias[: m.start("number") - start] if bracketed and m.group("number") else alias
        if bracketed and not (looks_like_acronym(letters) and _bracket_acronym(letters, name, c) or syllabic_acronym_of(letters, name)):
            continue  # "Ana Ruiz (Mexico)": only an acronym of the name is an alias in brackets ("Secretaría de Marina (Semar)")
        # an acronym with a number names a group, never a person ("Mara Salvatrucha (MS-13)")
        votes = Counter({"ORG": HEAD}) if letters != alias else Counter()
        found.append(Candidate(start, end, votes, None, BY_RULE, same_as=c.start))
        other = _OTHER_ALIAS.match(text, end) if not bracketed else None
        if other and fold(other.group(1)) not in STOP_WORDS:  # "alias Orejón o Checo": two nicknames
            found.append(Candidate(other.start(1), other.end(1), Counter(), None, BY_RULE, same_as=c.start))
    return found


# A second alias after the first: "alias Orejón o Checo", "aka Shorty or Slim".
_OTHER_ALIAS = re.compile(rf"[ \t]+(?:o|u|or)[ \t]+({_CAP_WORD}(?:{_GAP}{_CAP_WORD}){{0,2}})(?![\w])")


def _quoted_nickname_candidates(text: str, candidates: list[Candidate], rules: EntityRules) -> list[Candidate]:
    """A nickname in quotes right after a person's name, after a comma, in brackets or after his
    age: José Adolfo Macías 'Fito', Guadalupe Tapia “El Lupe”, Lucía Peña, «La Güera», Soto (41)
    («El Toro»). Only a short name in quotes, every word capitalised, so that a quotation after a
    name ("Pérez “We will win”") is none."""
    quoted = "|".join(f"{re.escape(o)}({_CAP_WORD}(?:{_GAP}{_CAP_WORD}){{0,2}}){re.escape(c)}" for o, c in rules.nickname_quotes)
    pattern = re.compile(rf"{_age_after_name(rules)}(?:[ \t]*,[ \t]+|[ \t]+\([ \t]*|[ \t]+)(?:{quoted})(?![\w])")
    found = []
    for c in candidates:
        person = c.label == "PERSON" or (c.votes and c.votes.most_common(1)[0][0] == "PERSON")
        m = pattern.match(text, c.end) if person else None
        if m is None:
            continue
        group = next(g for g in range(1, (m.lastindex or 0) + 1) if m.group(g) is not None)
        if fold(m.group(group)) not in STOP_WORDS:
            found.append(Candidate(m.start(group), m.end(group), Counter({"PERSON": CONTEXT}), None, BY_RULE, same_as=c.start))
    return found


def _bracket_acronym(alias: str, name: str, candidate: Candidate) -> bool:
    """Whether a bracketed acronym names the organisation before it: its initials ("FBI"),
    or, for an organisation, any capitals, since a translated name keeps its original
    acronym ("First Capital Command (PCC)", "National Liberation Army (ELN)")."""
    if acronym_of(alias, name):
        return True
    organisation = candidate.label == "ORG" or candidate.votes.get("ORG", 0) > 0
    return organisation and alias.replace(".", "").isupper() and len(name.split()) >= 2


def _watch_candidates(text: str, ranges: list[tuple[int, int]], rules: EntityRules) -> list[Candidate]:
    found = []
    for entry in rules.names:
        forms = sorted({entry.name, *entry.aliases}, key=len, reverse=True)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in forms) + r")(?!\w)")
        first: int | None = None
        for m in (m for lo, hi in ranges for m in pattern.finditer(text, lo, hi)):
            found.append(Candidate(m.start(), m.end(), Counter({entry.type: WATCH}), None, BY_WATCH, same_as=first))
            first = m.start() if first is None else first
    return found


def _watch_names_inside(candidates: list[Candidate], watched: list[Candidate]) -> list[Candidate]:
    """Watch-list spans join the candidates; one lying inside a longer span ("Tocorón"
    in "Tocorón prison") gives that span its type instead of cutting it short."""
    for w in watched:
        around = next((c for c in candidates if c.start <= w.start and w.end <= c.end and c.end - c.start > w.end - w.start), None)
        if around is None:
            candidates.append(w)
        else:
            around.votes.update(w.votes)
    return candidates


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best of overlapping spans: higher priority, then longer, then earlier."""
    chosen: list[Candidate] = []
    # the chosen spans never overlap, so in start order their ends are sorted too:
    # one bisection finds the only span that could overlap (linear in a long document, not quadratic)
    starts: list[int] = []
    ends: list[int] = []
    for c in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        at = bisect_right(ends, c.start)  # the first chosen span ending after c starts
        if c.end <= c.start or (at < len(starts) and starts[at] < c.end):
            continue
        chosen.append(c)
        starts.insert(at, c.start)
        ends.insert(at, c.end)
    return sorted(chosen, key=lambda c: c.start)


# ---- one type per name -------------------------------------------------------


def _decide_types(
    text: str, candidates: list[Candidate], places: Gazetteer, rules: EntityRules
) -> tuple[dict[str, str], set[str]]:
    """The type of each name key: evidence summed over every mention of the name and
    of the names the text links to it ("aka"); a bare surname or a bare place word
    takes the type of the longer name it is part of (those keys are returned too)."""
    key_of = {id(c): name_key(text[c.start : c.end]) for c in candidates}
    parent: dict[str, str] = {}

    def root(key: str) -> str:
        while parent.get(key, key) != key:
            key = parent[key]
        return key

    by_start = {c.start: c for c in candidates}
    for c in candidates:
        other = by_start.get(c.same_as) if c.same_as is not None else None
        if other is not None:
            a, b = root(key_of[id(c)]), root(key_of[id(other)])
            if a != b:
                parent[a] = b

    evidence: dict[str, Counter[str]] = defaultdict(Counter)
    model: dict[str, Counter[str]] = defaultdict(Counter)
    keys_in: dict[str, set[str]] = defaultdict(set)
    for c in candidates:
        key = key_of[id(c)]
        r = root(key)
        keys_in[r].add(key)
        evidence[r].update(c.votes)
        if c.label:
            model[r][c.label] += MODEL

    scores: dict[str, Counter[str]] = {}
    for r, keys in keys_in.items():
        score = Counter({k: min(v, MODEL_CAP) for k, v in model[r].items()})
        score.update(evidence[r])
        for key in keys:
            place = places.place(key)
            # Towns and states share names with people and clubs: they only correct the
            # model's "person" and "facility" (its usual errors), or type what it left untyped;
            # a region's name ("Europa", "the Caribbean") is a region whatever the model says.
            if place and (place.weight >= REGION or not set(model[r]) - {"PERSON", "FAC"}):
                score[place.type] += place.weight
        scores[r] = score
    _surname_evidence(scores, keys_in, places)

    # ties go to the model's most frequent label, then to the label of the longest name
    longest_label: dict[str, str] = {}
    for c in sorted(candidates, key=lambda c: c.end - c.start):
        if c.label:
            longest_label[root(key_of[id(c)])] = c.label
    decided = {
        r: max(s, key=lambda k: (s[k], model[r][k], longest_label.get(r) == k))
        for r, s in scores.items()
        if s and max(s.values()) > 0
    }
    transferred = _types_from_longer_names(decided, places, rules)
    types = {key: decided[root(key)] for key in key_of.values() if root(key) in decided}
    return types, transferred


def _surname_evidence(scores: dict[str, Counter[str]], keys_in: dict[str, set[str]], places: Gazetteer) -> None:
    """A full name is a person when the text speaks of its last words as one: "Sarabia, 51,"
    and "said Cardenas Guillen" count for "Felipe Cabrera Sarabia" and "Mario Cardenas Guillen"
    (the model often types a Spanish full name as an organisation or a place)."""
    roots_of = {key: r for r, keys in keys_in.items() for key in keys}
    person_evidence = {
        key: scores[r]["PERSON"] for key, r in roots_of.items()
        if scores[r] and max(scores[r], key=scores[r].get) == "PERSON" and not places.place(key)
    }
    for r, keys in keys_in.items():
        for key in keys:
            words = key.split()
            for n in range(1, len(words)):
                tail = " ".join(words[n:])
                if tail in person_evidence and roots_of[tail] != r:
                    scores[r]["PERSON"] += person_evidence[tail]
                    break


def _types_from_longer_names(decided: dict[str, str], places: Gazetteer, rules: EntityRules) -> set[str]:
    """"Guerrero" (or "del Castillo") after "Héctor Guerrero" is a person; "Tocorón" after
    "Tocorón prison" is the prison, "Mayfield" after "Mayfield Gardens" the neighbourhood
    (unless the gazetteer and the model agree it is a place). Returns the keys so typed."""
    longer = [k for k in decided if len(k.split()) > 1]
    transferred = set()
    for key in decided:
        core = [w for w in key.split() if w not in rules.particles]
        if len(core) > 1 and decided[key] != "PERSON" and not places.place(key):
            # "Guizar-Valencia", "Cardenas Guillen" after "Jose Guizar-Valencia": the surnames
            if any(decided[full] == "PERSON" and full.split()[-len(core):] == core and len(full.split()) > len(core) for full in longer):
                decided[key] = "PERSON"
                transferred.add(key)
            continue
        if len(core) != 1:
            continue
        word = core[0]
        for full in longer:
            words = full.split()
            if full == key or word not in words:
                continue
            rest = [w for w in words if w != word and w not in rules.particles]
            if decided[full] == "PERSON" and word in words[1:]:
                decided[key] = "PERSON"
            elif (
                decided[full] in ("FAC", "ORG", "LOC")
                and rest
                and all(w in rules.naming_heads for w in rest)
                and not (places.place(key) and decided[key] in ("GPE", "LOC"))
            ):
                decided[key] = decided[full]
            else:
                continue
            transferred.add(key)
            break
    return transferred


def _dissent(candidate: Candidate, decided: str | None, borrowed: bool) -> str | None:
    """The document's type for a name, unless the type was `borrowed` from a longer name
    and this mention's own context clearly says another ("the state of Guerrero" in a
    story about Héctor Guerrero)."""
    if decided is None or not borrowed or not candidate.votes:
        return decided
    local = max(candidate.votes, key=lambda k: candidate.votes[k])
    if local != decided and candidate.votes[local] >= CONTEXT and not candidate.votes[decided]:
        return local
    return decided


# ---- spreading decided names, headlines --------------------------------------


def headline_ranges(text: str) -> list[tuple[int, int]]:
    """Lines written in title case or capitals ("Tocorón Prison Was Birthplace of
    Infamous Gang"): the model reads their capitals as names, so they are handled apart."""
    ranges = []
    for m in re.finditer(r"[^\n]+", text):
        all_words = _WORD.findall(m.group())
        words = [w for w in all_words if w.lower() not in _SMALL_WORDS]
        if len(words) < 4:
            continue
        capitalised = sum(1 for w in words if w[0].isupper())
        # A list of names is capitalised too; a headline also capitalises "Was", "Under".
        title_case = any(w[0].isupper() and w.lower() in STOP_WORDS for w in all_words[1:])
        shouting = sum(1 for w in words if w.isupper()) >= 0.85 * len(words)
        if (title_case or shouting) and capitalised >= 0.85 * len(words) and len(words) - capitalised <= 1:
            ranges.append((m.start(), m.end()))
    return ranges


def _free_standing(text: str, start: int, end: int, rules: EntityRules) -> bool:
    """An occurrence that is not a piece of a longer capitalised name."""
    nxt = _NEXT_WORD.match(text, end)
    if nxt and _capitalised(nxt.group(1)) and text[end] != "\n":
        return False
    if end < len(text) - 1 and text[end] == "-" and text[end + 1].isalnum():
        return False
    prev = _PREV_WORD.search(text, max(0, start - 40), start)
    if prev and _capitalised(prev.group(1)):
        word = fold(prev.group(1))
        if word.endswith(".") and len(word) > 2 and word not in rules.titles and word not in rules.particles:
            return True  # "... in Lima. Roman-Bardales said": a sentence ended before it
        return word in STOP_WORDS or word in rules.titles or text[prev.start(1) - 1 : prev.start(1)] in ('"', "“")
    return True


def _spread(
    text: str,
    forms: dict[str, str],
    covered: bytearray,
    ranges: list[tuple[int, int]],
    rules: EntityRules,
    any_case: bool,
) -> list[Mention]:
    """Mentions of the decided `forms` (surface text -> type) inside `ranges` that no
    mention covers yet. `any_case` matches "Tocorón Prison" to "Tocorón prison"."""
    usable = [f for f in forms if len(f) >= 2 and _capitalised(f)]
    if not usable or not ranges:
        return []
    alternatives = "|".join(re.escape(f) for f in sorted(usable, key=len, reverse=True))
    exact = re.compile(rf"(?<![\w&'’-])(?:{alternatives})(?![\w&])")
    loose = re.compile(exact.pattern, re.IGNORECASE) if any_case else exact
    by_key = {name_key(f): kind for f, kind in forms.items()}
    acronyms = {name_key(f) for f in usable if f.isupper() and len(f) <= 5}
    found = []
    for lo, hi in ranges:
        for m in loose.finditer(text, lo, hi):
            start, end = m.span()
            form = m.group()
            if any(covered[start:end]) or not _capitalised(form):
                continue
            if any_case and name_key(form) in acronyms and form not in forms:
                continue  # "Us" in a headline is not "US"
            if not any_case and not _free_standing(text, start, end, rules):
                continue
            kind = by_key.get(name_key(form))
            if kind:
                found.append(Mention(start, end, form, kind))
                covered[start:end] = b"\x01" * (end - start)
    return found


def _surnames(mentions: list[Mention], forms: dict[str, str], places: Gazetteer, rules: EntityRules) -> dict[str, str]:
    """The surnames of people named in full ("Zambada" of "Ismael Zambada García"), to be
    found where the model missed them; not those that also name a country or a region."""
    found = {}
    for m in mentions:
        words = m.text.split()
        if m.type != "PERSON" or len(words) < 2 or '"' in m.text or "“" in m.text:
            continue
        for word in words[1:]:
            place = places.place(word)
            if (
                len(word) >= 3
                and word[0].isupper()
                and word.replace("-", "").isalpha()  # "Roman-Bardales"
                and word not in forms
                and fold(word) not in STOP_WORDS
                and fold(word) not in rules.particles
                and not (place and place.weight >= REGION)
            ):
                found[word] = "PERSON"
    return found


def _link_aliases(text: str, found: list[Mention], mentions: list[Mention], rules: EntityRules) -> None:
    """The alias the text gives after a name found again ("Roman-Bardales, also known as
    Veterano de Tribus", where the model missed the surname) is that name's."""
    starting = {m.start: m for m in mentions}
    for alias in _alias_candidates(text, [Candidate(m.start, m.end) for m in found], rules):
        named = starting.get(alias.start)  # (the mention may run on: "Veterano de Tribus")
        if named is not None and named.end >= alias.end and named.same_as is None:
            named.same_as = alias.same_as


def _link_described_alike(annotated: Annotated, mentions: list[Mention], rules: EntityRules) -> None:
    """Names the text gives one and the same definite description of a group's role are one
    person's: "captured the gang leader known as "Fito"" ... "announced the capture of the gang
    leader, José Adolfo Macías" (a rival's "the rival gang leader" is another description)."""
    first: dict[tuple[str, ...], Mention] = {}
    for block in annotated.blocks:
        for m in mentions:
            if m.type != "PERSON" or not block.offset <= m.start < block.offset + len(block.doc.text):
                continue
            span = block.doc.char_span(m.start - block.offset, m.end - block.offset, alignment_mode="expand")
            description = _group_role_described(span.root, rules) if span is not None else None
            if description is None:
                continue
            earlier = first.setdefault(description, m)
            if earlier is not m and name_key(earlier.text) != name_key(m.text) and m.same_as is None:
                m.same_as = earlier.start


def _group_role_described(name: Token, rules: EntityRules) -> tuple[str, ...] | None:
    """The definite description of a group's role a name is given, as its words: "the gang
    leader, X" and "the gang leader known as X" give ("gang", "leader"); else None."""
    noun = name.head
    if name.dep_ == "pobj" and noun.dep_ == "prep" and noun.head.dep_ == "acl" and noun.head.lemma_.lower() == "know":
        noun = noun.head.head  # "the gang leader known as X"
    elif name.dep_ != "appos":
        return None
    if rules.descriptors.get(fold(noun.lemma_)) != "PERSON" or not any(c.dep_ == "det" and "Def" in c.morph.get("Definite") for c in noun.children):
        return None
    modifiers = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod") and c.i < noun.i]
    if not modifiers or not any(rules.descriptors.get(fold(c.lemma_)) == "ORG" for c in modifiers):
        return None
    return (*(fold(c.lemma_) for c in modifiers), fold(noun.lemma_))


def _complement(ranges: list[tuple[int, int]], end: int, start: int = 0) -> list[tuple[int, int]]:
    """The parts of [start, end) outside `ranges` (sorted)."""
    out, cursor = [], start
    for lo, hi in ranges:
        if hi <= cursor or lo >= end:
            continue
        if lo > cursor:
            out.append((cursor, lo))
        cursor = max(cursor, hi)
    if cursor < end:
        out.append((cursor, end))
    return out


def _inside(ranges: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(lo <= start and end <= hi for lo, hi in ranges)


def _trusted_in_headline(text: str, c: Candidate) -> bool:
    """In a headline the model takes capitalised words for names ("Tocorón Prison Was
    Birthplace", "ATHLETICS - ..."): its people, spans holding a capitalised "Was" or
    "Under", and spans for which the model's label is the only evidence wait for the body
    to confirm them."""
    if c.priority == BY_WATCH:
        return True
    words = _WORD.findall(text[c.start : c.end])
    # a span found by its capitals alone (the model gave it no label) proves nothing where every word has one
    return c.label not in ("PERSON", None) and not any(w.lower() in STOP_WORDS for w in words) and bool(+c.votes)


def _headline_places(text: str, candidates: list[Candidate], places: Gazetteer) -> dict[str, str]:
    """Names in headlines the gazetteer is sure about (countries, regions, states)."""
    found = {}
    for c in candidates:
        form = text[c.start : c.end]
        place = places.place(form)
        if place and place.weight >= STATE and (c.label in ("GPE", "LOC") or place.weight >= COUNTRY):
            found[form] = place.type
    return found


_LINE = re.compile(r"[^\n]+")
_PARENTHESIS = re.compile(r"\(([^()\n]{1,80})\)")
_SLASH_CREDIT = re.compile(r"(?:[A-Z][\w.'’-]*[ \t]?){1,4}/[ \t]?(?:[A-Z][\w.'’-]*[ \t]?){1,4}")
# A caption's credit at the end of its line: "Policía de Ecuador Crédito: AFP", "... / FOTO: EFE".
_CAPTION_CREDIT = re.compile(r"(?<![\w])([^\W\d_]+):[ \t]*[^:\n]{1,40}$", re.MULTILINE)


def credit_ranges(text: str, rules: EntityRules) -> list[tuple[int, int]]:
    """Stretches that credit a writer, a photographer or an agency, whose names are no
    mentions: a short line opening "By", "Reporting by", "Photo:" ...; such a credit closing a
    caption's line ("Policía de Ecuador Crédito: AFP"); a parenthesis or a slash naming an
    agency ("(AP)", "(AP Photo/Eduardo Verdugo)", "Bonnie Cash/UPI")."""
    labels = {opener for opener in rules.credit_openers if opener.endswith(":") and " " not in opener}
    found = [m.span() for m in _CAPTION_CREDIT.finditer(text) if f"{fold(m.group(1))}:" in labels]
    for m in _LINE.finditer(text):
        line = fold(m.group().strip().lstrip("([").rstrip(")]"))  # "(Reporting by ...; Writing by ...)"
        for opener in rules.credit_openers:
            if line.startswith(opener):
                bare_by = opener.strip() in rules.byline
                limit = rules.byline_chars if bare_by else rules.credit_line_chars
                if len(line) <= limit and not (bare_by and line.endswith(".")):
                    found.append(m.span())
                break
    found.extend(_agency_lines(text, rules))
    for pattern in (_PARENTHESIS, _SLASH_CREDIT):
        for m in pattern.finditer(text):
            start = m.start()
            if pattern is _SLASH_CREDIT and ". " in m.group():
                # "... in the state of Michoacán. AFP / Jane Roe": the credit begins after the sentence
                start += m.group().rindex(". ") + 2
            words = name_words(text[start : m.end()])
            phrases = {" ".join(pair) for pair in zip(words, words[1:])}  # "associated press"
            if (set(words) | phrases) & rules.agencies or fold(text[start : m.end()]).strip("()") in rules.agencies:
                found.append((start, m.end()))
    return found


def operation_names(text: str, rules: EntityRules) -> list[tuple[int, int]]:
    """Where a security operation is named, opener included ("Operation Fast Track", "la
    operación denominada “Neptuno”"; rules: `operations`): its capitalised words are no mentions."""
    openers = "|".join(re.escape(w) for w in rules.operation_openers)
    any_case = "|".join(re.escape(w) for w in {*rules.operation_openers, *(w.lower() for w in rules.operation_openers)})
    naming = "|".join(re.escape(w) for w in rules.operation_naming_words)
    pattern = re.compile(
        rf"(?<![\w])(?:(?:{openers})(?:{_GAP}(?:{naming}))?|(?:{any_case}){_GAP}(?:{naming})){_GAP}[\"“«‘']?"
        rf"{_CAP_WORD}(?:{_GAP}(?:{_CAP_WORD}|\d+))*"
    )
    return [m.span() for m in pattern.finditer(text)]


def _agency_lines(text: str, rules: EntityRules) -> list[tuple[int, int]]:
    """Lines that are an agency's name alone ("Agencia Reforma" under a byline): credits."""
    return [m.span() for m in _LINE.finditer(text) if fold(m.group().strip()) in rules.agencies]


def _before_credit(c: Candidate, credits: list[tuple[int, int]], text: str) -> Candidate:
    """The candidate cut where a credit begins inside it: "Policía de Ecuador" of the caption
    "Policía de Ecuador Crédito: AFP", which the model reads as one name."""
    for start, _ in credits:
        if c.start < start < c.end:
            c.end = len(text[: start].rstrip())
    return c


def find_mentions(annotated: Annotated, rules: EntityRules | None = None) -> list[Mention]:
    """Every named-entity mention, with its caseboard type, in text order."""
    rules = rules or load_rules()
    places = gazetteer(rules.source)
    text = annotated.text
    headlines = headline_ranges(text)
    parsed = [(b.offset, b.offset + len(b.doc.text)) for b in annotated.blocks]

    candidates: list[Candidate] = []
    for block in annotated.blocks:
        candidates.extend(_block_candidates(block, text, rules, places))
        budget.check()
    candidates.extend(_nickname_candidates(text, parsed, rules))
    candidates.extend(_quoted_name_candidates(text, parsed, rules))
    candidates.extend(_dateline_candidates(text, parsed))
    candidates = _watch_names_inside(candidates, _watch_candidates(text, parsed, rules))
    credits = credit_ranges(text, rules) + dateline_credits(text) + operation_names(text, rules)
    candidates = [_before_credit(c, credits, text) for c in candidates if not _inside(credits, c.start, c.end)]
    no_names = rules.substances | rules.measures | rules.credit_labels
    candidates = [c for c in candidates if fold(text[c.start : c.end]) not in no_names]
    in_headline = [c for c in candidates if _inside(headlines, c.start, c.end) and not _trusted_in_headline(text, c)]
    body = _without_overlaps([c for c in candidates if c not in in_headline])
    body = _without_overlaps(body + _alias_candidates(text, body, rules) + _quoted_nickname_candidates(text, body, rules))

    types, borrowed = _decide_types(text, body, places, rules)
    mentions: list[Mention] = []
    covered = bytearray(len(text))
    for start, end in credits:
        covered[start:end] = b"\x01" * (end - start)
    starts: dict[int, Mention] = {}
    for c in body:
        key = name_key(text[c.start : c.end])
        kind = _dissent(c, types.get(key), key in borrowed)
        if kind is None:
            continue
        mention = Mention(c.start, c.end, text[c.start : c.end], kind)
        mentions.append(mention)
        starts[c.start] = mention
        covered[c.start : c.end] = b"\x01" * (c.end - c.start)
    for c in body:
        if c.same_as is not None and c.start in starts and c.same_as in starts:
            starts[c.start].same_as = c.same_as

    forms = {m.text: m.type for m in mentions}
    forms.update(_surnames(mentions, forms, places, rules))
    body_ranges = [piece for lo, hi in parsed for piece in _complement(headlines, hi, lo)]
    spread = _spread(text, forms, covered, body_ranges, rules, any_case=False)
    _link_aliases(text, spread, mentions, rules)
    _link_described_alike(annotated, mentions, rules)
    mentions += spread
    forms.update(_headline_places(text, in_headline, places))
    mentions += _spread(text, forms, covered, headlines, rules, any_case=True)
    headed = bool(annotated.blocks) and load_table("parse", annotated.blocks[0].doc.lang_)["headed_names"]
    for m in mentions:
        if m.type == "PERSON":
            m.title = title_before(text, m.start, rules)
        elif m.type == "ORG":
            m.descriptor = group_noun_after(text, m.end, rules)
        if headed and m.type != "PERSON":
            m.head_before = head_before(text, m.start, rules)
    mentions.sort(key=lambda m: m.start)
    return mentions


_LOWER_HEAD_BEFORE = re.compile(r"(?<![\w])([^\W\d_A-ZÀ-Þ][\w-]*)(?:[ \t]+(de|del))?[ \t]+$")


def head_before(text: str, start: int, rules: EntityRules) -> str | None:
    """The lower-case head written right before a name as part of it (rules: `written_heads`),
    with its "de": "río" in "el río Guayas", "cártel de" in "el cártel de Sinaloa"; or None."""
    m = _LOWER_HEAD_BEFORE.search(text, max(0, start - 30), start)
    if m is None or fold(m.group(1)) not in rules.written_heads:
        return None
    return " ".join(g for g in m.groups() if g)


_NEXT_LOWER_WORD = re.compile(r"[ \t]+([a-z][\w-]*)")


def group_noun_after(text: str, end: int, rules: EntityRules) -> str | None:
    """The lower-case group noun written right after an organisation's name ("gang" in
    "the Bel Air gang"), or None."""
    m = _NEXT_LOWER_WORD.match(text, end)
    return m.group(1) if m and fold(m.group(1)) in rules.group_descriptors else None


def title_before(text: str, start: int, rules: EntityRules) -> str | None:
    """The capitalised title written right before `start` ("Chief" in "Aurora Police
    Department Chief Todd Chamberlain"), or None."""
    line_start = text.rfind("\n", max(0, start - 60), start) + 1
    window = text[max(line_start, start - 60) : start]
    if not window.endswith(" "):
        return None
    words = window.split(" ")[:-1]
    for n in range(min(rules.longest_title, len(words)), 0, -1):
        phrase = words[-n:]
        if _capitalised(phrase[0]) and " ".join(fold(w) for w in phrase) in rules.titles:
            return " ".join(phrase)
    return None
