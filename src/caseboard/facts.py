"""Facts: relations and events read from the dependency parse.

Three families of patterns, their trigger words kept as data in rules/facts.yaml:

- role nouns link a person to a group: appositions ("Guerrero, the gang's
  leader"), copulas ("X is the leader of Y"), titles ("Police Chief X") and
  possessives ("the gang's leader");
- verbs link their subject or object to what their prepositions name
  ("was formed within the prison walls", "is held in Tocorón");
- event triggers (verbs and nouns) give an event with its agent, patient and
  place, active or passive ("was indicted by the Southern District of New
  York", "an indictment against Guerrero"), and some events imply a relation
  (an escape from a prison -> escaped_from).

Each fact carries its sentence as evidence, a status from `status.py` and,
for events, a date from `dates.py`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz
from spacy.tokens import Span as Sentence
from spacy.tokens import Token

from caseboard import budget, dates, status
from caseboard.gazetteer import Place, gazetteer
from caseboard.model import RELATIONS, ROLES, Event, Quote, Relation, Span
from caseboard.names import fold, name_key
from caseboard.nlp import Annotated, hyphen_joined, subject_unsaid
from caseboard.references import DEFINITE, Named, References
from caseboard.rules.entities import load_rules
from caseboard.rules import load_table

RULES = load_table("facts")
ROLE_NOUNS: dict[str, str] = {noun: rel for rel, nouns in RULES["role_nouns"].items() for noun in nouns}
HEADS_OF_PLACES = frozenset(RULES["heads_of_places"])
TITLE_WORDS = frozenset(RULES["title_words"])
ORGANISATION_PARTS = frozenset(RULES["organisation_parts"])
FIELD_LENGTH = int(RULES["field_length"])
LEADERSHIP_PREPS = frozenset(RULES["leadership"]["prepositions"])
LEADERSHIP_NOUNS = frozenset(RULES["leadership"]["nouns"])
SUBORDINATE_TITLES = frozenset(RULES["subordinate_titles"])
TITLE_LENGTH: int = RULES["title_length"]
# Marks between a role's phrase and the name it describes: "the leader of the gang, X" / "- X".
NAME_AFTER_MARKS = frozenset(RULES["name_after_marks"])
ROLE_FRAMES: dict[tuple[str, str], str] = {
    tuple(frame.split()): rel for rel, frames in RULES["role_frames"].items() for frame in frames  # type: ignore[misc]
}
ROLE_PHRASES: dict[tuple[str, ...], str] = {
    tuple(phrase.split()): rel for rel, phrases in RULES["role_phrases"].items() for phrase in phrases
}
FORMER_PREFIXES = tuple(RULES["former_prefixes"])
# Nouns for people or parts of a group that stand for the group in an event or a
# relation: "40 members of Tren de Aragua were arrested", "Tren de Aragua cells operate in Chile".
GROUP_PARTS = frozenset(ROLE_NOUNS) | frozenset(RULES["group_parts"])
EVENT_PATIENT_PREPS = frozenset(RULES["event_prepositions"]["patient"])
EVENT_AGENT_PREPS = frozenset(RULES["event_prepositions"]["agent"])
EVENT_WITHIN_PREPS = frozenset(RULES["event_prepositions"]["within"])
CARRYING_OUT_VERBS = frozenset(RULES["carrying_out_verbs"])
COMMENTING_VERBS = frozenset(RULES["commenting_verbs"])
OCCURRING_VERBS = frozenset(RULES["occurring_verbs"])
PASSIVE_MARKERS = frozenset(RULES["passive_markers"])
SOUGHT_NOUNS = frozenset(RULES["sought_nouns"])
INSTRUMENT_SUBJECTS = frozenset(RULES["instrument_subjects"])
ORDER_PREPS = frozenset(RULES["orders"]["prepositions"])
ORDER_NOUNS = frozenset(RULES["orders"]["nouns"])
EVENT_POSSESSOR_PREPS = frozenset(RULES["event_prepositions"]["possessor"])
LOCATED_IN_PREPS = frozenset(RULES["located_in"]["prepositions"])
LOCATED_IN_VERBS = frozenset(RULES["located_in"]["verbs"])
ORGANISATION_IN_PREPS = frozenset(RULES["located_in"]["organisation_prepositions"])
BASED = frozenset(RULES["located_in"]["based"])
DIRECTIONS = frozenset(RULES["located_in"]["directions"])
DIRECTION_LEADS = frozenset(RULES["located_in"]["direction_leads"])
PLACE_OF = frozenset(RULES["located_in"]["of"])
NAMED_BY_OF = frozenset(RULES["located_in"]["named_by_of"])
IN_AFTER_COMMA = frozenset(RULES["located_in"]["after_comma"])
PLACE_PARTS = frozenset(RULES["located_in"]["parts"])
PART_PREPS = frozenset(RULES["located_in"]["part_prepositions"])
IN_ADJACENT = frozenset(RULES["located_in"]["adjacent"])
IN_AFTER_LIST = frozenset(RULES["located_in"]["after_list"])
ADJACENT_FILLERS = frozenset(RULES["located_in"]["adjacent_fillers"])
NAMING_VERBS = frozenset(RULES["naming_verbs"])
PERSON_OF_PREPS = frozenset(RULES["person_of_preposition"])
PERSON_AT_PREPS = frozenset(RULES["person_at_preposition"])
ROLE_GROUP_PREPS = frozenset(RULES["role_group_prepositions"]["role"])
ROLE_NOUN_PREPS = {noun: frozenset(preps) for noun, preps in RULES["role_noun_prepositions"].items()}
# the roles of people who act for an institution they work in
OFFICIALS = frozenset({"employee_of", "head_of"})
GROUP_PART_PREPS = frozenset(RULES["role_group_prepositions"]["part"])
ROLE_EXAMPLE_PREPS = frozenset(RULES["role_group_prepositions"]["examples"])
MUTUAL_RELATIONS = frozenset(RULES["mutual_relations"])
GROUPS_OF_GROUPS = frozenset(RULES["groups_of_groups"])
PLACED_PARTS = frozenset(RULES["placed_parts"])
QUANTITY_NOUNS = frozenset(RULES["quantity_nouns"])
ROLE_PLACE_PREPS = frozenset(RULES["role_place_prepositions"])
ADDITIVE_WORDS = frozenset(RULES["additive_words"])
# Characters between two sentences told one after the other (their evidence spans are trimmed).
SENTENCE_GAP = 2
ARRESTED_PEOPLE = frozenset(RULES["arrested_people"])
EXAMPLE_PREPS = frozenset(RULES["example_prepositions"])
ROLE_AS = frozenset(RULES["role_group_prepositions"]["as"])
TITLE_GROUP_PREPS = frozenset(RULES["role_group_prepositions"]["title"])
PLACE_TYPES = ("GPE", "LOC", "FAC")
NOT_OCCUPATIONS = frozenset(RULES["occupations"]["not"])
OCCUPATION_PREPS = frozenset(RULES["occupations"]["prepositions"])
DETENTION_WORDS = frozenset(name_key(word) for word in RULES["detention_words"])
GROUP_NOUNS = frozenset(RULES["anaphora"]["ORG"])
GROUP_ROLES: dict[str, str] = RULES["group_roles"]
INSTITUTION_ROLES: dict[str, str] = RULES["institution_roles"]
# Relations that make a person one of a group's, who the group may stand in for in an event.
GROUP_TIES = frozenset({"leader_of", "member_of"})
DEMONYMS = {name_key(adjective): name_key(country) for adjective, country in RULES["demonyms"].items()}
DEMONYM_PREFIX: int = RULES["demonym_prefix"]
UNREALISED = frozenset(RULES["unrealised_governors"])
UNREALISED_MODALS = frozenset(RULES["unrealised_modals"])
CRIME_EVENTS = frozenset(RULES["crime_events"])
REPORTING_EVENTS = frozenset(RULES["reporting_events"])
BACKGROUND_PREPS = frozenset(RULES["background_prepositions"])
CHARGE_WORDS = frozenset(RULES["charge_words"])

# Dependencies that open a new clause: arguments are not looked for across them.
CLAUSE_DEPS = frozenset({"relcl", "ccomp", "advcl", "parataxis", "csubj", "acl"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "expl"})
RELATIVE_PRONOUNS = frozenset(RULES["relative_pronouns"])
PERSONAL_RELATIVES = frozenset(RULES["personal_relatives"])
POSSESSIVE_RELATIVES = frozenset(RULES["possessive_relatives"])
# A dateline ("SANTIAGO, Chile (AP) —") ends at a dash within the first tokens of a sentence.
DATELINE_DASHES = frozenset({"—", "–", "--"})
DATELINE_TOKENS = 12
# A misspelt trigger verb ("commandedeered") still counts when this close to the real one.
TYPO_SIMILARITY = 86
TYPO_MIN_LENGTH = 9


@dataclass(frozen=True)
class Trigger:
    """A trigger phrase: a head lemma and the lemmas that must accompany it."""

    kind: str
    head: str
    rest: tuple[str, ...]


@dataclass(frozen=True)
class Triggers:
    """One table of trigger phrases, with their head words for a quick first test."""

    phrases: tuple[Trigger, ...]
    heads: frozenset[str]


def _triggers(table: dict[str, dict], key: str) -> Triggers:
    found = []
    for kind, spec in table.items():
        for phrase in spec.get(key, []):
            words = phrase.split()
            found.append(Trigger(kind, words[0], tuple(words[1:])))
    return Triggers(tuple(found), frozenset(t.head for t in found))


EVENT_VERBS = _triggers(RULES["events"], "verbs")
EVENT_NOUNS = _triggers(RULES["events"], "nouns")
AGENT_NOUNS = {noun: kind for kind, spec in RULES["events"].items() for noun in spec.get("agent_nouns", ())}
RELATION_VERBS = _triggers(RULES["relation_verbs"], "verbs")
REFLEXIVES = frozenset(RULES["reflexive_pronouns"])
INSTRUMENT_VERBS = frozenset(RULES["instrument_verbs"])
NOUN_HOLDER_PREPS = frozenset(RULES["relation_noun_holders"])
NOUN_HOLDER_PREDICATES: dict[str, list[str]] = RULES["noun_holder_predicates"]
REPORTING_PRONOUNS = frozenset(RULES["reporting_pronouns"])
RELATION_NOUNS = _triggers(RULES["relation_verbs"], "nouns")


def extract(
    annotated: Annotated,
    refs: References,
    quotes: list[Quote],
    published: str | None = None,
) -> tuple[list[Relation], list[Event]]:
    """The relations and events stated in the parsed blocks of one document, each once;
    `refs` knows the document's entities."""
    relations: list[Relation] = []
    events: list[Event] = []
    anchor: str | None = None
    arrested: list[str] = []
    for block in annotated.blocks:
        reader = FactReader(annotated.text, block.offset, refs, quotes, published)
        for sentence in block.doc.sents:
            reader.anchor, reader.arrested = anchor, arrested
            found_events = list(reader.events(sentence))
            events.extend(found_events)
            arrested = arrested + [
                e for event in found_events if event.type == "arrest" for e in event.participants["patient"]
                if refs.type_of(e) == "PERSON" and e not in arrested
            ]
            relations.extend(reader.role_relations(sentence))
            relations.extend(reader.title_relations(sentence))
            relations.extend(reader.under_leadership(sentence))
            relations.extend(reader.phrase_roles(sentence))
            relations.extend(reader.verb_relations(sentence))
            relations.extend(reader.located_in(sentence))
            relations.extend(reader.group_places(sentence))
            relations.extend(reader.part_places(sentence))
            relations.extend(reader.person_of(sentence))
            relations.extend(reader.nationality_places(sentence))
            anchor = dates.last_year(sentence, published, anchor)
            budget.check()
    types = {i: e.type for i, e in refs.entities.items()}
    ties = frozenset((r.subject, r.object) for r in relations if r.relation in GROUP_TIES)
    events = unique_events(events, types, opening_headline(annotated.text), ties)
    # from each event as the document tells it in all: "X was arrested on Monday. The arrest was
    # carried out by the Federal Police" (arrested_by), "A leader of Y was captured ... his arrest"
    return unique_relations(relations + relations_from_events(events, refs) + _unnamed_holders(events, refs)), events


# The opening line is a headline when it is short and not a sentence (entities.headline_ranges
# finds the lines written in title case, whose capitals mislead the model: another question).
HEADLINE_WORDS = 30
_FIRST_LINE = re.compile(r"\s*([^\n]+)")


def opening_headline(text: str) -> tuple[int, int] | None:
    """(start, end) of the document's headline: its first line, when that line is short
    and does not end as a sentence does."""
    m = _FIRST_LINE.match(text)
    if m is None or "\n" not in text[m.end(1) : m.end(1) + 1]:
        return None
    line = m.group(1).rstrip()
    if len(line.split()) > HEADLINE_WORDS or line.endswith((".", "!", "?", ":", ";", ",")):
        return None
    return m.start(1), m.start(1) + len(line)


def allowed(relation: str, subject_type: str, object_type: str) -> bool:
    """Whether the schema allows `relation` between entities of these types."""
    subjects, objects = RELATIONS[relation]
    return subject_type in subjects and object_type in objects


class FactReader:
    """Reads facts from the sentences of one parsed block."""

    def __init__(self, text: str, offset: int, refs: References, quotes: list[Quote], published: str | None):
        self.text = text
        self.offset = offset
        self.refs = refs
        self.quotes = quotes
        self.published = published
        # the year the text last stated, which "that year" and "two years later" count from
        self.anchor: str | None = None
        # the people the text has told arrested so far, whom "the detainees" means
        self.arrested: list[str] = []

    # -- which entities a token stands for ------------------------------------

    def entity(self, token: Token) -> str | None:
        return self.refs.entity_of(self.offset, token)

    def referents(self, token: Token) -> list[str]:
        """Entities a noun phrase names: itself, its conjuncts, its appositions,
        examples ("cities like Aurora") and, for a role noun, its group ("members of X")."""
        found: list[str] = []
        if _leaves_subject_unsaid(token):  # a main clause standing for its subject (_implied_subject)
            return self._unstated_subject(token)
        if token.lower_ in POSSESSIVE_RELATIVES:  # "Los Halcones, whose leader ...": the gang
            clause = next((h for h in token.ancestors if h.dep_ == "relcl"), None)
            return self.referents(clause.head) if clause is not None else []
        for word in (token, *token.conjuncts):
            if _in_dateline(word):
                continue  # "SANTIAGO, Chile (AP) — A court ...": the dateline is nobody's subject
            named = self.refs.mention_at(self.offset, word) or self._nickname_after(word)
            if named is not None:
                found.append(named.entity_id)
                continue
            if word.lemma_.lower() in GROUP_NOUNS:  # "the Los Monos gang": the gang is the one its name says
                modifiers = [self.refs.mention_at(self.offset, c) for c in word.children if c.dep_ in ("compound", "nmod")]
                groups = [m.entity_id for m in modifiers if m is not None and m.type == "ORG"]
                if groups:
                    found.extend(groups)
                    continue
            # "an Asian cartel known as Sam Gor", "the gang leader known as "Fito"", "the leader,
            # identified as "Negro Tulio""
            known = [
                named.entity_id
                for c in word.children if c.dep_ == "acl" and c.lemma_.lower() in NAMING_VERBS
                for p in _names_given(c)
                if (named := self.refs.mention_at(self.offset, p)) is not None
            ]
            if known:
                found.extend(known)
                continue
            appositions = [e for c in word.children if c.dep_ == "appos" for e in self.referents(c)]
            if appositions:  # "the gang he led, Tren de Aragua" names it: no need to look back
                # a role's holder, when the gang's name hangs there too ("el líder de la banda, 'Los Choneros', José Macías")
                people = self.typed(appositions, ("PERSON",)) if _role_title(word) in ROLE_NOUNS else []
                found.extend(people or appositions)
                continue
            if word.lemma_.lower() in NAMED_BY_OF:  # "the northern city of Arica" is Arica
                places = [
                    e for c in word.children if c.dep_ == "prep" and c.lower_ in PLACE_OF
                    for p in _objects_of(c) for e in self.referents(p) if self.refs.type_of(e) in ("GPE", "LOC")
                ]
                if places:
                    found.extend(places)
                    continue
            holders = self._named_on_group(word) if _role_title(word) in ROLE_NOUNS else []
            if holders:  # "arrested the leader of the Tren de Aragua gang, Héctor Guerrero": him, not the gang
                found.extend(holders)
                continue
            if word.lower_ in ARRESTED_PEOPLE and self.arrested and any(c.lower_ in DEFINITE for c in word.children if c.dep_ == "det"):
                found.extend(self.arrested)  # "the detainees are members of MS-13": those the text told arrested
                continue
            reporter = self._reporting_organisation(word)
            if reporter is not None:
                found.append(reporter)
                continue
            together = self.refs.plural_antecedents(self.offset, word)
            if together:  # "Ruiz and Lanza were arrested. Both men ...", "they"
                found.extend(together)
                continue
            direct = self.refs.antecedent(self.offset, word)
            if direct is not None:
                found.append(direct)
                continue
            if word.dep_ == "appos" and self.entity(word.head):
                found.append(self.entity(word.head))  # type: ignore[arg-type]
                if word.lemma_.lower() in ROLE_NOUNS:
                    continue  # "X, a co-leader of the Gulf Cartel, who was arrested": X, not the cartel
            if word.dep_ == "pobj" and word.head.lower_ in PERSON_OF_PREPS and word.head.head.lemma_.lower() in GROUPS_OF_GROUPS:
                found.extend(self.referents(word.head.head))  # "an alliance of gangs led by X": the alliance
            for child in word.children:
                if child.dep_ == "prep" and child.lower_ in EXAMPLE_PREPS:
                    found.extend(e for pobj in _objects_of(child) for e in self.referents(pobj))
                elif child.dep_ == "prep" and child.lower_ in GROUP_PART_PREPS and word.lemma_.lower() in GROUP_PARTS:
                    found.extend(e for pobj in _objects_of(child) for e in self.referents(pobj))
                elif child.dep_ == "prep" and child.lower_ in ROLE_GROUP_PREPS and ROLE_NOUNS.get(word.lemma_.lower()) in OFFICIALS:
                    # "prosecutors in the Eastern District", "officials from the Treasury": the institution acts
                    found.extend(e for pobj in _objects_of(child) for e in self.referents(pobj) if self.refs.is_institution(e))
                elif child.dep_ == "acl" and word.lemma_.lower() in GROUP_PARTS:
                    # "unidades especializadas de la Policía": the parse hangs "de" on the participle
                    found.extend(e for p in _prepositions(child) if p.lower_ in GROUP_PART_PREPS for o in _objects_of(p) for e in self.referents(o))
                elif child.dep_ == "compound" and word.lemma_.lower() in GROUP_PARTS:
                    named = self.refs.mention_at(self.offset, child)  # "FBI agents", "Tren de Aragua members"
                    if named is not None and named.type == "ORG":
                        found.append(named.entity_id)
                elif child.dep_ == "poss" and word.lemma_.lower() in GROUP_PARTS and word.lemma_.lower() not in ROLE_NOUNS:
                    # "a member of the ELN's national directorate": the group owning the part
                    found.extend(e for e in self.referents(child) if self.refs.type_of(e) == "ORG")
        if not found and token.dep_ == "attr" and token.pos_ == "NOUN":
            # "Los Halcones is a gang that operates in Lima": the gang is the subject
            found.extend(e for c in token.head.children if c.dep_ == "nsubj" for e in self.referents(c))
        return list(dict.fromkeys(found))

    def _unstated_subject(self, verb: Token) -> list[str]:
        """Whom a clause with an unsaid subject tells of: what the sentence before was about,
        its subject ("Pérez lideró la banda. En 2018 fue recapturado"), going back over
        sentences that leave theirs unsaid too; one entity for a singular verb, several for a
        plural one, else nobody."""
        sentence = verb.sent
        plural = any("Plur" in w.morph.get("Number") for w in (verb, *verb.children) if w is verb or w.dep_ in ("aux", "auxpass"))
        while sentence.start > 0:
            sentence = verb.doc[sentence.start - 1].sent
            subjects = [c for c in sentence.root.children if c.dep_ in ("nsubj", "nsubjpass")]
            if subjects:
                found = list(dict.fromkeys(e for s in subjects for e in self.referents(s)))
                return found if found and (len(found) > 1) == plural else []
            if not _leaves_subject_unsaid(sentence.root):
                return []
        return []

    def _nickname_after(self, word: Token) -> Named | None:
        """The name a nickname word or an opening quote introduces, when the parse makes that word
        the phrase's head: "capturó a alias ‘Flaco’" (the object is "alias", or the quote)."""
        if fold(word.text) not in load_rules().nickname_before and not word.is_quote:
            return None
        for follower in word.doc[word.i + 1 : word.i + 3]:
            named = self.refs.mention_at(self.offset, follower)
            if named is not None:
                return named
            if not follower.is_quote:
                return None
        return None

    def _reporting_organisation(self, word: Token) -> str | None:
        """The organisation a pronoun subject stands for in what it reports: "the FBI said it
        had arrested X", "prosecutors in the office said they charged X" (the office)."""
        if word.pos_ != "PRON" or word.lower_ not in REPORTING_PRONOUNS or word.dep_ not in ("nsubj", "nsubjpass"):
            return None
        clause = word.head
        while clause.dep_ == "conj":
            clause = clause.head
        if clause.dep_ != "ccomp" or not _is_reporting(clause.head):
            return None
        reporters = [e for c in clause.head.children if c.dep_ == "nsubj" for e in self.referents(c)]
        organisations = [e for e in reporters if self.refs.type_of(e) == "ORG"]
        return organisations[0] if organisations else None

    def named_within(self, token: Token) -> list[str]:
        """Every entity named in the phrase under `token`, not entering other clauses
        nor the state after a city ("Aurora, Colorado" names Aurora)."""
        found = []
        for word in _phrase(token):
            if word.dep_ in ("appos", "npadvmod") and self.entity(word.head) and word.head.pos_ == "PROPN":
                city = self.refs.mention_at(self.offset, word.head)
                if city is not None and city.type == "GPE" and self._state_after_city(word.head, city.end):
                    continue  # not "Colombia, Perú, Bolivia y Chile", a list the parse hangs as appositions
            ident = self.entity(word)
            if ident is not None:
                found.append(ident)
        return list(dict.fromkeys(found))

    def places_in(self, token: Token) -> list[str]:
        """What a prepositional object names: the entity it is ("in the Tocorón prison in
        Venezuela's Aragua state" -> Tocorón), else every entity in its phrase
        ("within the prison walls", "to 11 states across Venezuela")."""
        return self.referents(token) or self.named_within(token)

    def typed(self, ids: Iterable[str], kinds: Iterable[str]) -> list[str]:
        kinds = tuple(kinds)
        return [i for i in ids if self.refs.type_of(i) in kinds]

    # -- evidence, status, dates ----------------------------------------------

    def evidence(self, sentence: Sentence) -> Span:
        start = self.offset + sentence.start_char
        end = self.offset + sentence.end_char
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Span(start, end, self.text[start:end])

    def relation(
        self, subject: str, name: str, obj: str, words: list[Token], described: bool = False
    ) -> Relation | None:
        """The relation, if the schema allows it, with its status. `described`: a noun phrase
        states it ("Mexico's Zetas cartel", "X, a leader of Y"), which is the writer's
        description whoever the sentence reports (status.description_status)."""
        if name in GROUP_ROLES and self.refs.is_group(obj):
            name = GROUP_ROLES[name]  # "the head of the cartel" leads it
        elif name in INSTITUTION_ROLES and self.refs.is_institution(obj):
            name = INSTITUTION_ROLES[name]  # "X heads the FBI", "the commander of the police": its head
        if subject == obj or not allowed(name, self.refs.type_of(subject), self.refs.type_of(obj)):
            return None
        if name == "operates_in" and self.refs.is_institution(subject):
            return None  # "the Investigative Police of Chile" is the state's, not a group at work there
        # (where a place lies is the writer's description wherever it is said: "a resident of
        # Tulare, California")
        if described and (name == "located_in" or not _in_predicate(words[0])):
            state, speaker = status.description_status(words, self.offset, self.quotes)
        else:
            state, speaker = status.fact_status(words, self.offset, self.refs, self.quotes)
        return Relation(subject, name, obj, self.evidence(words[0].sent), state, speaker)

    # -- arguments of a verb --------------------------------------------------

    def agents(self, verb: Token) -> list[Token]:
        """Who does what `verb` says: its active subject, the "by" phrase of a
        passive, or the implied subject of "stop X from escaping"."""
        if _is_passive(verb):
            return [pobj for child in verb.children if child.dep_ == "agent" for pobj in _objects_of(child)]
        if verb.pos_ == "ADJ" and verb.dep_ == "acomp":
            verb = verb.head  # "the gang is active in Chile"
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if subjects:  # "Los Lobos, que actúa en Guayaquil": the Spanish parse makes the clause an acl
            found = [_relative_antecedent(verb) or s if s.lower_ in RELATIVE_PRONOUNS else s for s in subjects]
            return [user for s in found for user in (self._users_of(s) or [s])]
        return _implied_subject(verb)

    def _ordered_by(self, verb: Token) -> list[str]:
        """Who ordered it: "murdered on the orders of X", "killed on X's orders", "asesinado por
        órdenes de X" (the one who ordered an event did it)."""
        found: list[str] = []
        for prep in _prepositions(verb):
            if prep.lower_ not in ORDER_PREPS:
                continue
            for noun in _objects_of(prep):
                if noun.lemma_.lower() in ORDER_NOUNS:
                    givers = [c for c in noun.children if c.dep_ == "poss"]
                    givers += [p for c in noun.children if c.dep_ == "prep" and c.lower_ in PERSON_OF_PREPS for p in _objects_of(c)]
                    found.extend(e for g in givers for e in self.referents(g))
        return found

    def _clause_owner_alone(self, verb: Token, ids: list[str]) -> list[str]:
        """`ids` without those named after a relative clause that `verb` heads: in "Jack Ruby,
        who killed X, and Jim Bakker" the clause tells of Ruby alone."""
        if verb.dep_ != "relcl" or not any(c.lower_ in RELATIVE_PRONOUNS for c in verb.children):
            return ids
        after = {e for c in verb.head.conjuncts if c.i > verb.i and (e := self.entity(c)) is not None}
        return [e for e in ids if e not in after]

    def _users_of(self, noun: Token) -> list[Token]:
        """Who used a weapon that did something: "X fired the shots that killed Y", "a bomb
        planted by X killed Y"; none for any other noun."""
        if noun.lemma_.lower() not in INSTRUMENT_SUBJECTS:
            return []
        if noun.dep_ == "dobj":
            return self.agents(noun.head)
        return [a for c in noun.children if c.dep_ == "acl" for a in self.agents(c)]

    def themes(self, verb: Token) -> list[Token]:
        """What `verb` acts on: its object, or the subject of a passive."""
        if _is_passive(verb):
            subjects = [c for c in verb.children if c.dep_ == "nsubjpass"]
            if subjects:
                return [_relative_antecedent(verb) or s if s.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl" else s for s in subjects]
            return [verb.head] if verb.dep_ in ("acl", "relcl") else _implied_subject(verb)
        objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
        # "the cartel, which X led": the relative pronoun stands for the noun the clause hangs on
        objects = [verb.head if o.lower_ in RELATIVE_PRONOUNS and verb.dep_ in ("relcl", "acl") else o for o in objects]
        if not objects:  # "imputó a Pedro Ruiz": the Spanish parse takes a person's "a" for a dative's
            objects = [c for c in verb.children if c.dep_ == "dative" and any(g.dep_ == "case" for g in c.children)]
        if not objects and verb.dep_ == "relcl" and any(c.dep_ == "nsubj" for c in verb.children):
            return [verb.head]  # "the gang he led": the noun is the object
        return objects

    # -- relations ------------------------------------------------------------

    def role_relations(self, sentence: Sentence) -> Iterator[Relation]:
        """"the gang's leader, X", "X is a member of Y", "Police Chief X", "an inmate at Y"."""
        for word in sentence:
            title = _role_title(word)
            name = ROLE_NOUNS.get(title) or _framed_role(word)
            occupation = name is None and _occupation(word)
            if occupation:
                name = "employee_of"
            # the Spanish tagger reads some role nouns in apposition as adjectives ("X, integrante de Y")
            # (and a hyphenated title the tagger reads by its first word: "the second-in-command")
            if name is None or not (word.pos_ in ("NOUN", "PROPN") or (word.pos_ == "ADJ" and (word.dep_ in ("appos", "acomp") or "-" in title))):
                continue
            holders = self.typed(self._role_holders(word), ("PERSON",))
            groups = self._role_groups(word)
            if occupation:  # "an ecologist at Cornell University", not "a victim of the gang"
                groups = [g for g in self.typed(groups, ("ORG",)) if not self.refs.is_group(g)]
            if name == "head_of" and title not in HEADS_OF_PLACES:
                groups = self.typed(groups, ("ORG",))  # a minister heads a ministry, not the country
            described = word.dep_ not in ("attr", "oprd") and not _named_as(word)
            if name in ("leader_of", "head_of") and _heads_a_part(word):
                name = "employee_of"  # "the cartel's logistics chief" runs a part of it (a member: group_roles)
            if name == "head_of" and any(c.lower_ in SUBORDINATE_TITLES for c in word.lefts if c.dep_ in ("compound", "amod", "nmod")):
                name = "employee_of"  # "X, Assistant United States Attorney at the office": works there
            for holder in holders:
                for group in groups:
                    found = self.relation(holder, name, group, [word], described)
                    if found is not None:
                        yield found
            if name in GROUP_TIES:  # "cabecilla del Clan del Golfo en el municipio de Belmira": the group works there
                places = self.typed((e for p in _prepositions(word) if p.lower_ in ROLE_PLACE_PREPS
                                     for o in _objects_of(p) for e in self.places_in(o)), ("GPE", "LOC"))
                for group in (g for g in groups if self.refs.is_group(g)):
                    yield from self._relations(group, "operates_in", places, word, described)

    def phrase_roles(self, sentence: Sentence) -> Iterator[Relation]:
        """A role a fixed phrase names in place of a noun: "quedó a cargo del cartel",
        "estaba al frente de la banda" (rules/facts.<lang>.yaml, role_phrases)."""
        for word in sentence:
            name = ROLE_PHRASES.get(tuple(t.lower_ for t in (word, *(c for c in word.children if c.dep_ == "fixed"))))
            if name is None:
                continue
            if word.dep_ == "case":  # "estaba al frente de X": the parse hangs the phrase on X
                objects, verb = [word.head], word.head.head
            else:  # "quedó a cargo de X"
                objects, verb = _objects_of(word), word.head
            subjects = self.agents(verb)
            if verb.dep_ in ("flat", "acl") and (not subjects or subjects[0].lower_ in RELATIVE_PRONOUNS):
                subjects = [verb.head]  # "X, quien estaba al frente de": the parse hangs the verb on the name
            holders = self.typed((e for s in subjects for e in self.referents(s)), ("PERSON",))
            groups = self.typed((e for o in objects for e in self.referents(o)), ("ORG",))
            for holder in holders:
                for group in groups:
                    found = self.relation(holder, name, group, [verb])
                    if found is not None:
                        yield found

    def _role_holders(self, noun: Token) -> list[str]:
        own = self.entity(noun)
        if own is not None:  # the title is part of the name: "Chief Todd Chamberlain"
            return [own]
        found: list[str] = []
        if noun.dep_ == "conj" and (_role_title(noun.head) in ROLE_NOUNS or noun.head.pos_ in ("NUM", "PRON")):
            return self._role_holders(noun.head)  # "X, leader and founder of Y", "uno de los líderes y fundadores de Y"
        if noun.dep_ == "pobj" and noun.head.lower_ in GROUP_PART_PREPS and noun.head.head.pos_ in ("NUM", "PRON"):
            noun = noun.head.head  # "X, one of the leaders of Y": "one" stands for X
        elif noun.dep_ == "pobj" and noun.head.lower_ == "among" and noun.head.head.pos_ in ("AUX", "VERB"):
            found.extend(e for s in self.agents(noun.head.head) for e in self.referents(s))  # "X is among the leaders"
        if noun.dep_ == "appos" and noun.head.dep_ == "appos" and noun.head.pos_ in ("PROPN", "NUM") and not self.entity(noun.head):
            found.extend(self.referents(noun.head.head))  # "Sen. X, D-Mich., chairman of Y": past the party and state
        elif noun.dep_ == "appos" and noun.head.pos_ == "NOUN" and not self.entity(noun.head):
            found.extend(self._role_holders(noun.head))  # "he is a commander, a member of Z": the commander's holder
        elif noun.dep_ == "appos" and (_several(noun) or not self.entity(noun.head)):
            found.extend(self.referents(noun.head))  # "X and Y, both members of Z"
        elif noun.dep_ in ("appos", "compound") and self.entity(noun.head):
            # "X, the mayor of M, and Y": one mayor, X; "Police Commissioner X, Judge Y": X's title
            found.append(self.entity(noun.head))  # type: ignore[arg-type]
        for child in noun.children:
            if child.dep_ == "appos":
                found.extend(self.referents(child))
            elif child.dep_ == "prep" and child.lower_ in ROLE_EXAMPLE_PREPS:
                found.extend(e for pobj in _objects_of(child) for e in self.referents(pobj))  # "members of X, including A and B"
            elif child.dep_ == "prep" and child.lower_ in GROUP_PART_PREPS:
                found.extend(e for pobj in _objects_of(child) for e in self._people_listed_after(pobj))
        found.extend(self._named_on_group(noun))
        head = noun.head
        if _framed_role(noun):  # "X was in charge of Y", "X, who is at the helm of Y"
            found.extend(e for s in self.agents(head.head) for e in self.referents(s))
        elif noun.dep_ in ("attr", "oprd", "acomp") or (noun.dep_ == "pobj" and head.lower_ in ROLE_AS):
            verb = head.head if noun.dep_ == "pobj" else head
            while verb.pos_ not in ("VERB", "AUX") and verb.dep_ in ("pobj", "agent") and verb.head.i != verb.i:
                verb = verb.head  # "described by prosecutors as the head": the parse hangs "as" on them
            # "X is the leader": its subject; "police identified X as the leader", "X was described
            # by prosecutors as the head": whom the verb names, before whoever names them
            holders = (self.themes(verb) or self.agents(verb)) if noun.dep_ == "pobj" else (self.agents(verb) or self.themes(verb))
            for subject in holders:
                if subject.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "acl":
                    subject = verb.head  # "X, quien sería miembro de Y": the Spanish parse hangs the clause as acl
                found.extend(self.referents(subject))
        elif _named_as(noun):  # "X fue señalado como cabecilla de Y": the Spanish parse marks the noun
            named = self.themes(head) or self.agents(head)
            if not named and head.dep_ in ("prep", "acl", "advcl") and head.head.pos_ == "VERB":
                named = self.themes(head.head)  # "detuvo a X, señalado como cabecilla de Y": the one detained
            for subject in named:
                found.extend(self.referents(subject))
        if not found:
            found.extend(self._name_after(noun))
        return list(dict.fromkeys(found))

    def _people_listed_after(self, group: Token) -> list[str]:
        """"the leaders of Los Pulpos, Marco Silva and Joao Lima": people after a group's name and a
        comma that the parse joins to the group as a list are the role's holders (not "members of
        X and Y", two things named)."""
        following = group.doc[group.i + 1] if group.i + 1 < len(group.doc) else None
        named = self.entity(group)
        if following is None or following.text != "," or named is None or self.refs.type_of(named) != "ORG":
            return []
        listed = [c for c in group.conjuncts if c.i > group.i]
        people = self.typed((e for c in listed for e in filter(None, [self.entity(c)])), ("PERSON",))
        return people if len(people) == len(listed) else []

    def _name_after(self, noun: Token) -> list[str]:
        """The person named right after a role's phrase, past a comma or a dash: "police arrested
        the leader of the gang, X, on Monday", where the parse hangs X on the verb."""
        end = noun.right_edge.i + 1
        doc = noun.doc
        if end + 1 >= noun.sent.end or doc[end].text not in NAME_AFTER_MARKS:
            return []
        named = self.refs.mention_at(self.offset, doc[end + 1])
        if named is None or named.type != "PERSON" or doc[end + 1].dep_ in ("nsubj", "nsubjpass"):
            return []  # "the leader of the gang, X said": X speaks
        name_end = doc[end + 1]
        while name_end.i + 1 < noun.sent.end and self.refs.mention_at(self.offset, doc[name_end.i + 1]) == named:
            name_end = doc[name_end.i + 1]
        if any(t.dep_ in ("nsubj", "nsubjpass") for t in doc[end + 1 : name_end.i + 1]):
            return []
        return [named.entity_id]

    def _named_on_group(self, noun: Token) -> list[str]:
        """People the parse hangs on the group a role is of: "the founder of the Los Monos gang,
        Máximo Cantero" (the name hangs on "gang"); the founder is that person."""
        return [
            e for child in noun.children if child.dep_ == "prep" and child.lower_ in GROUP_PART_PREPS
            for pobj in _objects_of(child) for a in pobj.children if a.dep_ == "appos"
            for e in self.referents(a) if self.refs.type_of(e) == "PERSON"
        ]

    def _role_groups(self, noun: Token) -> list[str]:
        found = self._own_role_groups(noun)
        if not found:  # "one of the leaders and founders of X": the group the last role names
            found = [g for c in noun.children if c.dep_ == "conj" and _role_title(c) in ROLE_NOUNS for g in self._own_role_groups(c)]
        return found

    def _own_role_groups(self, noun: Token) -> list[str]:
        found: list[str] = []
        for child in noun.children:
            if child.dep_ == "poss":
                found.extend(self.referents(child))
            elif child.dep_ == "prep" and child.lower_ in ROLE_NOUN_PREPS.get(_role_title(noun), ROLE_GROUP_PREPS):
                objects = _objects_of(child)
                named: list[str] = []
                if any(o.lemma_.lower() in GROUP_NOUNS and self.refs.mention_at(self.offset, o) is None for o in objects):
                    # "el líder de la banda criminal 'Los Choneros', José Macías": the parse hangs
                    # the gang's name on the role with its holder's; the gang is that one, not one told before
                    named = self.typed((e for c in noun.children if c.dep_ == "appos" for e in self.referents(c)), ("ORG",))
                named = named or [e for pobj in objects for e in self.referents(pobj)]
                # "vice president of daytime programs for ABC": through the field to the organisation
                found.extend(named or self.typed(self._beyond_field(objects), ("ORG",)))
        if noun.dep_ == "compound":  # "Attorney General Pam Bondi of the Justice Department"
            for child in noun.head.children:
                if child.dep_ == "prep" and child.lower_ in TITLE_GROUP_PREPS:
                    found.extend(e for pobj in _objects_of(child) for e in self.referents(pobj))
        # "Aurora Police Department Chief", "FBI agent", "Tren de Aragua leader", "Venezuelan President"
        before = noun.doc[noun.i - 1] if noun.i > noun.sent.start else None
        for _ in range(FIELD_LENGTH):  # "a Yale University law professor": past the role's field
            if before is None or not _field_word(before) or before.i <= noun.sent.start:
                break
            before = noun.doc[before.i - 1]
        if before is not None and before.dep_ in ("compound", "amod") and before.pos_ in ("PROPN", "NOUN", "ADJ"):
            named = self.refs.mention_at(self.offset, before)
            if named is not None:
                found.append(named.entity_id)
            elif before.ent_type_ == "NORP":  # "Mexican President X" heads Mexico, when the text names it
                found.extend(self.country_of(before.text))
        own = self.entity(noun)
        return [g for g in dict.fromkeys(found) if g != own]

    def _beyond_field(self, nouns: list[Token], depth: int = 3) -> list[str]:
        """What the unnamed nouns of a role's field are "of", "for" or "at": "programs for ABC",
        "development of new products at American Express"."""
        found: list[str] = []
        for noun in nouns:
            if depth == 0 or noun.pos_ != "NOUN" or self.entity(noun) is not None:
                continue
            # "an engineer with the USDA's research service": whose the unnamed part is
            found.extend(e for c in noun.children if c.dep_ == "poss" for e in self.referents(c))
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in TITLE_GROUP_PREPS):
                objects = _objects_of(prep)
                found.extend([e for p in objects for e in self.referents(p)] or self._beyond_field(objects, depth - 1))
        return found

    def under_leadership(self, sentence: Sentence) -> Iterator[Relation]:
        """"The Los Choneros gang, which is under the leadership of X": X leads it."""
        for word in sentence:
            if word.lower_ not in LEADERSHIP_PREPS or word.dep_ != "prep":
                continue
            for noun in _objects_of(word):
                if noun.lemma_.lower() not in LEADERSHIP_NOUNS:
                    continue
                leaders = self.typed((e for c in noun.children if c.dep_ == "prep" and c.lower_ in GROUP_PART_PREPS
                                      for p in _objects_of(c) for e in self.referents(p)), ("PERSON",))
                holder = word.head
                led = [e for t in self.agents(holder) for e in self.referents(t)] if holder.pos_ in ("VERB", "AUX") else self.referents(holder)
                for group in self.typed(led, ("ORG",)):
                    for leader in leaders:
                        yield from self._relations(leader, "leader_of", [group], noun, described=False)

    def title_relations(self, sentence: Sentence) -> Iterator[Relation]:
        """An organisation, a title and a name in a row, however the parse hangs them:
        "Sinaloa cartel kingpin X", "DEA administrator X", "FBI Special Agent in Charge X",
        "Garda (Irish police) Commissioner X"."""
        previous = None
        for word in sentence:
            named = self.refs.mention_at(self.offset, word)
            opens = named is not None and named != previous
            previous = named
            if not opens or named.type != "PERSON":  # type: ignore[union-attr]
                continue
            found = self._title_before(word)
            if found is None:
                continue
            groups, title, words = found
            for group in groups:
                yield from self._titled(named.entity_id, group, title, words, word)  # type: ignore[union-attr]

    def _titled(self, person: str, group: str, title: str, words: set[str], word: Token) -> Iterator[Relation]:
        """What a title between an organisation and a person's name makes them of it."""
        if title == OCCUPATION_TITLE:  # "NFL placekicker X", "CBS anchorman X": work, never in a criminal group
            if self.refs.type_of(group) == "ORG" and not self.refs.is_group(group):
                yield from self._relations(person, "employee_of", [group], word)
            return
        name = ROLE_NOUNS[title]
        if name == "head_of" and words & SUBORDINATE_TITLES:
            name = "employee_of"  # an assistant commissioner works for the force
        if name in ("leader_of", "head_of") and any(w not in TITLE_WORDS and w not in ROLE_NOUNS and w not in GROUP_NOUNS for w in words):
            name = "employee_of"  # "BSP floor leader X" heads a part of it (a member: group_roles)
        if name == "head_of" and self.refs.type_of(group) != "ORG" and title not in HEADS_OF_PLACES:
            return
        yield from self._relations(person, name, [group], word)

    def _title_before(self, name: Token) -> tuple[list[str], str, set[str]] | None:
        """The organisation named just before the title that stands before `name` (with its
        name spelt out in brackets after it), the title's role noun (the one nearest the name)
        and the title's other words."""
        title: str | None = None
        words: set[str] = set()
        fields = 0
        bracketed = 0  # words in brackets, which do not count in the title's length
        spelt_out: list[str] = []  # "CHP (Republican People's Party) leader X": the party's name
        i = name.i - 1
        start = 0  # not the sentence's start: the parser often ends one at "Garda (Irish police)"
        while i >= start and name.i - i - bracketed <= TITLE_LENGTH + 1:
            token = name.doc[i]
            named = self.refs.mention_at(self.offset, token)
            if named is not None:
                return ([named.entity_id, *spelt_out], title, words) if title is not None else None
            if token.text == ")":  # "DEA (Drug Enforcement Administration) administrator"
                opening = next((j for j in range(i - 1, max(start, i - TITLE_LENGTH) - 1, -1) if name.doc[j].text == "("), None)
                if opening is None:
                    return None
                inside = [self.refs.mention_at(self.offset, t) for t in name.doc[opening + 1 : i]]
                spelt_out = [m.entity_id for m in dict.fromkeys(inside) if m is not None and m.type == "ORG"]
                bracketed += i - opening + 1
                i = opening - 1
                continue
            if title is None and i >= 2 and hyphen_joined(name.doc, i - 1):
                opener = i - 2  # "U.N. Secretary-General X", "cartel second-in-command X": split at the hyphens
                while opener >= 2 and hyphen_joined(name.doc, opener - 1):
                    opener -= 2
                whole = _hyphenated(name.doc[opener])
                if whole in ROLE_NOUNS:
                    title = whole
                    i = opener - 1
                    continue
            role = _role_title(token)
            if title is None and role in ROLE_NOUNS:
                title = role
                i -= len(role.split())
                continue
            if title is None and i == name.i - 1 and _occupation_title(token):
                title = OCCUPATION_TITLE  # "retired NFL placekicker X": a noun no role table lists
                i -= 1
                continue
            field = title is not None and _field_word(token) and fields < FIELD_LENGTH  # "Red Cross disaster chairman X"
            if token.lower_ not in TITLE_WORDS and role not in ROLE_NOUNS and not (token.is_lower and token.lemma_ in GROUP_NOUNS) and not field:
                return None  # ("Kinahan gang member X": the group's word is part of the title)
            fields += field and token.lower_ not in TITLE_WORDS
            words.add(token.lower_)
            i -= 1
        return None

    def country_of(self, adjective: str) -> list[str]:
        """The country entity of the document that a nationality adjective stands for."""
        key = name_key(adjective)
        wanted = DEMONYMS.get(key)
        for entity in self.refs.entities.values():
            if entity.type != "GPE":
                continue
            name = name_key(entity.name)
            if wanted is not None:
                if name == wanted:
                    return [entity.id]
            elif len(key) >= DEMONYM_PREFIX and name[:DEMONYM_PREFIX] == key[:DEMONYM_PREFIX]:
                place = gazetteer().place(entity.name)
                if place is not None and place.kind == "country":
                    return [entity.id]
        return []

    def nationality_places(self, sentence: Sentence) -> Iterator[Relation]:
        """A nationality before a place names the country the text names: "the Haitian capital
        of Port-au-Prince" lies in Haiti. Before a group it says where the group comes from, not
        where the text says it works ("an Ecuadorian gang"): blind gold on dev-news gave no
        operates_in for it in 6 of 6 cases."""
        for word in sentence:
            if word.ent_type_ != "NORP" or word.dep_ not in ("amod", "compound") or word.head.pos_ not in ("NOUN", "PROPN"):
                continue
            countries = self.country_of(word.text)
            if not countries:
                continue
            noun = word.head
            if noun.dep_ == "conj" and not any(c.dep_ == "prep" and c.lower_ in PLACE_OF for c in noun.children):
                continue  # "the city of Coquimbo and the Chilean capital": the capital is no name before it
            if load_rules().descriptors.get(noun.lemma_.lower()) in ("GPE", "LOC"):  # "the Haitian capital of X"
                yield from (
                    r for place in self.typed(self.places_in(noun), ("GPE", "LOC", "FAC"))
                    for r in self._relations(place, "located_in", countries, noun)
                )

    def _relations(
        self, subject: str, name: str, objects: Iterable[str], word: Token, described: bool = True
    ) -> Iterator[Relation]:
        """`subject` `name` each of `objects`, the ones the schema allows, stated at `word`."""
        for obj in objects:
            found = self.relation(subject, name, obj, [word], described)
            if found is not None:
                yield found

    def person_of(self, sentence: Sentence) -> Iterator[Relation]:
        """"Lt. Jim Bowell of the Butler Township Fire Department" works for it."""
        for word in sentence:
            person = self.refs.mention_at(self.offset, word)
            if person is None or person.type != "PERSON":
                continue
            if any(c.dep_ == "compound" and _role_title(c) in ROLE_NOUNS for c in word.children):
                continue  # "Attorney General Pam Bondi of the Justice Department": the title says which role
            for child in word.children:
                if child.dep_ == "prep" and (child.lower_ in PERSON_OF_PREPS or child.lower_ in PERSON_AT_PREPS):
                    objects = _objects_of(child)
                    # "of the EPA's water division": the organisation the part is of
                    objects += [c for p in objects if p.pos_ == "NOUN" and p.lemma_.lower() in ORGANISATION_PARTS and self.entity(p) is None
                                for c in p.children if c.dep_ == "poss"]
                    groups = self.typed((e for p in objects for e in self.referents(p)), ("ORG",))
                    yield from self._relations(person.entity_id, "employee_of", groups, word)

    def group_places(self, sentence: Sentence) -> Iterator[Relation]:
        """A place owning a criminal group: "Mexico's Sinaloa cartel", "Los Choneros, one of
        Ecuador's most violent gangs", "Haiti's biggest gang coalition, Viv Ansanm" (operates_in)."""
        for word in sentence:
            if word.pos_ not in ("NOUN", "PROPN"):
                continue
            places = [
                e for c in word.children if c.dep_ == "poss" for e in self.referents(c)
                if self.refs.type_of(e) in ("GPE", "LOC")
            ]
            if not places:
                continue
            own = self.refs.mention_at(self.offset, word)
            if own is not None:
                groups = [own.entity_id]
            elif word.lemma_.lower() in GROUP_NOUNS:  # "Peru's Los Halcones cartel", "one of Peru's gangs"
                named = [self.entity(c) for c in word.children if c.dep_ == "compound"]
                groups = [e for e in named if e] + self._role_holders(word)
            else:
                continue
            for group in groups:
                if not self.refs.is_group(group) and word.lemma_.lower() not in GROUP_NOUNS:
                    continue  # "Mexico's attorney general's office" is no gang of Mexico's
                yield from self._relations(group, "operates_in", places, word, described=not _predicate(word))

    def part_places(self, sentence: Sentence) -> Iterator[Relation]:
        """A part of a group named by its place: "the gang's Canberra chapter", "Tren de Aragua's
        Chilean cell", "the Lima cell of Los Halcones" (operates_in)."""
        for word in sentence:
            if word.pos_ != "NOUN" or word.lemma_.lower() not in PLACED_PARTS:
                continue
            places: list[str] = []
            for child in word.children:
                if child.dep_ in ("compound", "amod", "nmod"):
                    named = self.refs.mention_at(self.offset, child)
                    if named is not None and named.type in ("GPE", "LOC"):
                        places.append(named.entity_id)
                    elif named is None and child.ent_type_ == "NORP":
                        places.extend(self.country_of(child.text))
            if not places:
                continue
            owners = [
                e for c in word.children
                if c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ in GROUP_PART_PREPS)
                for t in ([c] if c.dep_ == "poss" else _objects_of(c)) for e in self.referents(t)
            ]
            for group in self.typed(owners, ("ORG",)):
                yield from self._relations(group, "operates_in", places, word, described=True)

    def verb_relations(self, sentence: Sentence) -> Iterator[Relation]:
        """"X was formed within the prison walls", "X is held in Y", "X expanded to Y"."""
        for word in sentence:
            if word.pos_ in ("VERB", "AUX", "ADJ"):
                triggers = _matching(word, RELATION_VERBS)
            elif word.pos_ == "NOUN":
                triggers = _matching(word, RELATION_NOUNS)
            else:
                continue
            for trigger in triggers:
                kind = trigger.kind
                if "reflexive" in RULES["relation_verbs"][kind] and any(c.dep_ == "dobj" and c.lower_ in REFLEXIVES for c in word.children):
                    kind = RULES["relation_verbs"][kind]["reflexive"]
                spec = RULES["relation_verbs"][kind]
                subjects, objects = self._relation_arguments(word, spec)
                pairs = [(subject, obj) for subject in subjects for obj in objects]
                if not objects and kind in MUTUAL_RELATIONS and not any(c.dep_ == "dobj" for c in word.children):
                    # "A and B are rivals", "A and B are fighting": each is the other's, unless they
                    # fight something else ("police and the army are fighting crime") or are
                    # institutions working together
                    sides = [e for e in subjects if not self.refs.is_institution(e)]
                    pairs = [(sides[0], other) for other in sides[1:]] if len(sides) == len(subjects) else []
                for subject, obj in pairs:
                    found = self.relation(subject, kind, obj, [word])
                    if found is not None:
                        yield found

    def _relation_arguments(self, word: Token, spec: dict) -> tuple[list[str], list[str]]:
        places_of = [word]  # words whose prepositions may name the object
        if word.pos_ == "NOUN":
            holders = [c for c in word.children if c.dep_ == "poss"]
            noun = word
            while noun.dep_ == "pobj" and noun.head.lower_ in PERSON_OF_PREPS and noun.head.head.lemma_.lower() in QUANTITY_NOUNS:
                noun = noun.head.head  # "behind a wave of kidnappings in Y": the wave stands where they do
                places_of.append(noun)
            if not holders and noun.dep_ in ("dobj", "attr") and noun.head.pos_ in ("VERB", "AUX"):
                holders = self.agents(noun.head)
                places_of.append(noun.head)  # "runs extortion rackets in Lima": the parse hangs the place on the verb
            elif not holders and noun.dep_ == "pobj" and noun.head.lower_ in NOUN_HOLDER_PREPS and noun.head.head.pos_ in ("NOUN", "PROPN"):
                holders = [noun.head.head]  # "a gang in conflict with Los Choneros", "a gang with operations in Chile"
            elif not holders and noun.dep_ == "pobj":
                holders = self._predicate_holders(noun.head)
                if holders:  # "linked to operations across Peru": the parse may hang the place on the verb
                    places_of.append(noun.head.head)
            subjects = [e for h in holders for e in self.referents(h)]
            themes: list[Token] = []
        else:
            agents = self._clause_owner_alone(word, [e for t in self.agents(word) for e in self.referents(t)])
            themes = self.themes(word)
            theme_ids = self._clause_owner_alone(word, [e for t in themes for e in self.referents(t)])
            # "is based in Chile": a passive with no agent speaks of its subject
            subjects = (agents or theme_ids) if spec["subject"] == "agent" else (theme_ids or agents)
            if subjects:  # "led the cartel with his brother X": both led it (the parse may hang "with" on the cartel)
                joint = [p for h in (word, *themes) for prep in _prepositions(h) if prep.lower_ in spec.get("joint", ()) for p in _objects_of(prep)]
                subjects += self.typed((e for p in joint for e in self.referents(p)), ("PERSON",))
        objects: list[str] = []
        for slot in spec["objects"]:
            if slot == "theme":  # "controls a part of downtown Port-au-Prince"
                objects.extend(e for t in themes for e in self.places_in(t))
                continue
            if slot == "appos":
                objects.extend(e for c in word.children if c.dep_ == "appos" for e in self.referents(c))
                continue
            copula = [word.head] if word.dep_ == "acomp" else []  # "is active in Chile"
            for holder in (*places_of, *themes, *copula):
                for prep in _prepositions(holder):
                    if prep.lower_ == slot:
                        objects.extend(
                            e for pobj in _objects_of(prep) if pobj.lemma_.lower() not in spec.get("not_objects", ())
                            for e in self.places_in(pobj)
                        )
        return list(dict.fromkeys(subjects)), list(dict.fromkeys(objects))

    def _predicate_holders(self, preposition: Token) -> list[Token]:
        """Whom a predicate ties to the noun after its preposition: "X is behind the violence in
        Y", "X has been linked to operations across Y", "X is blamed for the kidnapping in Y"
        (rules/facts.yaml, noun_holder_predicates)."""
        governor = preposition.head
        if governor.pos_ == "ADJ" and governor.dep_ == "acomp":
            governor = governor.head  # "is responsible for"
        lemmas = NOUN_HOLDER_PREDICATES.get(preposition.lower_, ())
        if governor.pos_ not in ("VERB", "AUX") or (preposition.head.lemma_.lower() not in lemmas):
            return []
        return self.agents(governor) or self.themes(governor)

    def located_in(self, sentence: Sentence) -> Iterator[Relation]:
        """"Tocorón prison in Venezuela", "Venezuela's Tocorón prison", "Aurora, Colorado";
        and for organisations "the gang in US cities like Aurora" (operates_in)."""
        seen: set[str] = set()
        for word in sentence:
            place = self.refs.mention_at(self.offset, word)
            if place is None or place.type not in PLACE_TYPES:
                group = self.entity(word)
                if group is not None and self.refs.type_of(group) == "ORG":
                    yield from self._organisation_in(word, group)
                continue
            yield from self._place_of_described(word, place.entity_id)
            if word.head.lower_ in BASED and word.dep_ in ("npadvmod", "compound", "amod", "nmod"):
                based = word.head.head  # "the Dallas-based company Texas Instruments"
                for group in self.typed([*self.referents(based), *filter(None, [self.entity(based)])], ("ORG",)):
                    found = self.relation(group, "operates_in", place.entity_id, [word], described=True)
                    if found is not None:
                        yield found
            containers: list[str] = []
            holders = [word]
            stated = word.dep_ in ("nsubj", "nsubjpass") and word.head.lemma_.lower() in LOCATED_IN_VERBS
            if stated:
                holders.append(word.head)  # "the prison is (located) in Aragua"
                holders += [c for c in word.head.children if c.dep_ == "attr" and _place_noun(c)]  # "is a city in Aragua"
            if word.dep_ == "compound" and _place_noun(word.head):
                holders.append(word.head)  # "Italy's southern Calabria region", "the Sinaloa state of Mexico"
            if word.dep_ == "appos" and word.head.pos_ == "NOUN":
                holders.append(word.head)  # "la cárcel de Turi, en Cuenca": the Spanish parse names the noun by apposition
            # "Yerevan, the capital of Armenia", "Bosnia's capital, Sarajevo", "Madagascar, an island nation in the Indian Ocean"
            descriptions = [c for c in word.children if c.dep_ == "appos" and _place_noun(c)]
            if word.dep_ == "appos" and _place_noun(word.head):
                descriptions.append(word.head)
            holders += descriptions
            # "the prison, located in Aragua", "la cárcel de Turi, situada en Cuenca"
            holders += [c for h in holders for c in h.children if c.dep_ == "acl" and c.lemma_.lower() in LOCATED_IN_VERBS]
            for child in (c for holder in dict.fromkeys(holders) for c in holder.children):
                if child.dep_ == "prep" and child.lower_ in PART_PREPS:
                    containers.extend(e for pobj in _objects_of(child) for e in self._place_of_part(pobj))
                if child.dep_ == "prep" and (child.lower_ in LOCATED_IN_PREPS or (child.lower_ in PLACE_OF and child.head in descriptions)):
                    containers.extend(e for pobj in _objects_of(child) for e in self.referents(pobj))
                elif child.dep_ == "poss":
                    containers.extend(self.referents(child))
            containers.extend(self._place_after_list(word))
            if place.type in ("GPE", "FAC") and place.entity_id not in seen:  # "Aurora, Colorado", "Camp Butner, N.C."
                containers.extend(self._state_after_city(word, place.end))
            elif place.type == "LOC" and place.entity_id not in seen:
                # "el Valle del Aburrá, Antioquia", "el sector Tejerías, estado Aragua": a region after
                # a comma holds the area only when it is a state or a country ("the Balkans, Belgrade
                # media" and "Table Bay, Cape Town" name no place it lies in)
                states = self._state_after_city(word, place.end)
                containers.extend(e for e in states if _state_or_country(gazetteer().place(self.refs.entities[e].name)))
            if place.type in ("GPE", "LOC", "FAC"):  # "the Renovación 1 prison, in Escuintla"
                containers.extend(self._place_after_comma(word, place.end))
                containers.extend(self._place_right_after(word, place.end))
            seen.add(place.entity_id)
            described = not stated  # "Tocorón prison in Aragua", not "the prison is in Aragua"
            yield from self._relations(place.entity_id, "located_in", dict.fromkeys(containers), word, described)

    def _place_after_list(self, word: Token) -> list[str]:
        """"Brazoria, Fort Bend, Galveston and Harris counties in southeast Texas", "in Aurora,
        Denver and Boulder in Colorado": the place after the last of a list of places holds each
        of them, however the parse hangs it (on the last or on the first); a country lies in no
        other."""
        if word.dep_ != "conj" and not any(c.dep_ == "conj" for c in word.children):
            return []
        first = word
        while first.dep_ == "conj" and first.head.i != first.i:
            first = first.head
        listed = [first, *first.conjuncts]
        last = max(listed, key=lambda t: t.i)
        if word is last or any(t.pos_ != "PROPN" for t in listed):
            return []
        known = self._gazetteer_place(word)
        if self.refs.mention_at(self.offset, word) is None or (known is not None and known.kind == "country"):
            return []
        if any(c.dep_ == "prep" and c.lower_ in IN_AFTER_LIST and c.i < last.i for t in listed for c in t.children):
            return []  # "A District in X Province, B District in Y Province": each has its own
        preps = [c for t in (first, last) for c in t.children if c.dep_ == "prep" and c.lower_ in IN_AFTER_LIST and c.i > last.i]
        found = [e for prep in preps for pobj in _objects_of(prep) for e in self.referents(pobj)]
        final = self.refs.mention_at(self.offset, last)
        if final is not None and not any(self._larger_than_city(t) or (t is not last and self._place_after_own_comma(t)) for t in listed):
            # "Salida and Gunnison, Colo.": the state after the last city holds them all (not
            # "Florida and Columbus, Ohio": a state or a country is no city of the list)
            found += self._state_after_city(self._tokens_from(last.sent[0], final.start, 1)[0], final.end)
        items = {e for t in listed for e in self.referents(t)}
        return [e for e in self.typed(found, ("GPE", "LOC")) if e not in items]

    def _place_after_own_comma(self, word: Token) -> bool:
        """Whether a comma and a place follow the place `word` names: "Jackson, Wyo., and
        Gunnison, Colo." name each city's own state."""
        mention = self.refs.mention_at(self.offset, word)
        after = self._tokens_from(word, mention.end, 2) if mention is not None else []
        return len(after) == 2 and after[0].text == "," and self.refs.mention_at(self.offset, after[1]) is not None

    def _larger_than_city(self, word: Token) -> bool:
        """Whether the place `word` names is a state, a province or a country."""
        return _state_or_country(self._gazetteer_place(word))

    def _gazetteer_place(self, word: Token) -> Place | None:
        """The gazetteer's entry for the mention `word` is in, as the text writes it."""
        mention = self.refs.mention_at(self.offset, word)
        return gazetteer().place(self.text[mention.start:mention.end]) if mention is not None else None

    def _place_of_described(self, word: Token, place: str) -> Iterator[Relation]:
        """A place qualifying the noun that describes an organisation: "Sun Hung Kai, a Hong
        Kong construction firm", "Los Lobos, an Ecuador gang" (operates_in)."""
        noun = word
        for _ in range(3):
            if noun.dep_ not in ("compound", "nmod", "amod") or noun.head.pos_ != "NOUN":
                return
            noun = noun.head
            if load_rules().descriptors.get(noun.lemma_.lower()) == "ORG":
                break
        else:
            return
        if noun.dep_ != "appos" and not any(c.dep_ == "appos" for c in noun.children):
            return  # only a description of a named organisation: not "a Texas court"
        for group in self.typed(self.referents(noun), ("ORG",)):
            yield from self._relations(group, "operates_in", [place], word)

    def _organisation_in(self, word: Token, group: str) -> Iterator[Relation]:
        for child in word.children:
            if child.dep_ == "prep" and child.lower_ in ORGANISATION_IN_PREPS:
                places = dict.fromkeys(e for pobj in _objects_of(child) for e in self.named_within(pobj))
                yield from self._relations(group, "operates_in", places, word)

    def _state_after_city(self, word: Token, end: int) -> list[str]:
        """"Aurora, Colorado": a place right after a comma, not the start of a list;
        "Marcos Paz (Buenos Aires Province)": a place in brackets right after it."""
        after = self._tokens_from(word, end, 7)
        if len(after) < 2 or after[0].text not in (",", "("):
            return []
        if len(after) > 4 and after[1].lower_ in DIRECTIONS and hyphen_joined(after[1].doc, after[2].i) and after[3].lower_ in DIRECTIONS:
            after = [after[0], *after[3:]]  # "Mohammadia, south-east Algeria": the parse splits the hyphen
        if after[1].lower_ in DIRECTION_LEADS:
            after = [after[0], *after[2:]]  # "San Pedro Sula, al norte de Honduras"
            if len(after) < 2:
                return []
        right_after = self.refs.mention_at(self.offset, after[1])  # "Toronto, Canada", not "Arica, bordering Peru"
        kind_of_place = _place_word(after[1]) and right_after is None
        directed = after[0].text == "," and after[1].lower_ in DIRECTIONS and self.refs.mention_at(self.offset, after[1]) is None
        if after[0].text == "," and (after[1].lower_ in DIRECTIONS or kind_of_place) and len(after) > 2:
            # "Kobe, western Japan", "Tejerías, estado Aragua", "Omoa, departamento de Cortés"
            skip = 3 if after[2].lower_ in PLACE_OF and len(after) > 3 else 2
            after = [after[0], after[skip]]
        state = self.refs.mention_at(self.offset, after[1])
        if state is None or state.type not in ("GPE", "LOC") or not self._known_place(state.entity_id):
            return []  # not "Alprazolam (Xanax)", "Fentanilo, Oxycodona": drugs the model took for places
        following = self._tokens_from(after[1], state.end, 2)
        if after[0].text == "(":
            return [state.entity_id] if following and following[0].text == ")" else []
        if state.type != "GPE":
            return []
        # "Kobe, western Japan, and Osaka", "Rockville, Md., and Dover": a direction or an abbreviated
        # state is no item of a list of places, nor is a country right after a city ("a theatre in
        # Toronto, Canada, and one in Boston": a list names places of one kind)
        abbreviated = self.text[state.start:state.end].endswith(".")
        place = self._gazetteer_place(word)  # the whole name, whichever of its words `word` is ("El Salvador")
        larger = gazetteer().place(self.text[state.start:state.end])
        unlike = right_after == state and place is not None and place.kind == "city" and larger is not None and larger.kind == "country"
        if not (directed or abbreviated or unlike) and following and (following[0].pos_ == "CCONJ" or (following[0].text == "," and len(following) > 1
                                                           and (self.refs.mention_at(self.offset, following[1])
                                                                or following[1].pos_ == "CCONJ"))):
            return []  # "Venezuela, Colombia and Peru", "Florida, South Carolina, and Texas", "Perú, Bolivia y Chile" are lists
        if place is not None and place.kind == "country":
            return []  # "El Salvador, Mexico": a country lies in no other
        return [state.entity_id]

    def _known_place(self, entity_id: str) -> bool:
        """Whether the gazetteer knows a place by its name, or by its name without the word for
        its kind ("Buenos Aires Province")."""
        words = self.refs.entities[entity_id].name.split()
        names = [" ".join(words)] + ([" ".join(words[:-1])] if len(words) > 1 and load_rules().descriptors.get(words[-1].lower()) in ("GPE", "LOC") else [])
        return any(gazetteer().place(name) is not None for name in names)

    def _place_after_comma(self, word: Token, end: int) -> list[str]:
        """"Puerto Quito, in Pichincha province", "Chieti, in Abruzzo": a comma and "in" right
        after a place put it in the place that follows."""
        following = self._tokens_from(word, end, 2)
        if len(following) < 2 or following[0].text != ",":
            return []
        if following[1].lower_ in PART_PREPS:  # "Kotor, on Montenegro's Adriatic coast"
            parts = [e for pobj in _objects_of(following[1]) for e in self._place_of_part(pobj)]
            if parts:
                return self.typed(parts, ("GPE", "LOC"))
        if following[1].lower_ not in IN_AFTER_COMMA:
            return []
        # "in Aragua state": a place noun's phrase names the place (not "en un evento en la Casa Blanca")
        named = (e for pobj in _objects_of(following[1]) for e in (self.places_in(pobj) if _place_noun(pobj) else self.referents(pobj)))
        return self.typed(named, ("GPE", "LOC"))

    def _place_of_part(self, noun: Token) -> list[str]:
        """The place a part noun is of: "the outskirts of Lima", "Montenegro's Adriatic coast"."""
        if noun.lemma_.lower() not in PLACE_PARTS and noun.lower_ not in PLACE_PARTS:
            return []
        owners = [c for c in noun.children if c.dep_ == "poss"]
        owners += [p for c in noun.children if c.dep_ == "prep" and c.lower_ in PLACE_OF for p in _objects_of(c)]
        return self.typed((e for o in owners for e in self.referents(o)), ("GPE", "LOC"))

    def _place_right_after(self, word: Token, end: int) -> list[str]:
        """"from Kassala in eastern Sudan", "Bugesera in the southeastern part of Rwanda", "the
        Lurigancho prison on the outskirts of Lima": a known place written right after a place
        and "in" (or a part of it) holds it, wherever the parse hangs the phrase; a country lies
        in no other."""
        after = self._tokens_from(word, end, 7)
        larger: list[str] = []
        if after and after[0].lower_ in PART_PREPS:
            part = next((t for t in after[1:] if t.pos_ not in ("DET", "ADJ")), None)
            larger = self._place_of_part(part) if part is not None else []
        if not larger and after and after[0].lower_ in IN_ADJACENT:
            rest = list(itertools.dropwhile(lambda t: t.lower_ in ADJACENT_FILLERS or t.lower_ in DIRECTIONS, after[1:]))
            if len(rest) > 2 and rest[0].lemma_.lower() in NAMED_BY_OF and rest[1].lower_ in PLACE_OF:
                rest = rest[2:]  # "the La Maria church in the southwestern city of Cali"
            mention = self.refs.mention_at(self.offset, rest[0]) if rest else None
            if mention is not None and mention.type in ("GPE", "LOC") and self._known_place(mention.entity_id):
                larger = [mention.entity_id]
        place = gazetteer().place(self.text[word.idx + self.offset : end])
        return [] if place is not None and place.kind == "country" else larger

    def _tokens_from(self, word: Token, position: int, count: int) -> list[Token]:
        """The first `count` tokens at or after document offset `position`, searching on from `word`."""
        doc = word.doc
        index = word.i
        while index < len(doc) and self.offset + doc[index].idx < position:
            index += 1
        return list(doc[index : index + count])

    # -- events ---------------------------------------------------------------

    def events(self, sentence: Sentence) -> Iterator[Event]:
        for word in sentence:
            if word.pos_ in ("VERB", "AUX"):
                triggers = _matching(word, EVENT_VERBS, typos=True)
            elif word.pos_ == "NOUN":
                triggers = _matching(word, EVENT_NOUNS)
            else:
                continue
            for trigger in triggers[:1]:
                event = self._event(word, trigger)
                if event is not None:
                    yield event
            if word.pos_ == "NOUN" and not triggers:
                kind = _qualified_event(word)  # "a police operation"
                if kind is not None:
                    event = self._event(word, Trigger(kind, word.lemma_.lower(), ()))
                    if event is not None:
                        yield event
            if word.pos_ == "NOUN" and word.lemma_.lower() in AGENT_NOUNS:
                event = self._agent_noun_event(word, AGENT_NOUNS[word.lemma_.lower()])
                if event is not None:
                    yield event
            if word.lower_ in ARRESTED_PEOPLE:
                event = self._arrested_listed(word)
                if event is not None:
                    yield event

    def _arrested_listed(self, noun: Token) -> Event | None:
        """"Los capturados son A, B y C", "the detainees were identified as A and B": the arrest
        of the people listed, which the text's other tellings may give only as a number ("four
        members of the gang were captured")."""
        if noun.dep_ not in ("nsubj", "nsubjpass") or not any(c.lower_ in DEFINITE for c in noun.children if c.dep_ == "det"):
            return None
        verb = noun.head
        listed = [c for c in verb.children if c.dep_ == "attr"]
        if not listed and verb.lemma_.lower() in NAMING_VERBS:
            listed = _names_given(verb)
        people = self.typed((e for t in listed for e in self.referents(t)), ("PERSON",))
        if not people or _unrealised(verb):
            return None
        state, speaker = status.fact_status([verb], self.offset, self.refs, self.quotes)
        return Event(
            type="arrest",
            evidence=self.evidence(noun.sent),
            date=dates.event_date([verb], self.published, _is_event_word, self.anchor),
            participants=_distinct_roles({"agent": [], "patient": people, "place": []}),
            status=state,
            attributed_to=speaker,
        )

    def _agent_noun_event(self, noun: Token, kind: str) -> Event | None:
        """"Kennedy's assassin, Sirhan Sirhan", "Lincoln's killer John Wilkes Booth", "the
        convicted murderer of X, NAME": who the noun names did it to whom it is of."""
        agents = self.typed(self._role_holders(noun), ("PERSON",))
        patients = [e for c in noun.children if c.dep_ in ("poss", "compound") for e in self.referents(c)]
        patients += [e for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in _objects_of(c) for e in self.referents(p)]
        if noun.dep_ == "compound" and self.entity(noun.head):
            # "McKinley's assassin Leon Czolgosz", "Kennedy assassin Lee Oswald": the parse hangs
            # the victim on the name the noun is a title of
            patients += [e for c in noun.head.children if c.dep_ in ("poss", "compound") and c.i < noun.i for e in self.referents(c)]
        patients = [e for e in self.typed(patients, ("PERSON",)) if e not in agents]
        # what someone is said to be stays so whatever is planned about him ("was called to
        # examine Kennedy's assassin, Sirhan"); only as a predicate may a modal make it unreal
        predicate = noun.dep_ in ("attr", "oprd", "acomp")
        if not agents or not patients or (predicate and _unrealised(noun)):
            return None
        state, speaker = status.description_status([noun], self.offset, self.quotes)
        return Event(
            type=kind,
            evidence=self.evidence(noun.sent),
            date=dates.event_date([noun], self.published, _is_event_word, self.anchor),
            participants=_distinct_roles({"agent": agents, "patient": patients, "place": []}),
            status=state,
            attributed_to=speaker,
        )

    def _event(self, word: Token, trigger: Trigger) -> Event | None:
        if word.sent.text.rstrip().endswith("?"):
            return None  # "To what did he plead guilty?": a question tells nothing
        spec = RULES["events"][trigger.kind]
        realised_under = frozenset(spec.get("realised_under", ()) if word.pos_ == "NOUN" else ())  # not "wants to charge him"
        unrealised_by = frozenset(spec.get("unrealised_by", ()))
        if (_unrealised(word, unrealised_by, realised_under)
                or (trigger.kind in CRIME_EVENTS and _charged_with(word))):
            return None
        if any(c.dep_ == "amod" and c.lemma_.lower() in unrealised_by for c in word.children):
            return None  # "the attempted murder of X", "an attempted escape"
        objects = [c for c in word.children if c.dep_ in ("dobj", "pobj", "prep")] if word.pos_ in ("VERB", "AUX") else []
        objects = [o for c in objects for o in ([c, *_objects_of(c)] if c.dep_ == "prep" else [c])]
        if any(o.lemma_.lower() in spec.get("not_objects", ()) for o in objects):
            return None  # "escaped capture"
        if word.pos_ in ("VERB", "AUX") and any(c.lower_ in PASSIVE_MARKERS for c in word.children):
            objects += [c for c in word.children if c.dep_ == "nsubj"]  # "se anunció la detención": what is announced
        if trigger.kind in REPORTING_EVENTS and any(_is_event_word(o) for o in objects):
            return None  # "announced the arrest": one event, the arrest
        roles: dict[str, list[str]] = {r: [] for r in ROLES}
        words = [word]
        patient_words: list[Token] = []
        possessors: list[Token] = []  # "his arrest"
        if word.pos_ == "NOUN":
            governor = word.head if word.dep_ in ("dobj", "nsubjpass", "attr") and word.head.pos_ == "VERB" else None
            if governor is not None and (_is_reporting(governor) or _matching(governor, EVENT_VERBS)):
                governor = None  # "announced the arrest": the announcer did not arrest
            shared = [c for c in word.head.children if c.dep_ == "prep"] if word.dep_ == "conj" else []
            joined = [c for p in _prepositions(word) if p.head != word for c in [p]]  # "sanctions on X and on Y"
            for child in [*word.children, *shared, *joined]:  # "the kidnapping and murder of X"
                if child.dep_ == "poss" and child.head == word:
                    roles[spec["possessor"]].extend(self.referents(child))
                    if spec["possessor"] == "patient":
                        possessors.append(child)
                elif child.dep_ == "compound" and child.head == word:
                    # "the Guerrero arrest" names who it befell, "an FBI raid" who did it
                    for ident in self.referents(child):
                        role = spec["possessor"] if self.refs.type_of(ident) == "PERSON" else "agent"
                        roles[role].append(ident)
                elif child.dep_ == "prep" and child.lower_ in EVENT_POSSESSOR_PREPS:
                    if spec["possessor"] == "patient":  # "la captura de cuatro integrantes de X"
                        patient_words.extend(_objects_of(child))
                    for ident in (e for p in _objects_of(child) for e in self.referents(p)):
                        # a place stays where it happened: "la toma de la cárcel"
                        role = "patient" if self.refs.type_of(ident) in PLACE_TYPES else spec["possessor"]
                        roles[role].append(ident)
                elif (child.dep_ == "prep" or child in joined) and child.lower_ in EVENT_PATIENT_PREPS:
                    patient_words.extend(_objects_of(child))
                    roles["patient"].extend(e for p in _objects_of(child) for e in self.referents(p))
                elif (child.dep_ == "prep" or child in joined) and child.lower_ in EVENT_AGENT_PREPS:
                    roles["agent"].extend(e for p in _objects_of(child) for e in self.referents(p))
                elif child.dep_ == "acl" and child.lemma_.lower() in CARRYING_OUT_VERBS:
                    # "the operation conducted by the PDI", "el operativo efectuado por la Policía"
                    roles["agent"].extend(e for a in child.children if a.dep_ == "agent" for p in _objects_of(a) for e in self.referents(p))
            through = spec.get("patient_through_nouns")
            if through and not roles["patient"]:  # "first-degree murder in the death of X"
                deaths = [p for c in word.children if c.dep_ == "prep" and c.lower_ in through["prepositions"]
                          for p in _objects_of(c) if p.lemma_.lower() in through["nouns"]]
                for death in deaths:
                    patient_words.extend(d for c in death.children if c.dep_ == "prep" and c.lower_ in EVENT_PATIENT_PREPS for d in _objects_of(c))
                    roles["patient"].extend(e for c in death.children if c.dep_ == "poss" for e in self.referents(c))
                roles["patient"].extend(e for t in patient_words for e in self.referents(t))
            if spec["possessor"] == "patient" and patient_words:
                # "the FBI's arrest of X": with its patient named after "of", an organisation owning the event did it
                named_after = {e for t in patient_words for e in self.referents(t)}
                owners = [e for e in roles["patient"] if e not in named_after and self.refs.type_of(e) == "ORG"]
                roles["agent"].extend(owners)
                roles["patient"] = [e for e in roles["patient"] if e not in owners]
            if governor is not None:
                words.append(governor)
                role = "patient" if governor.lemma_.lower() in spec.get("patient_governors", ()) else "agent"
                holders = [e for t in self.agents(governor) for e in self.referents(t)]
                if governor.lemma_.lower() in COMMENTING_VERBS:
                    holders = [e for e in holders if self.refs.type_of(e) != "PERSON"]
                roles[role].extend(holders)
            elif word.dep_ == "pobj" and word.head.lower_ in spec.get("patient_through", ()) and word.head.head.pos_ == "VERB":
                # "X is held on charges of ...": whom the verb acts on; "arrested on charges of"
                # tells the arrest alone
                if _is_event_word(word.head.head):
                    return None
                words.append(word.head.head)
                roles["patient"].extend(e for t in self.themes(word.head.head) for e in self.referents(t))
            elif word.dep_ in ("nsubj", "nsubjpass") and word.head.lemma_.lower() in CARRYING_OUT_VERBS | OCCURRING_VERBS:
                # "la detención se realizó por parte de la Policía": carried out by whom "por" names;
                # "the arrest happened in Lima on Monday", "la captura se produjo el 16 de noviembre
                # en Quiché": the verb's phrase says where and when
                words.append(word.head)
                roles["agent"].extend(
                    e for prep in _prepositions(word.head) if prep.lower_ in EVENT_AGENT_PREPS
                    for p in _objects_of(prep) for e in self.referents(p)
                )
            phrase_heads = words
        else:
            subject_role = "patient" if trigger.head in spec.get("patient_subjects", ()) else "agent"
            roles[subject_role].extend(self._clause_owner_alone(word, [e for t in self.agents(word) for e in self.referents(t)]))
            if subject_role == "agent" and not roles["agent"]:
                roles["agent"].extend(self._ordered_by(word))
            themes = self.themes(word)
            patient_words.extend(themes)
            roles["patient"].extend(self._clause_owner_alone(word, [e for t in themes for e in self.referents(t)]))
            extra = [t for t in _companions(word) if t.lemma_.lower() in trigger.rest]
            for noun in extra:
                for child in noun.children:
                    if child.dep_ == "poss":
                        roles["agent"].extend(self.referents(child))
                    elif child.dep_ == "prep" and child.lower_ in EVENT_PATIENT_PREPS:
                        roles["patient"].extend(e for p in _objects_of(child) for e in self.referents(p))
            phrase_heads = [word]
        if not roles["agent"] and spec.get("agent_from"):
            roles["agent"] = self._enclosing_agents(word, frozenset(spec["agent_from"]))
        if not roles["agent"] and word.dep_ == "dobj" and word.head.lemma_.lower() in spec.get("agent_announcing", ()):
            roles["agent"] = [e for s in self.agents(word.head) for e in self.referents(s)]
        if not roles["agent"] and spec.get("agent_convicted_by"):
            roles["agent"] = self._convicted(word, frozenset(spec["agent_convicted_by"]))
        # a place acted on is where the event happens: "raided Tocorón", "fled Venezuela"; one
        # standing as the doer of an event only people do is where it happened too ("the
        # blockades in Reynosa that allowed the escape")
        places = [e for e in roles["patient"] if self.refs.type_of(e) in PLACE_TYPES]
        if spec.get("agent_types"):
            places += [e for e in roles["agent"] if self.refs.type_of(e) in PLACE_TYPES]
            roles["agent"] = self.typed(roles["agent"], spec["agent_types"])
        # "X, held in Brazil on US charges": a state the charges are under gives them no place nor date
        in_state = any(w.lemma_.lower() in spec.get("states", ()) for w in words[1:])
        places += [e for head in phrase_heads if not in_state for e in self._places(head)]
        roles["patient"] = [e for e in roles["patient"] if self.refs.type_of(e) not in PLACE_TYPES]
        roles["place"] = self.typed(places, PLACE_TYPES)
        if not roles["place"] and spec.get("sentence_places"):
            # anywhere in its sentence, but a place in a clause of its own only when it is a
            # prison: "X, who headed security at the palace and left prison during a jailbreak"
            # did not break out of the palace
            sentence_ids = [e for t in word.sent if (e := self.entity(t)) and (_clauses_meet(t, word) or self._detains(e))]
            roles["place"] = self.typed(dict.fromkeys(sentence_ids), spec["sentence_places"])
        participants = _distinct_roles(roles)
        needs = spec.get("verb_needs") if word.pos_ == "VERB" else None
        if word.lower_ in spec.get("noun_needs", {}).get("nouns", ()):
            needs = spec["noun_needs"]  # "wanted on US charges" alone names nobody charged
        nameless = not any(participants.values())
        if not nameless and not _has_needed(participants, needs, self.refs):
            return None
        date = None if in_state else dates.event_date(words, self.published, _is_event_word, self.anchor)
        if nameless and (date is None or not _definite(word)):
            # names nobody: only "the indictment", "the arrest" retells an event told before,
            # and only with a time it adds to it
            return None
        if word.pos_ == "NOUN" and word.dep_ == "pobj" and word.head.lower_ in BACKGROUND_PREPS and len(words) == 1:
            # "jailed since his 2015 arrest": an event named in passing is the writer's background
            state, speaker = status.description_status(words, self.offset, self.quotes)
        else:
            state, speaker = status.fact_status(words, self.offset, self.refs, self.quotes)
        if state == "denied" and speaker is None and _negated(word):
            return None  # "he has not been arrested": nothing happened, and nobody denies anything
        # "a leader of the gang was captured": one unnamed holder of a role, whom another telling may name
        holder = next((t for t in patient_words if _role_title(t) in ROLE_NOUNS and not _several(t) and self.entity(t) is None), None)
        return Event(
            type=_listed_as(word, trigger.kind, spec),
            evidence=self.evidence(word.sent),
            date=date,
            participants=participants,
            status=state,
            attributed_to=speaker,
            for_several=any(_several(t) for t in patient_words),
            for_one=ROLE_NOUNS[_role_title(holder)] if holder is not None else None,
            for_one_alleged=holder is not None and status.description_status([holder], self.offset, self.quotes)[0] == "alleged",
            by_pronoun=bool(patient_words + possessors) and all(t.pos_ == "PRON" for t in patient_words + possessors),
            stage=spec.get("stages", {}).get(trigger.head, ""),
            retold=in_state,
            additive=any(t.lower_ in ADDITIVE_WORDS and t.dep_ == "advmod" and (t.head == word or t.head.is_ancestor(word)) for t in word.sent),
            nameless=nameless,
        )

    def _detains(self, entity_id: str) -> bool:
        """Whether a place's name says it holds prisoners ("Fraijanes II prison")."""
        return bool(DETENTION_WORDS & set(name_key(self.refs.entities[entity_id].name).split()))

    def _enclosing_agents(self, word: Token, enclosing: frozenset[str]) -> list[str]:
        """Who ran the event (of the `enclosing` kinds) that this one took place in: "arrested
        in an operation by the DEA", "detenido en un operativo de la Policía"."""
        found: list[str] = []
        for prep in _prepositions(word):
            if prep.lower_ not in EVENT_WITHIN_PREPS:
                continue
            for noun in (o for o in _objects_of(prep) if o.pos_ == "NOUN"):
                kinds = [t.kind for t in _matching(noun, EVENT_NOUNS)]
                kind = kinds[0] if kinds else _qualified_event(noun)
                if kind not in enclosing:
                    continue
                operation = self._event(noun, Trigger(kind, noun.lemma_.lower(), ()))
                if operation is not None:
                    found.extend(operation.participants["agent"])
        return found

    def _convicted(self, word: Token, kinds: frozenset[str]) -> list[str]:
        """Whom the conviction (of the `kinds`) above a crime word befell, up to its clause:
        "convicted of X's murder", "pleaded guilty to the murder of X", "is serving a sentence
        for the murder of X" (the sentence is the object of the verb the crime hangs on)."""
        token = word
        while token.head.i != token.i and token.dep_ not in SUBJECT_DEPS and token.dep_ not in CLAUSE_DEPS:
            token = token.head
            for holder in (token, *(c for c in token.children if c.dep_ == "dobj")):
                triggers = _matching(holder, EVENT_VERBS if holder.pos_ in ("VERB", "AUX") else EVENT_NOUNS)
                for trigger in (t for t in triggers[:1] if t.kind in kinds):
                    conviction = self._event(holder, trigger)
                    if conviction is not None:
                        return self.typed(conviction.participants["patient"], ("PERSON",))
        return []

    def _places(self, head: Token) -> list[str]:
        """Places named in the phrase of an event word, outside its subject."""
        found = []
        for child in head.children:
            if child.dep_ in SUBJECT_DEPS or child.dep_ in CLAUSE_DEPS or child.dep_ in ("conj", "cc", "punct"):
                continue
            if child.lower_ == "according":  # "according to Chile's Interior Ministry" is a source
                continue
            found.extend(e for e in self.named_within(child) if self.refs.type_of(e) in PLACE_TYPES)
        return found


def _has_needed(participants: dict[str, list[str]], needs: dict | None, refs: References) -> bool:
    """Whether an event's participants hold one of the roles, or a place of one of the types, its
    trigger needs (`verb_needs`, or `noun_needs` for the nouns it lists, of an event in facts.yaml);
    true when it needs none."""
    if not needs:
        return True
    return any(participants[r] for r in needs.get("roles", ())) or any(
        refs.type_of(p) in needs.get("places", ()) for p in participants["place"]
    )


def _unnamed_holders(events: list[Event], refs: References) -> list[Relation]:
    """"A leader of Los Halcones was captured ... Ruiz had fled before his arrest": the one
    event names the unnamed leader, who leads the group; the evidence is the role's telling."""
    found = []
    for event in events:
        for person, role, group, hedged in event.named_holders:
            if role in GROUP_ROLES and refs.is_group(group):
                role = GROUP_ROLES[role]
            state = "alleged" if hedged and event.status == "asserted" else event.status  # "an alleged leader of X"
            if allowed(role, refs.type_of(person), refs.type_of(group)):
                found.append(Relation(person, role, group, event.evidence, state, event.attributed_to))
    return found


def relations_from_events(events: list[Event], refs: References) -> list[Relation]:
    """Relations an event implies: an escape from a prison, an indictment by a court."""
    found = []
    for event in events:
        spec = RULES["relations_from_events"].get(event.type)
        if spec is None:
            continue
        subjects = [e for role in spec["subject"] for e in event.participants[role]]
        objects = [e for role in spec["object"] for e in event.participants[role]]
        for subject in dict.fromkeys(subjects):
            for obj in dict.fromkeys(objects):
                if subject != obj and allowed(spec["relation"], refs.type_of(subject), refs.type_of(obj)):
                    found.append(
                        Relation(subject, spec["relation"], obj, event.evidence, event.status, event.attributed_to)
                    )
    return found


# Within one document a fact the source states outright anywhere is asserted,
# whatever hedged or quoted mentions it also has; a denial is kept beside it.
STATUS_ORDER = {"asserted": 0, "alleged": 1, "quoted": 2}


def unique_relations(relations: list[Relation]) -> list[Relation]:
    """Each relation once (once more if also denied), from the first sentence with its firmest status."""
    kept: dict[tuple, Relation] = {}
    for r in relations:
        key = (r.subject, r.relation, r.object, r.status == "denied")
        other = kept.get(key)
        if other is None or STATUS_ORDER.get(r.status, 0) < STATUS_ORDER.get(other.status, 0):
            kept[key] = r
    return sorted(kept.values(), key=lambda r: r.evidence.start)


def unique_events(
    events: list[Event],
    types: dict[str, str],
    headline: tuple[int, int] | None = None,
    ties: frozenset[tuple[str, str]] = frozenset(),
) -> list[Event]:
    """Each real-world event once, however often the document tells it (headline,
    lede, body, a quotation): tellings of one type are one event when their dates
    agree (or one is undated: "his escape" after "escaped in 2023") and their
    participants match (`_same_happening`). The merged event keeps the first
    sentence as its evidence and every other one in `more_evidence`, the firmest
    status of its tellings, and every participant. A denial stays apart. `types`
    gives each entity id's type; an event told in the `headline` is the first of its
    type that the body tells, when their dates agree. `ties` are the (person, group) pairs
    the document states (leader_of, member_of): a group standing in for its unnamed leader
    is the same patient as the leader named elsewhere."""
    kept: list[Event] = []

    def in_headline(event: Event) -> bool:
        return headline is not None and headline[0] <= event.evidence.start < headline[1]

    # the body first: the headline retells it, as does a state someone is in ("X faces charges")
    for event in sorted((e for e in events if not e.nameless), key=lambda e: (in_headline(e), e.retold)):
        for other in kept:
            # a state retells the indictment of the same people or of their group, not one more
            # ("X also faces charges") nor another man's
            retold = event.retold and not event.additive and (
                set(event.participants["patient"]) <= set(other.participants["patient"]) or _patient_kinds(other, types) == {"ORG"}
            )
            if _same_happening(other, event, types, ties) or ((in_headline(event) or retold) and _same_kind_and_time(other, event)):
                _merge(other, event, types)
                break
        else:
            kept.append(event)
    kept = _unnamed_holders_named(kept, types)
    _nameless_tellings(kept, [e for e in events if e.nameless])
    _operation_agents(kept)
    _dates_from_events_told_alongside(kept)
    for event in kept:  # the first telling in the text is the evidence, the others follow it
        spans = sorted([event.evidence, *event.more_evidence], key=lambda span: span.start)
        event.evidence, event.more_evidence = spans[0], spans[1:]
    return sorted(kept, key=lambda e: e.evidence.start)


def _unnamed_holders_named(events: list[Event], types: dict[str, str]) -> list[Event]:
    """"A leader of Los Halcones was captured in Panama ... Ruiz had fled before his arrest",
    "... Carlos Ruiz, 45, was detained in Lima": the group stands in for an unnamed leader; when
    the document tells that kind of event of one person only, by a pronoun that retells it or
    in the very next sentence, not as one more ("also"), and no date says otherwise, the unnamed
    one is that person and the tellings are one ("also the extradition of X, a banker" stays apart)."""
    kept = []
    for event in events:
        if not event.for_one or {types.get(e) for e in event.participants["patient"]} != {"ORG"}:
            kept.append(event)  # no group standing in for an unnamed holder
            continue
        people = [
            other for other in events
            if other is not event and _same_kind_and_time(other, event)
            and {types.get(e) for e in other.participants["patient"]} == {"PERSON"}
        ]
        places = [set(e.participants["place"]) for e in (event, *people[:1])]
        if (len(people) == 1 and (people[0].by_pronoun or _told_next(event, people[0]))
                and not people[0].additive and (not all(places) or places[0] & places[1])):
            _merge(people[0], event, types)
        else:
            kept.append(event)
    return kept


def _state_or_country(place: Place | None) -> bool:
    """Whether a gazetteer entry is a state, a province or a country."""
    return place is not None and place.kind in ("country", "subdivision")


def _in_predicate(word: Token) -> bool:
    """Whether `word` lies in the predicate noun of a clause ("Investigators say X was a leader
    of the cartel in Piedras Negras"): what that phrase states is the clause's claim, with
    its status, not the writer's description (as in "X, a leader of the cartel in ...")."""
    for token in (word, *word.ancestors):
        if token.dep_ == "attr":
            return True
        if token.dep_ in ("appos", "compound") or token.dep_ in CLAUSE_DEPS or token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _definite(noun: Token) -> bool:
    """Whether a noun is definite ("the sealed indictment", "la captura"): it refers back."""
    return noun.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in DEFINITE for c in noun.children)


def _nameless_tellings(kept: list[Event], nameless: list[Event]) -> None:
    """"A federal grand jury returned the sealed indictment on May 16, 2017" names nobody:
    the definite noun retells the document's one event of its kind and time, or the one told
    in the sentence beside it, and gives it its date and its sentence; else it tells nothing
    a board can hold."""
    for event in nameless:
        same = [k for k in kept if _same_kind_and_time(k, event)]
        if len(same) > 1:
            same = [k for k in same if _told_next(k, event) or _told_next(event, k)]
        if len(same) == 1:
            _absorb(same[0], event)


def _operation_agents(events: list[Event]) -> None:
    """"X was captured in Quito ... The operation was carried out by units of the National
    Police": an event made in an operation (rules/facts.yaml, `agent_from`) that names nobody
    who made it was made by whoever ran the document's operation, when all its operations of
    that time agree on who ran them."""
    for event in events:
        kinds = RULES["events"][event.type].get("agent_from")
        if not kinds or event.participants["agent"]:
            continue
        runners = {
            tuple(o.participants["agent"]) for o in events
            if o.type in kinds and o.participants["agent"] and _same_time(o, event)
        }
        if len(runners) == 1:
            mine = _people(event)
            event.participants["agent"] = [a for a in runners.pop() if a not in mine]


def _dates_from_events_told_alongside(events: list[Event]) -> None:
    """An event that the text dates nowhere, told in a sentence that tells dated events of
    the kinds it takes its date from (rules/facts.yaml, `date_from`), happened then, when
    those dates agree: "the arrest on Thursday of X, in a pre-dawn raid"."""
    for event in events:
        kinds = RULES["events"][event.type].get("date_from")
        if not kinds or event.date is not None:
            continue
        sentences = {span.start for span in (event.evidence, *event.more_evidence)}
        dates = {
            other.date for other in events
            if other.type in kinds and other.date is not None
            and sentences & {span.start for span in (other.evidence, *other.more_evidence)}
        }
        if len(dates) == 1:
            event.date = dates.pop()


def _same_time(one: Event, other: Event) -> bool:
    return one.date is None or other.date is None or _dates_agree(one.date, other.date)


def _merge(kept: Event, event: Event, types: dict[str, str]) -> None:
    """Fold `event` into `kept`; when one stood for an unnamed holder of a role in a group and
    the other names people, they are its holders (`named_holders`)."""
    for unnamed, named in ((event, kept), (kept, event)):
        groups, people = unnamed.participants["patient"], named.participants["patient"]
        if unnamed.for_one and {types.get(e) for e in groups} == {"ORG"} and people and {types.get(e) for e in people} == {"PERSON"}:
            kept.named_holders.extend((person, unnamed.for_one, group, unnamed.for_one_alleged) for person in people for group in groups)
    kept.named_holders.extend(event.named_holders)
    stand_in = next((unnamed.participants["patient"] for unnamed, named in ((event, kept), (kept, event))
                     if (unnamed.for_one or unnamed.for_several) and _patient_kinds(unnamed, types) == {"ORG"}
                     and _patient_kinds(named, types) == {"PERSON"}), [])
    _absorb(kept, event)
    # "four members of MS-13 were captured ... those captured are A, B and C": A, B and C, not the gang
    kept.participants["patient"] = [e for e in kept.participants["patient"] if e not in stand_in]


def _told_next(one: Event, other: Event) -> bool:
    """Whether a telling of `other` stands in the sentence right after one of `one`."""
    return any(
        0 <= later.start - earlier.end <= SENTENCE_GAP
        for earlier in (one.evidence, *one.more_evidence) for later in (other.evidence, *other.more_evidence)
    )


def _same_kind_and_time(one: Event, other: Event) -> bool:
    if one.type != other.type or one.stage != other.stage or (one.status == "denied") != (other.status == "denied"):
        return False
    return _same_time(one, other)


def _same_happening(one: Event, other: Event, types: dict[str, str], ties: frozenset[tuple[str, str]]) -> bool:
    if not _same_kind_and_time(one, other):
        return False
    mine, theirs = _people(one), _people(other)
    both_patients = one.participants["patient"] and other.participants["patient"]
    both_agents = one.participants["agent"] and other.participants["agent"]
    if not both_patients and not both_agents:
        return True  # "sanctioned by the UK", "sanctions against Foxtrot": nothing to disagree on
    # who it befell decides when both name someone: two arrests of two men are two events, and
    # "Booth, assassin of Lincoln, was killed" tells two killings, though Booth is in both
    patients, their_patients = set(one.participants["patient"]), set(other.participants["patient"])
    if patients and their_patients:
        return bool(patients & their_patients) or _group_stands_for_people(one, other, types, ties)
    return mine <= theirs or theirs <= mine or bool(mine & theirs)


def _group_stands_for_people(one: Event, other: Event, types: dict[str, str], ties: frozenset[tuple[str, str]]) -> bool:
    """"The former leader of the Gulf Cartel was extradited to the US" (the group stands in
    for the unnamed man) and "Mario Cárdenas was extradited to the US" tell one extradition..."""
    kinds = [{types.get(e) for e in event.participants["patient"]} for event in (one, other)]
    shared = set(one.participants["agent"] + one.participants["place"]) & set(other.participants["agent"] + other.participants["place"])
    # ... when something else ties them: the US designating a gang and the FBI listing its
    # leader are two events
    if {"ORG"} not in kinds or {"PERSON"} not in kinds or one.additive or other.additive:
        return False  # ... and "police also arrested X" is one more, not the group's man again
    if any(event.for_several for event in (one, other) if {types.get(e) for e in event.participants["patient"]} == {"ORG"}):
        # "eleven members of the gang were arrested" is not the arrest of its leader, but
        # "members of the cartel were sentenced" is "the judge sentenced X and Y"
        people = next(event for event in (one, other) if {types.get(e) for e in event.participants["patient"]} == {"PERSON"})
        return len(people.participants["patient"]) >= 2
    # ... or the text makes the man one of the group's: "the extradition of Mario Cárdenas,
    # the Gulf Cartel's former leader"
    tied = any((person, group) in ties for person in one.participants["patient"] + other.participants["patient"]
               for group in one.participants["patient"] + other.participants["patient"])
    return bool(shared) or tied


def _dates_agree(one: str, other: str) -> bool:
    """"2024-07" and "2024-07-25" tell the same date at two precisions."""
    return one.startswith(other) or other.startswith(one)


def _absorb(kept: Event, event: Event) -> None:
    """Fold a retelling into the event first told."""
    if kept.date is None or (event.date is not None and len(event.date) > len(kept.date)):
        kept.date = event.date
    for role in ROLES:
        kept.participants[role] = list(dict.fromkeys(kept.participants[role] + event.participants[role]))
    if STATUS_ORDER.get(event.status, 0) < STATUS_ORDER.get(kept.status, 0):
        kept.status, kept.attributed_to = event.status, event.attributed_to
    if event.evidence.start != kept.evidence.start and all(
        event.evidence.start != s.start for s in kept.more_evidence
    ):
        kept.more_evidence.append(event.evidence)
    for span in event.more_evidence:
        if all(span.start != s.start for s in [kept.evidence, *kept.more_evidence]):
            kept.more_evidence.append(span)


def _patient_kinds(event: Event, types: dict[str, str]) -> set[str | None]:
    return {types.get(e) for e in event.participants["patient"]}


def _people(event: Event) -> set[str]:
    return {e for role in ROLES for e in event.participants[role]}


def _distinct_roles(roles: dict[str, list[str]]) -> dict[str, list[str]]:
    """Each entity in one role only, the first it was found in (agent, patient, place)."""
    seen: set[str] = set()
    result: dict[str, list[str]] = {}
    for role in ROLES:
        result[role] = [e for e in dict.fromkeys(roles[role]) if e not in seen]
        seen.update(result[role])
    return result


def _place_noun(word: Token) -> bool:
    """Whether a common noun says what kind of place something is ("capital", "province")."""
    return word.pos_ == "NOUN" and load_rules().descriptors.get(word.lemma_.lower()) in ("GPE", "LOC")


def _place_word(word: Token) -> bool:
    """Whether a word, however tagged, says what kind of place follows ("estado Aragua")."""
    descriptors = load_rules().descriptors
    return any(descriptors.get(w) in ("GPE", "LOC") for w in (word.lemma_.lower(), word.lower_))


def _heads_a_part(title: Token) -> bool:
    """Whether a head's title names what part he heads: "logistics chief", "finance boss"
    (not "cartel boss", "police chief": those say whose head he is)."""
    naming = load_rules().naming_heads
    return any(
        c.dep_ == "compound" and c.pos_ == "NOUN" and c.is_lower
        and c.lemma_.lower() not in GROUP_NOUNS and c.lemma_.lower() not in naming and c.lower_ not in naming
        for c in title.children
    )


def _several(noun: Token) -> bool:
    """Whether a noun phrase names more than one: "eleven members", "its leaders"."""
    return noun.tag_ in ("NNS", "NNPS") or "Plur" in noun.morph.get("Number") or any(c.dep_ == "nummod" and c.lower_ not in ("one", "1") for c in noun.children)


def _predicate(word: Token) -> bool:
    """Whether a noun is what a copula says of its subject ("X is one of Peru's gangs")."""
    token = word
    for _ in range(3):
        if token.dep_ in ("attr", "oprd"):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _in_dateline(word: Token) -> bool:
    """Whether `word` stands before the dash of a dateline opening its sentence."""
    sentence = word.sent
    for token in sentence[:DATELINE_TOKENS]:
        if token.text in DATELINE_DASHES:
            return word.i < token.i
    return False


def _role_title(word: Token) -> str:
    """The role a noun names, with the word before it when together they are one title ("attorney
    general"), or the whole hyphenated word it opens ("second-in-command", split by the tokenizer)."""
    lemma = word.lemma_.lower()
    hyphenated = _hyphenated(word)
    if "-" in hyphenated and hyphenated in ROLE_NOUNS:
        return hyphenated
    if word.i > 0:
        pair = f"{word.doc[word.i - 1].lower_} {word.lower_}"
        if pair in ROLE_NOUNS:
            return pair
    return _without_former(lemma)


def _clause_of(word: Token) -> Token:
    """The verb whose clause holds `word`: itself or its nearest verb above."""
    while word.pos_ not in ("VERB", "AUX") and word.head.i != word.i:
        word = word.head
    return word


def _clauses_meet(one: Token, other: Token) -> bool:
    """Whether two words stand in one clause or one's clause lies inside the other's (not
    beside it, joined by "and")."""
    mine, theirs = _clause_of(one), _clause_of(other)
    return _inside(mine, theirs) or _inside(theirs, mine)


def _inside(inner: Token, outer: Token) -> bool:
    """Whether the clause of `inner` lies inside that of `outer`, reached without an "and"."""
    while inner != outer:
        if inner.dep_ == "conj" or inner.head.i == inner.i:
            return False
        inner = inner.head
    return True


def _names_given(verb: Token) -> list[Token]:
    """The name a naming verb gives: "known as X" (a preposition), "conocida como X",
    "denominada X" (the Spanish parse makes the name the verb's object)."""
    names = [p for a in verb.children if a.dep_ == "prep" and a.lower_ in ROLE_AS for p in _objects_of(a)]
    return names + [c for c in verb.children if c.dep_ in ("dobj", "obj", "obl", "appos") and c.pos_ == "PROPN"]


def _occupation(word: Token) -> bool:
    """Whether a noun describing a person names their work at an organisation after a
    preposition, though no role table lists it: "X, an ecologist at Cornell University"."""
    if word.pos_ != "NOUN" or word.dep_ not in ("appos", "attr") or word.lemma_.lower() in NOT_OCCUPATIONS:
        return False
    return any(c.dep_ == "prep" and c.lower_ in OCCUPATION_PREPS for c in word.children)


OCCUPATION_TITLE = "*occupation"


def _occupation_title(word: Token) -> bool:
    """Whether a lower-case noun right before a name says what the person works as, though no
    role table lists it ("placekicker", "anchorman"); not "victim", "suspect" (occupations.not)."""
    return (word.is_lower and word.pos_ == "NOUN" and word.dep_ == "compound" and word.tag_ == "NN"
            and not _names_no_work(word) and word.lemma_.lower() not in GROUP_NOUNS)


def _field_word(word: Token) -> bool:
    """Whether a word is a lower-case modifier that names the field of a role written after it
    ("law" in "a Yale University law professor"), not a relation to the organisation ("rival")."""
    return (word.is_lower and word.pos_ in ("NOUN", "ADJ") and word.dep_ in ("compound", "amod")
            and word.head.i > word.i and not _names_no_work(word))


def _names_no_work(word: Token) -> bool:
    """Whether the word, as written or as its lemma, is one of occupations.not ("victim", "rival")."""
    return word.lemma_.lower() in NOT_OCCUPATIONS or word.lower_ in NOT_OCCUPATIONS


def _framed_role(word: Token) -> str | None:
    """The role a noun names only behind its preposition: "in charge of", "at the helm of"."""
    if word.dep_ != "pobj":
        return None
    return ROLE_FRAMES.get((word.head.lower_, word.lemma_.lower()))


def _hyphenated(word: Token) -> str:
    """The hyphenated word that `word` opens: "second-in-command" from "second"."""
    end = word.i
    while hyphen_joined(word.doc, end + 1):
        end += 2
    return word.doc[word.i : end + 1].text.lower()


def _named_as(noun: Token) -> bool:
    """Whether a role noun is one somebody is named as: "identified as a leader of Y",
    "señalado como cabecilla de Y" (where the Spanish parse marks the noun with "como")."""
    if noun.dep_ == "pobj" and noun.head.lower_ in ROLE_AS:
        return True
    return any(c.dep_ == "mark" and c.lower_ in ROLE_AS for c in noun.children)


def _without_former(lemma: str) -> str:
    """A former holder's role is still the role ("exmiembro", "ex-jefe": the gold counts a
    past membership); the role noun without its prefix, when what follows is one."""
    for prefix in FORMER_PREFIXES:
        if lemma.startswith(prefix) and lemma[len(prefix):] in ROLE_NOUNS:
            return lemma[len(prefix):]
    return lemma


def _matching(word: Token, triggers: Triggers, typos: bool = False) -> list[Trigger]:
    """Triggers whose head is `word` and whose companion words are around it."""
    lemma = word.lemma_.lower()
    if lemma not in triggers.heads and word.lower_ not in triggers.heads and (not typos or len(lemma) < TYPO_MIN_LENGTH):
        return []  # the common case, decided without looking at the parse
    companions = {t.lemma_.lower() for t in _companions(word)}
    exact = [t for t in triggers.phrases if t.head in (lemma, word.lower_) and all(w in companions for w in t.rest)]
    if exact or not typos or len(lemma) < TYPO_MIN_LENGTH:
        return sorted(exact, key=lambda t: -len(t.rest))
    return [
        t
        for t in triggers.phrases
        if not t.rest and t.head[:4] == lemma[:4] and fuzz.ratio(lemma, t.head) >= TYPO_SIMILARITY
    ]


def _unrealised(word: Token, also: frozenset[str] = frozenset(), realised_under: frozenset[str] = frozenset()) -> bool:
    """Whether the event has not happened: a modal on it or on the verb it hangs from
    ("could be extradited", "will face extradition"), or a word above it that plans,
    seeks or weighs it ("plans to extradite", "a reward for his arrest"), or one of `also`,
    the event type's own ("attempted to flee" is no escape); a word of `realised_under`
    above it says it happened ("faces charges": he is charged)."""
    token = word
    while True:
        if any(c.dep_ in ("aux", "auxpass") and c.lower_ in UNREALISED_MODALS for c in token.children):
            return True
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if token.dep_ == "conj" and token.pos_ == "NOUN" and token.head.pos_ == "NOUN":
            token = token.head  # "the arrest and conviction of X": the conviction shares the arrest's fate
            continue
        if token.head.i == token.i or token.dep_ in SUBJECT_DEPS or token.dep_ in ("parataxis", "conj"):
            return False
        if token.dep_ == "ccomp" and not infinitive:
            return False  # "said he was arrested" happened; "ordered him to be detained" did not yet
        if token.dep_ == "relcl" and not infinitive and token.head.lemma_.lower() not in SOUGHT_NOUNS:
            # "the man who was arrested" happened; "ways to extradite him" did not, nor "a reward
            # for information that leads to his arrest"
            return False
        token = token.head
        if token.lemma_.lower() in realised_under and not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            continue  # "faces charges": facing them is having them ("extradited to face charges" is the extradition)
        if token.lemma_.lower() in UNREALISED | also or token.lower_ in UNREALISED:
            return True


QUALIFIED_NOUNS = {
    noun: (kind, frozenset(words))
    for kind, spec in RULES["events"].items()
    for noun, words in spec.get("qualified_nouns", {}).items()
}


def _qualified_event(noun: Token) -> str | None:
    """The event type of a noun that names one only when qualified: "a police operation",
    "the operation conducted by the army", "a sting operation"."""
    entry = QUALIFIED_NOUNS.get(noun.lemma_.lower())
    if entry is None:
        return None
    kind, qualifiers = entry
    for child in noun.children:
        if child.dep_ in ("amod", "compound", "nmod") and (child.lemma_.lower() in qualifiers or child.lower_ in qualifiers):
            return kind
        if child.dep_ == "acl" and any(c.dep_ == "agent" for c in child.children):
            return kind  # "the operation conducted by Panamanian authorities"
    if noun.dep_ == "nsubjpass" and any(c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ in EVENT_AGENT_PREPS) for c in noun.head.children):
        return kind  # "the operation was carried out by 100 PDI troops"
    if noun.dep_ == "pobj" and noun.head.head.pos_ == "VERB" and _matching(noun.head.head, EVENT_VERBS):
        return kind  # "was arrested during an operation in Chachaui"
    return None


# Prepositions that put someone on a list: "added to", "placed on", "among".
LIST_PREPOSITIONS = frozenset({"to", "on", "onto", "among"})


def _listed_as(word: Token, kind: str, spec: dict) -> str:
    """An event's type, once the list it puts someone on is known: a most-wanted list
    makes an announcement of what reads as a designation."""
    wanted = spec.get("announcement_when")
    if not wanted:
        return kind
    for t in (t for c in _companions(word) for t in c.subtree):
        if t.lower_ in wanted or t.lemma_.lower() in wanted:
            # on a list ("added to the most-wanted list", "among the Ten Most Wanted Fugitives"),
            # not a word about the man ("sanctioned the gang and its fugitive leader")
            path = [t, *itertools.takewhile(lambda a: a.i != word.i, t.ancestors)]
            if any(a.lemma_.lower() == "list" or (a.dep_ == "prep" and a.lower_ in LIST_PREPOSITIONS) for a in path):
                return "announcement"
    return kind


def _negated(word: Token) -> bool:
    """Whether the event word or the verb it is the object of is negated ("has not been
    arrested", "no arrests were made")."""
    holders = [word, word.head] if word.dep_ in ("dobj", "nsubjpass", "nsubj", "attr") else [word]
    return any(
        c.dep_ == "neg" or (c.dep_ == "det" and c.lower_ == "no") for holder in holders for c in holder.children
    )


def _charged_with(word: Token) -> bool:
    """Whether a crime word names what someone is charged with, accused of or sentenced
    for ("charged with murder", "murder charges", "convicted of killing"), up to its clause."""
    token = word
    while token.head.i != token.i and token.dep_ not in SUBJECT_DEPS and token.dep_ not in ("relcl", "ccomp"):
        token = token.head
        if token.lemma_.lower() in CHARGE_WORDS or token.lower_ in CHARGE_WORDS:
            return True
    return False


def _is_event_word(word: Token) -> bool:
    if word.pos_ in ("VERB", "AUX"):
        return bool(_matching(word, EVENT_VERBS))
    return word.pos_ == "NOUN" and bool(_matching(word, EVENT_NOUNS))


def _is_reporting(verb: Token) -> bool:
    return verb.lemma_.lower() in status.SPEECH_VERBS


def _companions(word: Token) -> list[Token]:
    """Words that complete a multi-word trigger: particles, objects, objects of prepositions,
    adverbs ("fatally shot")."""
    found = []
    for child in word.children:
        if any(c.dep_ == "neg" for c in child.children):
            continue  # "pleaded not guilty" is no guilty plea
        if child.dep_ in ("prt", "dobj", "attr", "acomp", "oprd", "advmod"):
            found.append(child)
            if child.dep_ == "dobj":  # "shot dead the mayor": the parse hangs "dead" on the object
                found.extend(a for a in child.children if a.dep_ == "amod" and a.i == word.i + 1)
        elif child.dep_ == "prep":
            found.extend(_objects_of(child))
    return found


def _prepositions(word: Token) -> list[Token]:
    """The prepositions of a word, with those joined to them ("across X and into Y") and
    those the parse hangs from a date after it ("the arrest on Thursday of X")."""
    preps = [c for c in word.children if c.dep_ == "prep"]
    preps += [c for p in preps for date in _objects_of(p) if date.ent_type_ in ("DATE", "TIME") for c in date.children if c.dep_ == "prep"]
    return preps + [c for p in preps for c in p.conjuncts if c.dep_ == "conj" and c.pos_ == "ADP"]


def _objects_of(prep: Token) -> list[Token]:
    objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    if objects:
        return objects
    # "in and around Port-au-Prince": the place hangs from the last preposition
    return [o for c in prep.children if c.dep_ == "conj" and c.pos_ == "ADP" for o in _objects_of(c)]


def _is_passive(verb: Token) -> bool:
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return True
    # the tagger often reads the second participle as a past tense (VBD)
    if verb.tag_ in ("VBN", "VBD") and verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "aux") for c in verb.children):
        return _is_passive(verb.head)  # "was arrested in Colombia and extradited to Chile"
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "aux", "mark") for c in verb.children):
        return True  # "..., charged with trafficking", "Arrested in 2003, he ...": a participle alone
    # "the gang led by X", not "who has led the gang" (a perfect, with its subject)
    return verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN" and not any(c.dep_ in ("nsubj", "aux") for c in verb.children)


def _relative_antecedent(verb: Token) -> Token | None:
    """The noun a relative pronoun of `verb`'s clause stands for: the one the clause hangs on,
    through a verb of saying inside it ("X, who prosecutors say runs the gang": X)."""
    clause = verb
    while clause.dep_ == "ccomp" and clause.head.i != clause.i:
        clause = clause.head
    if clause.dep_ not in ("relcl", "acl"):
        return None
    head = clause.head
    if any(c.lower_ in PERSONAL_RELATIVES for c in verb.children):
        # "Osiel Cárdenas, a co-leader of the Gulf Cartel who was arrested": "who" is a person,
        # the holder of the role the group's phrase is of, wherever the parse hangs the clause
        noun = head
        while noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.i != noun.head.i:
            noun = noun.head.head
        if noun is not head and noun.pos_ == "NOUN" and noun.lemma_.lower() in ROLE_NOUNS:
            return noun
    return head


def _infinitive_clause(verb: Token) -> bool:
    """A complement clause with no subject of its own in the infinitive, which the parse of some
    languages marks as a clause: "reconoció haber formado parte de X" (he was part of it)."""
    if verb.dep_ != "ccomp" or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return False
    return any("Inf" in t.morph.get("VerbForm") for t in (verb, *(c for c in verb.children if c.dep_ in ("aux", "auxpass"))))


def _implied_subject(verb: Token) -> list[Token]:
    """The unstated subject of a verb: of the verb it is joined to ("was formed ...
    and has expanded"), or the controller of "stop X from escaping", "X tried to flee"."""
    current = verb
    while current.head.i != current.i:
        head = current.head
        if current.dep_ == "conj":
            # "X, who was arrested in 2003 and extradited in 2007": "who" is X
            subjects = [
                (_relative_antecedent(head) or head.head) if c.lower_ in RELATIVE_PRONOUNS and head.dep_ == "relcl" else c
                for c in head.children if c.dep_ in ("nsubj", "nsubjpass")
            ]
            if subjects:
                return subjects
        elif current.dep_ in ("xcomp", "pcomp", "advcl") or (current.dep_ == "attr" and current.pos_ == "VERB") or _infinitive_clause(current):
            # ..., and "está acusado de dirigir X", where the parse makes the participle an attr
            governor = head.head if head.pos_ == "ADP" else head
            if governor.lemma_.lower() in INSTRUMENT_VERBS and governor.dep_ == "acl" and not _may_act(governor.head):
                # "the tool used by the gang to spread": not the tool, the one using it acts
                agents = [o for c in governor.children if c.dep_ == "agent" for o in _objects_of(c)]
                if agents:
                    return agents
            # "ordered the gang to kill": its object acts; "used violence to control": its subject
            objects = [c for c in governor.children if c.dep_ == "dobj" and _may_act(c)]
            if current.dep_ != "advcl" and objects:
                return objects
            # "X, who was convicted of murdering Y": the passive subject did it, and "who" is X
            subjects = [
                (_relative_antecedent(governor) or governor.head) if c.lower_ in RELATIVE_PRONOUNS and governor.dep_ == "relcl" else c
                for c in governor.children if c.dep_ in ("nsubj", "nsubjpass")
            ]
            if subjects:
                return subjects
            current = governor
            continue
        elif current.dep_ in ("acl",):
            return [head]
        else:
            return []
        current = head
    return [current] if _leaves_subject_unsaid(current) else []


def _leaves_subject_unsaid(root: Token) -> bool:
    """Whether a main clause has a subject its language leaves unsaid ("En 2018 fue
    recapturado"). The clause then stands for its subject (FactReader._unstated_subject)."""
    return root.dep_ == "ROOT" and subject_unsaid(root)


def _may_act(noun: Token) -> bool:
    """Whether a noun may name who acts: a name, a pronoun, a word for people or a group,
    not a thing or an abstraction ("intimidation", "steps")."""
    if noun.pos_ in ("PROPN", "PRON") or noun.ent_type_:
        return True
    return load_rules().descriptors.get(noun.lemma_.lower()) in ("PERSON", "ORG")


def _phrase(token: Token) -> Iterator[Token]:
    """The tokens of `token`'s phrase, not descending into other clauses."""
    yield token
    for child in token.children:
        if child.dep_ not in CLAUSE_DEPS:
            yield from _phrase(child)
