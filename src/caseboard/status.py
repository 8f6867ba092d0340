"""Who says so: quotations and their speakers, and the status of each fact.

A fact is `denied` when the source reports a denial or negates it, `quoted`
when it stands inside a quotation or, in English news, in the reported speech of a
named speaker ("X announced that ..."; Spanish news reports routine facts so and is
read as asserting them), with `attributed_to` naming the speaker, `alleged`
when the source hedges it ("allegedly", "accused of", "suspected") or reports
it from nobody named ("police said", "prosecutors say"), else `asserted`. The cue
words are data in rules/status.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from spacy.tokens import Doc, Token

from caseboard import budget
from caseboard.model import Quote
from caseboard.nlp import Annotated, subject_unsaid
from caseboard.references import References
from caseboard.rules import load_table

RULES = load_table("status")
HEDGE_MODIFIERS = frozenset(RULES["hedge_modifiers"])
HEDGE_MODALS = frozenset(RULES["hedge_modals"])
HEDGE_VERBS = frozenset(RULES["hedge_verbs"])
DENIAL_VERBS = frozenset(RULES["denial_verbs"])
DENIAL_NOUNS = frozenset(RULES["denial_nouns"])
NEGATIONS = frozenset(RULES["negations"])
HEDGE_MOODS = frozenset(RULES["hedge_moods"])
COPULAS = frozenset(RULES["copulas"])
SPEECH_VERBS = frozenset(RULES["speech_verbs"])
ANNOUNCING_VERBS = frozenset(RULES["announcing_verbs"])
WRITER_VOICE = frozenset(RULES["writer_voice"])
ATTRIBUTIONS = frozenset(phrase.split()[0] for phrase in RULES["attribution_phrases"])
MIN_QUOTE_WORDS: int = RULES["min_quote_words"]
_QUOTATION = re.compile(
    "|".join(f"{re.escape(o)}([^{re.escape(c)}{re.escape(o)}\\n]+){re.escape(c)}" for o, c in RULES["quote_marks"].items())
)
_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
# A quotation without its own speaker continues the previous one when this close.
CONTINUATION_CHARS = 400


def find_quotes(annotated: Annotated, refs: References) -> list[Quote]:
    """Every direct quotation in the parsed blocks, with its speaker where the text names one."""
    found: list[Quote] = []
    for block in annotated.blocks:
        previous: Quote | None = None
        dashes = dialogue_dashes(block.doc.lang_)
        for start, end in sorted([*_quotation_spans(block.doc.text), *_dialogue_spans(block.doc.text, dashes)]):
            quote_start, quote_end = block.offset + start, block.offset + end
            speaker, attributed = _speaker(block.doc, block.offset, start, end, refs)
            if not attributed and previous is not None and quote_start - previous.end <= CONTINUATION_CHARS:
                speaker = previous.speaker
            name = refs.entities[speaker].name if speaker else None
            quote = Quote(quote_start, quote_end, annotated.text[quote_start:quote_end], speaker, name)
            found.append(quote)
            previous = quote
        budget.check()
    return found


def _quotation_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each quotation's words, without the marks and trailing commas."""
    for match in _QUOTATION.finditer(text):
        start, end = match.span(match.lastindex or 0)
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1] in " ,;:":
            end -= 1
        if len(text[start:end].split()) >= MIN_QUOTE_WORDS:
            yield start, end


@lru_cache(maxsize=None)
def reported_speech_status(lang: str) -> str:
    """The status of what a named speaker is reported to say, in the language's news (rules/status*.yaml)."""
    return str(load_table("status", lang)["reported_speech_status"])


@lru_cache(maxsize=None)
def dialogue_dashes(lang: str) -> str:
    """The dashes that open and interrupt speech in `lang` (rules/status.<lang>.yaml): in
    English a dash is punctuation, a dateline's or an aside's, never a quotation mark."""
    return "".join(load_table("status", lang)["dialogue_dashes"])


def _dialogue_spans(text: str, dashes: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the speech on each line a dash opens: up to the narrator's dash and
    again after the narrator's closing one ("—Los capturaremos —dijo el ministro—. No habrá
    tregua."), without the marks and the punctuation around them."""
    if not dashes:
        return
    marks = f"[{re.escape(dashes)}]"
    for line in re.finditer(rf"^[ \t]*{marks}[^\n]*", text, re.M):
        cursor = line.start() + line.group().index(next(c for c in line.group() if c in dashes)) + 1
        pieces = re.split(marks, text[cursor : line.end()])
        for number, piece in enumerate(pieces):
            start, end = cursor, cursor + len(piece)
            cursor = end + 1
            if number % 2:
                continue  # the narrator's words between two dashes
            while start < end and (text[start].isspace() or text[start] in ".,;:"):
                start += 1
            while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
                end -= 1
            if len(text[start:end].split()) >= MIN_QUOTE_WORDS:
                yield start, end


def _speaker(doc: Doc, offset: int, start: int, end: int, refs: References) -> tuple[str | None, bool]:
    """(speaker entity id, whether a speech verb attributes the quotation at all)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return None, False
    inside = {t.i for t in span}
    sentences = {t.sent for t in span}
    verbs = [
        t
        for sentence in sorted(sentences, key=lambda s: s.start)
        for t in sentence
        if t.i not in inside and t.lemma_.lower() in SPEECH_VERBS and t.pos_ in ("VERB", "AUX")
    ]
    if not verbs:
        return None, False
    verb = min(verbs, key=lambda t: min(abs(t.idx - start), abs(t.idx - end)))
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    for subject in subjects:
        return speaker_of(subject, offset, refs, offset + start), True
    return None, True


def speaker_of(subject: Token, offset: int, refs: References, position: int) -> str | None:
    """The entity a speech verb's subject names: "Chief Todd Chamberlain", "he", "a police spokesman"."""
    if subject.lower_ in _PRONOUNS and subject.lower_ not in ("we", "they", "i"):
        return refs.speaker_near(position)
    direct = refs.entity_of(offset, subject)
    if direct is not None:
        return direct
    found = [refs.entity_of(offset, t) for t in subject.subtree]
    named = [e for e in found if e is not None]
    for kind in ("PERSON", "ORG", "GPE"):
        for ident in named:
            if refs.type_of(ident) == kind:
                return ident
    return None


def _path_up(token: Token) -> Iterator[tuple[Token, Token]]:
    """(child, head) pairs from `token` up to its sentence root."""
    while token.head.i != token.i:
        yield token, token.head
        token = token.head


def fact_status(words: list[Token], offset: int, refs: References, quotes: list[Quote]) -> tuple[str, str | None]:
    """(status, attributed_to) of a fact stated by `words` (its trigger first) in a block at `offset`."""
    trigger = words[0]
    denied = _denial(words, offset, refs)
    if denied is not None:  # a negation in reported speech is the speaker's denial
        return "denied", denied or _reported_speech(trigger, offset, refs)[0] or None
    quote = _quotation_at(offset + trigger.idx, quotes)
    if quote is not None:
        return "quoted", quote.speaker
    reported, verb = _reported_speech(trigger, offset, refs)
    if reported and refs.type_of(reported) == "ORG" and verb is not None and verb.lemma_.lower() in ANNOUNCING_VERBS:
        # "was extradited, the ministry announced": the body that acted says so (what it says is quoted)
        return "asserted", None
    if reported:
        return reported_speech_status(trigger.doc.lang_), reported
    if reported == "" and verb is not None and subject_unsaid(verb) and "Sing" in verb.morph.get("Number"):
        # "..., añadió": the one the text quoted before ("dijeron" may be anybody: "they say")
        return reported_speech_status(trigger.doc.lang_), None
    if reported == "":  # "police said", "prosecutors say": nobody named vouches for it (SCHEMA.md: alleged)
        return "alleged", None
    if _hedged(words):
        return "alleged", None
    return "asserted", None


def description_status(words: list[Token], offset: int, quotes: list[Quote]) -> tuple[str, str | None]:
    """(status, attributed_to) of a fact a noun phrase states ("Mexico's Zetas cartel", "X, a
    leader of Y"): the writer's description, asserted whoever the sentence reports, unless it
    stands in a quotation or the phrase itself hedges it ("the alleged leader")."""
    quote = _quotation_at(offset + words[0].idx, quotes)
    if quote is not None:
        return "quoted", quote.speaker
    if any(_hedge_modifier(child, ("advmod", "amod")) for word in words for child in word.children):
        return "alleged", None
    return "asserted", None


def _quotation_at(position: int, quotes: list[Quote]) -> Quote | None:
    return next((q for q in quotes if q.start <= position < q.end), None)


def _hedge_modifier(child: Token, deps: tuple[str, ...]) -> bool:
    """Whether `child` hedges the word it modifies: "allegedly seized", "the alleged leader"."""
    return child.dep_ in deps and (child.lemma_.lower() in HEDGE_MODIFIERS or child.lower_ in HEDGE_MODIFIERS)


def _denial(words: list[Token], offset: int, refs: References) -> str | None:
    """"" for a negated fact, the denier's id for a reported denial, else None."""
    for word in _with_copulas(words):
        for child in word.children:
            if child.dep_ == "neg" or (child.dep_ == "det" and child.lower_ in NEGATIONS):
                return ""
    for child, head in _path_up(words[0]):
        if child not in words and child.lemma_.lower() not in COPULAS:
            break  # a denial covers the clause it governs, not what is embedded deeper
        if head.lemma_.lower() in DENIAL_VERBS and child.dep_ not in _SUBJECTS:
            subject = next((c for c in head.children if c.dep_ == "nsubj"), None)
            return (speaker_of(subject, offset, refs, offset + head.idx) if subject is not None else None) or ""
        if head.lemma_.lower() in DENIAL_NOUNS and child.dep_ in ("acl", "ccomp", "relcl"):
            if any(c.dep_ == "det" and c.lower_ in NEGATIONS for c in head.children):
                return ""  # "no evidence that the gang took over"
    return None


def _with_copulas(words: list[Token]) -> list[Token]:
    """The fact's words and the verb a predicate noun hangs from ("is not a member")."""
    return words + [w.head for w in words if w.dep_ in ("attr", "acomp", "oprd")]


def _reported_speech(trigger: Token, offset: int, refs: References) -> tuple[str | None, Token | None]:
    """The speaker's id ("" when unnamed) when the fact is reported speech, else None; with
    the speech verb that reports it (None for "according to")."""
    if trigger.dep_ in ("appos", "compound") and trigger.pos_ in ("NOUN", "PROPN"):
        return None, None  # "police said X, a member of Y, ...": the apposition is the writer's description
    chain = [trigger] + [head for _, head in _path_up(trigger)]
    for child, head in _path_up(trigger):
        if child.dep_ == "ccomp" and head.lemma_.lower() in SPEECH_VERBS:
            if head.head.lemma_.lower() in WRITER_VOICE:
                return None, None  # "cabe precisar que ...": the writer's aside
            speaker = _subject_speaker(head, offset, refs)
            if not speaker and head.lemma_.lower() in HEDGE_VERBS:
                return None, None  # "it is alleged that": a hedge, not anybody's statement
            return speaker, head
    for word in chain:
        for child in word.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in SPEECH_VERBS:
                return _subject_speaker(child, offset, refs), child
            if child.lower_ in ATTRIBUTIONS and child.dep_ == "prep":
                source = [t for t in child.subtree if t.dep_ == "pobj"]
                return (speaker_of(source[0], offset, refs, offset + child.idx) if source else None) or "", None
    return None, None


def _subject_speaker(verb: Token, offset: int, refs: References) -> str:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (speaker_of(subject, offset, refs, offset + verb.idx) if subject is not None else None) or ""


def _hedged(words: list[Token]) -> bool:
    """Whether a hedge modifies the fact's words or a hedging verb governs them."""
    for word in _with_copulas(words):
        if _hedging_mood(word):
            return True
        for child in word.children:
            if _hedge_modifier(child, ("advmod", "amod", "acomp")):
                return True
            if child.dep_ in ("aux", "auxpass") and (child.lower_ in HEDGE_MODALS or _hedging_mood(child)):
                return True
    for child, head in _path_up(words[0]):
        if child.dep_ == "advcl" and any(c.dep_ == "mark" for c in child.children):
            return False  # "se cree que X lo dirige desde que Y fue capturado": the capture is background
        if head.lemma_.lower() in HEDGE_VERBS and head not in words and (child.dep_ not in _SUBJECTS or _impersonal(head)):
            return True
    return False


def _hedging_mood(verb: Token) -> bool:
    """Whether a verb's mood hedges it: the Spanish conditional of hearsay ("sería el
    líder", "habría escapado", "controlaría la ruta")."""
    return any(mood in HEDGE_MOODS for mood in verb.morph.get("Mood"))


def _impersonal(verb: Token) -> bool:
    """Whether nobody is the subject of `verb`: "se cree que ...", where the Spanish parse
    makes the clause believed the subject."""
    return any(c.dep_ == "expl" for c in verb.children)
