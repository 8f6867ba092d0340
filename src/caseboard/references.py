"""Which entity a parsed token names: its mention, or a definite noun referring back.

Facts and quotations are read from the dependency parse, token by token; this
module answers "which entity is this token?" for both. A token inside an entity
mention names that entity. A definite noun such as "the gang" or "the prison"
names the nearest earlier entity of the matching type (rules/facts.yaml,
`anaphora`), which is how "The gang's leader, X" links X to the gang named in
an earlier sentence.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.tokens import Token

from caseboard.aliases import name_key
from caseboard.model import Entity
from caseboard.rules import load_table

DEFINITE = frozenset(load_table("facts")["definite_determiners"])
# Characters around a mention searched for a describing noun ("the Venezuelan gang X").
DESCRIPTION_WINDOW = 40
# Characters back to look for the person a pronoun means.
PRONOUN_WINDOW = 400
_NAMED_AS = frozenset(load_table("facts")["role_group_prepositions"]["as"])
_COPULAS = frozenset(load_table("status")["copulas"])
_SENTENCE_END = re.compile(r"[.!?\n]")


@dataclass(frozen=True)
class Named:
    """One mention of an entity: offsets into the document text."""

    start: int
    end: int
    entity_id: str
    type: str


class References:
    """Token -> entity lookups over one document's entities."""

    def __init__(self, entities: list[Entity], text: str = ""):
        self.entities = {e.id: e for e in entities}
        self.mentions = sorted(
            (Named(m.start, m.end, e.id, e.type) for e in entities for m in e.mentions),
            key=lambda n: n.start,
        )
        self._starts = [n.start for n in self.mentions]
        rules = load_table("facts")
        self.anaphora = {noun: kind for kind, nouns in rules["anaphora"].items() for noun in nouns}
        self.pronouns = {word: kind for kind, words in rules["pronouns"].items() for word in words}
        self.group_pronouns = frozenset(rules["group_pronouns"])
        self.pronouns.update((word, "ORG") for word in self.group_pronouns)
        barred = {kind: set(words) for kind, words in rules["anaphora_not_named"].items()}
        self._antecedents = {
            e.id for e in entities if not barred.get(e.type, set()) & set(name_key(e.name).split())
        }
        # agencies, courts, ministries: an organisation one of whose names holds such a word
        rebel = {name_key(word) for word in rules["rebel_names"]}
        self._institutions = set()
        for e in entities:
            words = set(name_key(" ".join([e.name, *e.aliases])).split()) if e.type == "ORG" else set()
            if words & barred["ORG"] and not words & rebel:
                self._institutions.add(e.id)
        self._described = {e.id for e in entities if self._is_described(e, text)}
        self.text = text
        plural = rules["plural_references"]
        self._plural_pronouns = frozenset(plural["pronouns"])
        self._plural_nouns = frozenset(plural["nouns"])
        self._plural_determiners: dict[str, int] = dict(plural["determiners"])
        joiners = "|".join(re.escape(w) for w in sorted(plural["joiners"], key=len, reverse=True))
        # "A and B", "A, B and C", "A, 65, and brother B": an age and a kinship or role word may stand between
        self._people_joined = re.compile(rf"\s*(?:,\s*\d{{1,3}}\s*)?,?\s*(?:{joiners})?\s*(?:[a-z]+\s+){{0,2}}")

    def _is_described(self, entity: Entity, text: str) -> bool:
        """Whether the text calls the entity by one of its type's nouns ("the Venezuelan gang
        Tren de Aragua", "Jalisco New Generation Cartel"): such an entity is what "the gang" means."""
        nouns = {n for n, kind in self.anaphora.items() if kind == entity.type}
        if nouns & set(name_key(entity.name).split()):
            return True
        for m in entity.mentions:
            before = _SENTENCE_END.split(text[max(0, m.start - DESCRIPTION_WINDOW) : m.start])[-1]
            after = _SENTENCE_END.split(text[m.end : m.end + DESCRIPTION_WINDOW])[0]
            if nouns & set(name_key(f"{before} {after}").split()):
                return True
        return False

    def is_group(self, entity_id: str) -> bool:
        """Whether the text calls this organisation a gang, cartel, clan ... (a criminal group)."""
        # "police", "FBI", "court" ... name no gang, however close the word "gang" stands
        return entity_id in self._described and entity_id in self._antecedents and self.type_of(entity_id) == "ORG"

    def is_institution(self, entity_id: str) -> bool:
        """Whether this organisation is an agency, a court, a ministry ... (named with such a word:
        "Federal Bureau of Investigation", "Policía Nacional"), whose chiefs head it rather than lead it."""
        return entity_id in self._institutions and not self.is_group(entity_id)

    def type_of(self, entity_id: str) -> str:
        return self.entities[entity_id].type

    def mention_at(self, offset: int, token: Token) -> Named | None:
        """The mention covering `token` (whose block starts at `offset`), if any."""
        start = offset + token.idx
        end = start + len(token.text)
        index = bisect.bisect_right(self._starts, start) - 1
        for named in self.mentions[max(0, index - 2) : index + 1]:
            if named.start <= start and end <= named.end + 1 and start < named.end:
                return named
        return None

    def entity_of(self, offset: int, token: Token) -> str | None:
        """The entity `token` names: its mention, else a definite noun referring back."""
        named = self.mention_at(offset, token)
        if named is not None:
            return named.entity_id
        return self.antecedent(offset, token)

    def antecedent(self, offset: int, token: Token) -> str | None:
        """For "the gang", "the prison walls", "its leader" or "he": the nearest earlier entity of that type."""
        kind = self.pronouns.get(token.lower_) if token.pos_ == "PRON" else None
        if kind is None:
            kind = self.anaphora.get(token.lemma_.lower())
            if kind is None or token.pos_ not in ("NOUN", "PROPN"):
                return None
            noun = token.head if token.dep_ == "compound" else token
            determiners = [c for c in noun.children if c.dep_ in ("det", "poss")]
            if not any(d.lower_ in DEFINITE for d in determiners):
                return None
        position = offset + token.idx
        candidates = [
            named.entity_id
            for named in reversed(self.mentions[: bisect.bisect_left(self._starts, position)])
            if named.type == kind and named.end <= position and named.entity_id in self._antecedents
        ]
        if token.lower_ in self.group_pronouns:
            if not _acting_subject(token):
                return None  # "it was announced that", "it is a significant arrest": no group
            candidates = [c for c in candidates if c in self._described]
        if token.pos_ == "PRON" and kind == "PERSON":
            # "Guzman was sentenced after he was convicted": a person subject earlier in the
            # same sentence is whom "he" means
            subject = self._subject_before(offset, token) or self._subject_after(offset, token)
            if subject is not None:
                return subject
        if token.pos_ == "PRON":  # "he": the most mentioned person of the last few sentences
            recent = [
                n.entity_id
                for n in self.mentions[: bisect.bisect_left(self._starts, position)]
                if n.start >= position - PRONOUN_WINDOW and n.entity_id in candidates
            ]
            if recent:
                counts = {c: sum(1 for n in self.mentions if n.entity_id == c and n.start < position) for c in set(recent)}
                embedded = {c: self._embedding(offset, token, c, position) for c in set(recent)}
                return max(recent[::-1], key=lambda c: (-embedded[c], counts[c]))
        else:  # "the gang": the nearest one the text has called a gang, if any
            described = [c for c in candidates if c in self._described]
            candidates = described or candidates
        return candidates[0] if candidates else None

    def plural_antecedents(self, offset: int, token: Token) -> list[str]:
        """For "both men", "the two suspects": the last two people the text named; for "they",
        the people it last named together ("Ana Ruiz and Pedro Lanza", "A, B and C"); within
        the last few sentences."""
        position = offset + token.idx
        recent = [
            n for n in reversed(self.mentions[: bisect.bisect_left(self._starts, position)])
            if n.end <= position and n.start >= position - PRONOUN_WINDOW
        ]
        count = self._counted(token)
        if count:
            people = list(dict.fromkeys(n.entity_id for n in recent if n.type == "PERSON"))
            return people[:count][::-1] if len(people) >= count else []
        if token.pos_ != "PRON" or token.lower_ not in self._plural_pronouns or not self.text:
            return []  # (without the text, nothing shows which names were written together)
        run: list[Named] = []
        for named in recent:
            if named.type != "PERSON":
                if run:
                    break
                continue
            if run and not self._people_joined.fullmatch(self.text[named.end : run[-1].start]):
                if len({n.entity_id for n in run}) >= 2:
                    break
                run = []
            run.append(named)
        people = list(dict.fromkeys(n.entity_id for n in reversed(run)))
        return people if len(people) >= 2 else []

    def _counted(self, token: Token) -> int:
        """How many people "both men", "the three suspects" or "both" (a subject) stand for; 0 if none."""
        if token.pos_ == "NOUN" and token.lower_ in self._plural_nouns:
            return max((self._plural_determiners.get(c.lower_, 0) for c in token.children if c.dep_ in ("det", "predet", "nummod")), default=0)
        if token.pos_ == "PRON" and token.dep_ in ("nsubj", "nsubjpass"):
            return self._plural_determiners.get(token.lower_, 0)
        return 0

    def _embedding(self, offset: int, token: Token, entity_id: str, position: int) -> int:
        """How many nouns hold the last mention of `entity_id` before `position` away from its
        verb: "sanctions were placed on Herard" (0) against "the assassination of President
        Moïse" (1), where "he" next means Herard."""
        last = max((n for n in self.mentions if n.entity_id == entity_id and n.end <= position), key=lambda n: n.start)
        start, end = last.start - offset, last.end - offset
        word = token.doc.char_span(start, end, alignment_mode="expand") if 0 <= start and end <= len(token.doc.text) else None
        if word is None:  # in an earlier block of the document
            return 0
        depth, current = 0, word.root
        while current.head.i != current.i and current.head.pos_ not in ("VERB", "AUX"):
            if current.head.pos_ == "NOUN":
                depth += 1
            current = current.head
        return depth

    def _subject_before(self, offset: int, token: Token) -> str | None:
        """The person named as a subject before `token` in its sentence, the nearest first."""
        for word in reversed(token.sent[: token.i - token.sent.start]):
            if word.dep_ in ("nsubj", "nsubjpass"):
                named = self.mention_at(offset, word)
                if named is not None and named.type == "PERSON":
                    return named.entity_id
        return None

    def _subject_after(self, offset: int, token: Token) -> str | None:
        """"Since his escape from prison, Herard has colluded with the gang": a pronoun in a
        phrase put before its clause's subject means that subject, when it names a person."""
        word = token
        while word.head.i != word.i and word.dep_ not in ("nsubj", "nsubjpass"):
            word = word.head
            if word.pos_ in ("VERB", "AUX"):
                subjects = [c for c in word.children if c.dep_ in ("nsubj", "nsubjpass") and c.i > token.i]
                named = self.mention_at(offset, subjects[0]) if subjects else None
                return named.entity_id if named is not None and named.type == "PERSON" else None
        return None

    def speaker_near(self, position: int, kinds: tuple[str, ...] = ("PERSON",)) -> str | None:
        """The nearest entity of one of `kinds` mentioned before `position` (for "he said")."""
        index = bisect.bisect_left(self._starts, position) - 1
        while index >= 0:
            named = self.mentions[index]
            if named.type in kinds:
                return named.entity_id
            index -= 1
        return None


def _acting_subject(token: Token) -> bool:
    """Whether a pronoun is the subject or object of a verb that says something of it ("it was
    headed by X", "it operates in Y", "he joined it"), not of a copula nor the stand-in for a
    clause ("it was announced that ...", "it is believed to ...") nor a thing named as something
    ("police hailed it as a major arrest")."""
    verb = token.head
    return (
        token.dep_ in ("nsubj", "nsubjpass", "dobj") and verb.pos_ == "VERB"
        and verb.lemma_.isalpha() and verb.lemma_.lower() not in _COPULAS  # "it’s" reads as a verb
        and not any(c.dep_ in ("ccomp", "csubj", "xcomp", "expl", "oprd") or (c.dep_ == "prep" and c.lower_ in _NAMED_AS)
                    for c in verb.children)
    )

