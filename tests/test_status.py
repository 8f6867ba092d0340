"""Statuses (asserted, alleged, quoted, denied) and quotations with their speakers."""

from __future__ import annotations

import pytest
from factkit import read
from markers import SPANISH


NAMES = {
    "Tren de Aragua": "ORG",
    "Aurora": "GPE",
    "Carlos Ruiz": "PERSON",
    "Todd Chamberlain": "PERSON",
    "Donald Trump": "PERSON",
    "Aurora Police Department": "ORG",
}


def statuses(text, names=NAMES):
    x = read(text, names)
    return {(f.relation if hasattr(f, "relation") else f.type): (f.status, f.attributed_to) for f in x.relations + x.events}


def test_plain_statement_is_asserted():
    assert statuses("Carlos Ruiz is a member of Tren de Aragua.") == {"member_of": ("asserted", None)}


@pytest.mark.parametrize("text, relation, status", [
    # the predicate is the claim: its places are claimed with it
    ("Investigators say Carlos Ruiz was a regional leader of the Tren de Aragua gang in Aurora.", "operates_in", "alleged"),
    # an apposition is the writer's description, whoever the sentence reports
    ("Carlos Ruiz, a regional leader of the Tren de Aragua gang in Aurora, was arrested, investigators say.", "operates_in", "asserted"),
    # and where a place lies is the writer's, wherever it is said
    ("Investigators say Carlos Ruiz was a resident of Aurora, Colorado.", "located_in", "asserted"),
])
def test_a_phrase_in_the_predicate_of_reported_speech_has_the_claims_status(text, relation, status):
    assert statuses(text, {**NAMES, "Colorado": "GPE"})[relation][0] == status


def test_what_an_institution_announces_is_asserted_what_it_says_is_quoted():
    names = {**NAMES, "Justice Department": "ORG", "Texas": "GPE"}
    found = statuses("Carlos Ruiz was extradited to Texas, the Justice Department announced on Monday.", names)
    assert found["extradition"] == ("asserted", None)
    found = statuses("Carlos Ruiz was extradited to Texas, the Justice Department said on Monday.", names)
    assert found["extradition"] == ("quoted", "org:justice-department")
    found = statuses("Carlos Ruiz was extradited to Texas, Donald Trump announced on Monday.", names)
    assert found["extradition"] == ("quoted", "person:donald-trump")


@pytest.mark.parametrize(
    "text",
    [
        "Tren de Aragua allegedly took over apartment buildings in Aurora.",
        "Tren de Aragua reportedly took over apartment buildings in Aurora.",
        "Tren de Aragua is accused of taking over apartment buildings in Aurora.",
        "Tren de Aragua is suspected of taking over apartment buildings in Aurora.",
    ],
)
def test_hedged_event_is_alleged(text):
    assert statuses(text)["takeover"] == ("alleged", None)


def test_alleged_member_is_alleged_but_the_arrest_is_not():
    found = statuses("Carlos Ruiz, an alleged member of Tren de Aragua, was arrested in Aurora.")
    assert found["member_of"] == ("alleged", None)
    assert found["arrest"] == ("asserted", None)


def test_fact_inside_a_quotation_is_quoted_and_attributed_to_the_speaker():
    text = '"Carlos Ruiz is a member of Tren de Aragua," Aurora Police Department Chief Todd Chamberlain said.'
    assert statuses(text)["member_of"] == ("quoted", "person:todd-chamberlain")


def test_reported_speech_is_quoted_and_attributed():
    text = "Donald Trump announced that 40 members of Tren de Aragua were arrested in Aurora."
    found = statuses(text)
    assert found["arrest"] == ("quoted", "person:donald-trump")
    assert found["announcement"] == ("asserted", None)


@pytest.mark.parametrize(
    "text",
    ["Carlos Ruiz denied being a member of Tren de Aragua.", "Carlos Ruiz is not a member of Tren de Aragua."],
)
def test_denial_and_negation_are_denied(text):
    assert statuses(text)["member_of"][0] == "denied"


def test_denial_names_who_denied():
    assert statuses("Carlos Ruiz denied being a member of Tren de Aragua.")["member_of"] == (
        "denied",
        "person:carlos-ruiz",
    )


# -- quotations -------------------------------------------------------------------


def test_quote_speaker_after_the_quotation_and_its_continuation():
    text = (
        '"This might sound like déjà vu," Aurora Police Department Chief Todd Chamberlain said about the gang. '
        '"We are addressing this actively and immediately."'
    )
    quotes = read(text, NAMES).quotes
    assert [q.text for q in quotes] == ["This might sound like déjà vu", "We are addressing this actively and immediately."]
    assert [q.speaker for q in quotes] == ["person:todd-chamberlain"] * 2
    assert quotes[0].speaker_name == "Todd Chamberlain"
    assert text[quotes[0].start : quotes[0].end] == quotes[0].text


def test_quote_speaker_before_the_quotation_and_by_pronoun():
    text = 'Todd Chamberlain spoke to reporters. He said: “The gang has been pushed out of the city.”'
    (quote,) = read(text, NAMES).quotes
    assert quote.text == "The gang has been pushed out of the city."
    assert quote.speaker == "person:todd-chamberlain"


def test_nicknames_and_scare_quotes_are_not_quotations():
    names = {"Héctor Guerrero": "PERSON"}
    assert read('Héctor "Niño" Guerrero ran a "luxury" prison.', names).quotes == []


def test_unattributed_quotation_has_no_speaker():
    (quote,) = read('The sign read "no gangs allowed in this building".', NAMES).quotes
    assert quote.speaker is None


def test_negation_in_reported_speech_is_the_speakers_denial():
    names = {**NAMES, "Mike Johnston": "PERSON", "Denver": "GPE"}
    found = statuses("Tren de Aragua grew. Mike Johnston said the gang did not take over any buildings in Denver.", names)
    assert found["takeover"] == ("denied", "person:mike-johnston")


def test_a_claim_is_its_claimants_and_an_unowned_claim_is_alleged():
    found = statuses("Donald Trump claimed that Tren de Aragua took over Aurora.")
    assert found["takeover"] == ("quoted", "person:donald-trump")
    assert statuses("It is alleged that Tren de Aragua took over Aurora.")["takeover"] == ("alleged", None)


def test_no_evidence_that_denies_the_clause():
    text = "Todd Chamberlain said there was no evidence that Tren de Aragua had taken over buildings in Aurora."
    assert statuses(text)["takeover"] == ("denied", "person:todd-chamberlain")


def test_a_denial_does_not_reach_into_what_the_denied_clause_embeds():
    names = {**NAMES, "Héctor Guerrero": "PERSON", "Tocorón prison": "FAC"}
    text = "Héctor Guerrero fled. Officials denied that anyone had helped him escape from Tocorón prison."
    assert statuses(text, names)["escape"][0] != "denied"


def test_blamed_for_is_alleged():
    names = {**NAMES, "Brentwood": "GPE"}
    assert statuses("Tren de Aragua has been blamed for killings in Brentwood.", names)["killing"] == ("alleged", None)


def test_an_apposition_inside_reported_speech_is_the_writers():
    found = statuses("Police said Carlos Ruiz, a member of Tren de Aragua, was arrested in Aurora.")
    assert found["member_of"] == ("asserted", None)
    # nobody named says so: SCHEMA.md's "prosecutors say" is a hedge
    assert found["arrest"] == ("alleged", None)


def test_what_a_noun_phrase_states_is_the_writers_description_in_reported_speech():
    names = {**NAMES, "Mexico": "GPE", "Zetas": "ORG", "Raúl Soto": "PERSON"}
    text = "Prosecutors say Raúl Soto, an assassin for Mexico's violent Zetas cartel, killed a girl."
    x = read(text, names)
    status_of = {(r.relation, r.object): r.status for r in x.relations}
    assert status_of[("operates_in", "gpe:mexico")] == "asserted"


def test_a_hedge_inside_the_noun_phrase_still_makes_it_alleged():
    names = {**NAMES, "Raúl Soto": "PERSON"}
    x = read("Raúl Soto, the alleged leader of Tren de Aragua, was arrested.", names)
    assert [r.status for r in x.relations if r.relation == "leader_of"] == ["alleged"]


def test_an_event_named_in_passing_is_the_writers_background():
    names = {**NAMES, "Raúl Soto": "PERSON", "Texas": "GPE"}
    x = read("Investigators say Raúl Soto, held since his 2015 arrest in Texas, led the cell.", names)
    assert [(e.type, e.status) for e in x.events] == [("arrest", "asserted")]


def test_reports_indicating_a_fact_hedge_it():
    names = {**NAMES, "Raúl Soto": "PERSON", "Iran": "GPE"}
    x = read("Reports indicate Raúl Soto was arrested in Iran in 2023.", names)
    assert [(e.type, e.status) for e in x.events] == [("arrest", "alleged")]


HALCONES = {"Pedro Ruiz": "PERSON", "Los Halcones": "ORG", "Quito": "GPE"}


def spanish_statuses(text):
    x = read(text, HALCONES, lang="es")
    return {(f.relation if hasattr(f, "relation") else f.type): (f.status, f.attributed_to) for f in x.relations + x.events}


@SPANISH
@pytest.mark.parametrize("text, speaker", [
    # what an institution announces of its own work is its news, said by nobody in particular
    ("Pedro Ruiz fue capturado este lunes en Quito, informó el Ministerio del Interior.", None),
    ("Pedro Ruiz fue capturado este lunes en Quito, dijo el Ministerio del Interior.", "org:ministerio-del-interior"),
    ("El Ministerio del Interior señaló que Pedro Ruiz fue capturado este lunes en Quito.", "org:ministerio-del-interior"),
])
def test_what_spanish_news_reports_without_quotation_marks_is_asserted(text, speaker):
    x = read(text, {**HALCONES, "Ministerio del Interior": "ORG"}, lang="es")
    assert [(e.type, e.status, e.attributed_to) for e in x.events] == [("arrest", "asserted", speaker)]


@SPANISH
@pytest.mark.parametrize("text", [
    "Pedro Ruiz sería el líder de Los Halcones.",  # the conditional of hearsay on a copula
    "Pedro Ruiz estaría al mando de Los Halcones y sería su líder.",
    "Pedro Ruiz, quien sería miembro de Los Halcones, fue detenido en Quito.",
    "Se cree que Pedro Ruiz lidera Los Halcones.",  # nobody believes it in particular
])
def test_spanish_conditional_and_impersonal_belief_are_alleged(text):
    found = spanish_statuses(text)
    assert [status for fact, (status, _) in found.items() if fact in ("leader_of", "member_of")] == ["alleged"]


@SPANISH
def test_the_spanish_conditional_does_not_hedge_a_plain_statement_beside_it():
    found = spanish_statuses("Pedro Ruiz, quien sería miembro de Los Halcones, fue detenido en Quito.")
    assert found["arrest"] == ("asserted", None)
    assert spanish_statuses("Pedro Ruiz es el líder de Los Halcones.") == {"leader_of": ("asserted", None)}


@SPANISH
def test_a_spanish_denial_reaches_through_ser():
    found = spanish_statuses("Pedro Ruiz negó ser miembro de Los Halcones.")
    assert found["member_of"] == ("denied", "person:pedro-ruiz")


@SPANISH
def test_a_spanish_line_opened_by_a_dash_is_speech_up_to_the_narrators_dash():
    x = read("—Pedro Ruiz lidera Los Halcones desde hace años —dijo Juan Vera—. Nadie lo discute en Quito.",
             {**HALCONES, "Juan Vera": "PERSON"}, lang="es")
    assert [(q.text, q.speaker_name) for q in x.quotes] == [
        ("Pedro Ruiz lidera Los Halcones desde hace años", "Juan Vera"),
        ("Nadie lo discute en Quito.", "Juan Vera"),
    ]
    assert [(r.status, r.attributed_to) for r in x.relations] == [("quoted", "person:juan-vera")]


@SPANISH
def test_a_dash_inside_a_spanish_sentence_is_an_aside_not_speech():
    x = read("Pedro Ruiz —conocido en Quito como el Halcón— fue detenido ayer por la policía.", HALCONES, lang="es")
    assert x.quotes == []


def test_an_english_line_opened_by_a_dash_is_no_quotation():
    x = read("— Carlos Ruiz was arrested by the Aurora Police Department in Aurora on Monday.", NAMES)
    assert x.quotes == [] and [e.status for e in x.events] == ["asserted"]


@SPANISH
def test_a_hedge_does_not_reach_a_spanish_background_clause():
    found = spanish_statuses("Se cree que Pedro Ruiz lidera Los Halcones desde que Juan Vera fue detenido en Quito.")
    assert found["leader_of"][0] == "alleged" and found["arrest"] == ("asserted", None)


def test_a_hedge_does_not_reach_a_background_clause():
    names = {**NAMES, "Raúl Soto": "PERSON"}
    x = read("Raúl Soto is believed to lead Tren de Aragua since Carlos Ruiz was arrested in Aurora.", names)
    assert [(e.type, e.status) for e in x.events] == [("arrest", "asserted")]


@SPANISH
def test_a_spanish_aside_of_the_writer_is_no_report():
    found = spanish_statuses("Cabe precisar que Pedro Ruiz fue detenido en Quito.")
    assert found["arrest"] == ("asserted", None)
