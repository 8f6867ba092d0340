"""Entity typing and spans on small articles written for these tests (real spaCy model)."""

from __future__ import annotations

import pytest
from markers import SPANISH

from caseboard import aliases, entities, nlp
from caseboard.rules.entities import RulesError, load_rules

ARTICLE = """Puente Grande Prison Was Home To Cartel Boss, Let Him Walk Out Under Guard's Nose.
Puente Grande prison in Mexico held Joaquín "El Chapo" Guzmán until 2001. The Sinaloa cartel grew under his command. Guzmán escaped in a laundry cart, officials said.
Barrio Azteca, a transnational gang, controls smuggling routes near Ciudad Juárez. Police Chief Ana Ruiz said members of Barrio Azteca were arrested in Greeley, Colorado.
The Eastern District of New York charged Ismael Zambada García, aka "El Mayo," in 2024. Zambada denied the charges. The Federal Bureau of Investigation (FBI) joined the case."""


def mentions_of(text: str, rules=None, lang: str = "en"):
    annotated = nlp.annotate(text, [(0, len(text))], lang=lang)
    return entities.find_mentions(annotated, rules)


def spanish_entities(text: str):
    """The entities of a Spanish `text`, its mentions gathered under their names and aliases."""
    return aliases.alias_clusters(mentions_of(text, lang="es"))


@pytest.fixture(scope="module")
def found():
    return mentions_of(ARTICLE)


def types_of(found, text):
    return {m.type for m in found if m.text == text}


def test_offsets_point_at_the_mention_text(found):
    assert found and all(ARTICLE[m.start : m.end] == m.text for m in found)


def test_title_case_headline_words_do_not_become_people(found):
    headline_end = ARTICLE.index("\n")
    in_headline = [m for m in found if m.end <= headline_end]
    assert not [m for m in in_headline if m.type == "PERSON"]
    assert [(m.text, m.type) for m in in_headline] == [("Puente Grande Prison", "FAC")]


def test_a_role_noun_right_before_a_name_outweighs_the_model_saying_organisation_twice():
    text = (
        "A photograph provided by the Mexican Attorney General's office of Cesar Gastelum Serrano (AFP Photo/)\n\n"
        "Mexico has extradited top drug trafficker Cesar Gastelum Serrano to the United States."
    )
    assert {m.type for m in mentions_of(text) if m.text == "Cesar Gastelum Serrano"} == {"PERSON"}


@pytest.mark.parametrize("sentence", [
    "Police arrested Los Halcones leader Carlos Ruiz on Monday.",  # the model calls the group a nationality
    "Carlos Ruiz allegedly heads the Los Halcones gang in Los Angeles.",  # and leaves it out here
])
def test_a_group_named_with_a_spanish_plural_article_in_english_text_is_an_organisation(sentence):
    found = {(m.text, m.type) for m in mentions_of(sentence)}
    assert ("Los Halcones", "ORG") in found
    assert not {t for t in found if t[0] == "Los Angeles" and t[1] != "GPE"}


def test_words_a_page_ran_together_are_no_name_but_a_name_with_one_inner_capital_is():
    text = "Criminal JusticeFederalImmigration & BorderIssues\n\nAgent Ronald McDonald of the Texas Rangers arrested the men."
    names = {m.text for m in mentions_of(text)}
    assert not [n for n in names if "JusticeFederal" in n]
    assert "Ronald McDonald" in names


def test_a_name_stops_at_a_dash_between_spaces():
    text = "Special Agent Ann Lee of the Bureau of Alcohol, Tobacco, Firearms and Explosives - Baltimore Field Division spoke."
    names = {m.text for m in mentions_of(text)}
    assert "Bureau of Alcohol, Tobacco, Firearms and Explosives" in names
    assert not [n for n in names if "Baltimore" in n]


def test_facility_word_after_a_name_makes_a_facility(found):
    assert types_of(found, "Puente Grande prison") == {"FAC"}


def test_apposition_and_context_type_a_gang_the_model_calls_a_person(found):
    assert types_of(found, "Barrio Azteca") == {"ORG"}


def test_cartel_keeps_its_descriptor(found):
    assert types_of(found, "Sinaloa cartel") == {"ORG"}


def test_quoted_nickname_stays_inside_the_name(found):
    assert types_of(found, 'Joaquín "El Chapo" Guzmán') == {"PERSON"}


def test_title_stays_outside_a_name_the_model_missed(found):
    ruiz = [m for m in found if m.text == "Ana Ruiz"]
    assert [(m.type, m.title) for m in ruiz] == [("PERSON", "Police Chief")]


def test_city_followed_by_its_state_is_a_place(found):
    assert types_of(found, "Greeley") == {"GPE"}
    assert types_of(found, "Colorado") == {"GPE"}


def test_district_of_a_court_is_one_organisation(found):
    assert types_of(found, "Eastern District of New York") == {"ORG"}


def test_aka_alias_is_linked_to_the_name_it_follows(found):
    name = next(m for m in found if m.text == "Ismael Zambada García")
    alias = next(m for m in found if m.text == "El Mayo")
    assert alias.same_as == name.start and alias.type == "PERSON"


def test_surname_the_model_missed_is_found_again(found):
    assert types_of(found, "Zambada") == {"PERSON"}


def test_bracketed_acronym_is_cut_from_the_name_and_linked(found):
    name = next(m for m in found if m.text == "Federal Bureau of Investigation")
    fbi = next(m for m in found if m.text == "FBI")
    assert fbi.same_as == name.start and {name.type, fbi.type} == {"ORG"}


def test_one_name_gets_one_type_in_a_document():
    text = (
        "Los Chapitos, a faction of the cartel, grew fast. Los Chapitos recruited teenagers. "
        "Prosecutors said Los Chapitos moved fentanyl."
    )
    found = mentions_of(text)
    assert {m.type for m in found if m.text == "Los Chapitos"} == {"ORG"}
    assert len([m for m in found if m.text == "Los Chapitos"]) == 3


def test_spanish_particles_are_kept_inside_a_person_name():
    text = "The judge questioned Juan Carlos de la Fuente about the shipment. De la Fuente said nothing."
    found = mentions_of(text)
    assert "Juan Carlos de la Fuente" in {m.text for m in found if m.type == "PERSON"}


def test_watch_list_from_a_user_rules_file(tmp_path):
    rules_file = tmp_path / "watch.yaml"
    rules_file.write_text("names:\n  - {name: Los Zetas, type: ORG, aliases: [Zetas]}\ntitles: [comisario]\n")
    rules = load_rules(str(rules_file))
    found = mentions_of("Comisario Pedro Vargas said the Zetas and Los Zetas are the same group.", rules)
    assert {m.text for m in found if m.type == "ORG"} >= {"Zetas", "Los Zetas"}
    assert "Pedro Vargas" in {m.text for m in found if m.type == "PERSON"}


def test_a_rules_file_with_an_unknown_type_is_refused(tmp_path):
    rules_file = tmp_path / "bad.yaml"
    rules_file.write_text("names:\n  - {name: Los Zetas, type: GANG}\n")
    with pytest.raises(RulesError, match="unknown type"):
        load_rules(str(rules_file))


def test_headline_detection_tells_headlines_from_name_lists():
    text = "Gang Leader Was Freed Under New Law\nAna Ruiz ( Mexico ) beat Laura Gil ( Spain ) 6-2 6-3\n"
    ranges = entities.headline_ranges(text)
    assert ranges == [(0, text.index("\n"))]


def test_a_mention_whose_own_context_disagrees_keeps_its_type():
    text = (
        "Police in the state of Guerrero arrested Héctor Guerrero on Monday. "
        "Guerrero, 45, denied the charges. Violence in Guerrero has grown since 2020."
    )
    found = mentions_of(text)
    kinds = [m.type for m in found if m.text == "Guerrero"]
    assert kinds == ["GPE", "PERSON", "GPE"]


def test_person_cues_type_spanish_names_with_particles():
    text = (
        "By Elena del Castillo\n\n"
        '"Everyone knew his name," said Josefina del Valle, whose son was killed in 2019.'
    )
    found = mentions_of(text)
    assert types_of(found, "Josefina del Valle") == {"PERSON"}
    assert types_of(found, "Elena del Castillo") == set()  # a byline credits the writer: no mention (SCHEMA.md)


@pytest.mark.parametrize(
    "credit",
    [
        "By Elena del Castillo",
        "Reporting by Tomás Vega; Editing by Ana Ruiz",
        "(Reporting by Tomás Vega; Writing by Ana Ruiz)",
        "(AP Photo/Tomás Vega)",
        "Tomás Vega/Reuters",
    ],
)
def test_credits_of_writers_photographers_and_agencies_are_no_mentions(credit):
    text = f"The police in Peru arrested Raúl Soto in Lima on Monday.\n{credit}\nSoto was taken to Lima."
    found = mentions_of(text)
    assert {m.text for m in found} == {"Peru", "Raúl Soto", "Lima", "Soto"}


def test_an_agency_credit_in_a_dateline_is_no_mention_but_the_place_is():
    found = mentions_of("LIMA, Peru (AP) — Police arrested Raúl Soto on Monday.")
    assert "AP" not in {m.text for m in found}
    assert {"LIMA", "Peru"} <= {m.text for m in found}


def test_a_sentence_opening_with_by_is_no_byline():
    found = mentions_of("By Monday, Raúl Soto had left Lima.")
    assert "Raúl Soto" in {m.text for m in found}


def test_a_gang_named_after_its_descriptor_is_found_and_typed():
    text = "Judges sentenced members of a faction of the Venezuelan gang Tren de Aragua to long terms."
    assert types_of(mentions_of(text), "Tren de Aragua") == {"ORG"}


def test_a_descriptor_word_does_not_make_a_person_of_an_office():
    text = "Officials said they work with the US Justice Department on the case."
    found = mentions_of(text)
    assert not [m for m in found if m.type == "PERSON"]


def test_dateline_and_sentence_case_headline():
    text = (
        "Gang 'takeover' of Colorado apartments overstated, city says\n\n"
        "SAN SEBASTIÁN DE LOS REYES, Venezuela — Troops entered the town on Monday. "
        "MS-13, also known as Mara Salvatrucha, was not involved."
    )
    found = mentions_of(text)
    assert "Gang" not in {m.text for m in found}
    assert types_of(found, "SAN SEBASTIÁN DE LOS REYES") == {"GPE"}
    assert types_of(found, "MS-13") == {"ORG"}



def test_an_age_between_commas_is_a_person_cue():
    from caseboard.nlp import load_model

    doc = load_model()("Sarabia, 51, was arrested. Sinaloa, 2024, was violent.")
    assert entities._age_follows(doc, 1)  # "Sarabia" ends before ", 51,"
    assert not entities._age_follows(doc, 8)  # ", 2024," is a year, not an age


def test_a_surname_the_text_treats_as_a_person_types_the_full_name():
    from collections import Counter

    from caseboard.gazetteer import gazetteer

    scores = {"felipe cabrera sarabia": Counter(ORG=1.0), "sarabia": Counter(PERSON=4.0, ORG=2.0)}
    keys_in = {"felipe cabrera sarabia": {"felipe cabrera sarabia"}, "sarabia": {"sarabia"}}
    entities._surname_evidence(scores, keys_in, gazetteer())
    assert scores["felipe cabrera sarabia"]["PERSON"] == 4.0


def test_a_translated_organisation_keeps_its_original_acronym_in_brackets():
    text = "Police tracked the First Capital Command (PCC) gang to Lima. The PCC denied it."
    clusters = aliases.alias_clusters(mentions_of(text))
    names = {e.name: {m.text for m in e.mentions} for e in clusters}
    assert names["First Capital Command"] >= {"First Capital Command", "PCC"}


def test_a_name_known_as_after_of_goes_to_the_group_it_spells_out_not_to_the_holder():
    text = "The top leader of MS-13, also known as La Mara Salvatrucha, was arrested in Veracruz. He denied it."
    clusters = aliases.alias_clusters(mentions_of(text))
    names = {e.name: ({m.text for m in e.mentions}, e.type) for e in clusters}
    assert names["MS-13"] == ({"MS-13", "La Mara Salvatrucha"}, "ORG")
    # the sons', not Guzmán's: "Los Chapitos" spells out no initials of his name
    clusters = aliases.alias_clusters(mentions_of("The sons of Joaquín Guzmán, known as Los Chapitos, run the cartel."))
    assert {m.text for e in clusters if e.name == "Joaquín Guzmán" for m in e.mentions} == {"Joaquín Guzmán"}


def test_a_hyphenated_surname_the_model_missed_is_found_again_with_its_alias():
    # (the model takes "Roman-Bardales" after a full stop for a nationality; "Roman-Ortega" it reads)
    for first, surname in (("Tomás", "Roman-Bardales"), ("Francisco", "Roman-Ortega")):
        text = f"Police detained {first} {surname} in Lima. {surname}, also known as Abuelo de Plata, ran the gang."
        clusters = aliases.alias_clusters(mentions_of(text))
        names = {e.name: {m.text for m in e.mentions} for e in clusters if e.type == "PERSON"}
        assert names == {f"{first} {surname}": {f"{first} {surname}", surname, "Abuelo de Plata"}}


def test_a_person_with_a_party_in_brackets_keeps_them_apart():
    clusters = aliases.alias_clusters(mentions_of("The senator, Josefina del Valle (PRI), said the vote in Lima was fair."))
    names = {e.name: {m.text for m in e.mentions} for e in clusters}
    assert names["Josefina del Valle"] == {"Josefina del Valle"}


def test_an_opening_quote_is_no_part_of_a_name():
    found = mentions_of("The founder of the ‘Los Monos’ drug-trafficking gang was arrested in Rosario.")
    assert "Los Monos" in {m.text for m in found}


def test_a_name_after_a_persons_role_of_a_group_is_a_person():
    found = mentions_of("The founder of the Los Monos drug-trafficking gang, Máximo Cantero, was arrested.")
    assert types_of(found, "Máximo Cantero") == {"PERSON"}


@SPANISH
def test_a_spanish_name_after_an_indefinite_facility_noun_is_not_the_facilitys():
    # "una cárcel de X" is a prison somewhere, not one named X ("la cárcel de Turi" is)
    found = mentions_of("La crisis estalló tras la fuga de una cárcel de Pedro Vela, alias \"Gato\", jefe de la banda Los Pulpos.", lang="es")
    assert types_of(found, "Pedro Vela") == {"PERSON"}
    assert types_of(mentions_of("Pedro Vela escapó de la cárcel de Turi en 2023.", lang="es"), "Turi") == {"FAC"}


def test_names_given_one_definite_description_of_a_groups_role_are_one_person():
    text = ("Soldiers on Monday captured the gang leader known as \u201cPulpo\u201d after a long hunt. "
            "The president announced the capture of the gang leader, Carlos Ruiz Vela, on television. "
            "Police also arrested the rival gang leader, Mario Soto Paz.")
    clusters = {e.name: set(e.aliases) for e in aliases.alias_clusters(mentions_of(text))}
    assert {"Pulpo", "Carlos Ruiz Vela"} <= clusters["Carlos Ruiz Vela"]
    assert "Mario Soto Paz" in clusters and not {"Pulpo", "Carlos Ruiz Vela"} & clusters["Mario Soto Paz"]


def test_a_name_the_model_calls_a_nationality_before_a_group_noun_is_the_groups():
    found = mentions_of("Police said the rival Kavač clan planned the attack with the Albanian mafia.")
    # "Kavač" is no word of English nor a country's adjective; "Albanian" is one
    assert types_of(found, "Kavač") == {"ORG"} and not types_of(found, "Albanian")


def test_the_group_noun_after_a_gangs_name_gives_an_alias_not_a_longer_mention():
    text = "Police said the Bel Air gang controls the area. Bel Air denied it."
    found = mentions_of(text)
    (bel_air,) = [e for e in aliases.alias_clusters(found) if e.name == "Bel Air"]
    assert "Bel Air gang" in bel_air.aliases
    assert {m.text for m in bel_air.mentions} == {"Bel Air"}


@pytest.mark.parametrize(
    "text",
    [
        "Police arrested eleven members of the transnational criminal organization “Los Halcones de Ica”, born in Peru.",
        "They belong to the gang of ‘Los Halcones de Ica’ in Lima.",
    ],
)
def test_a_quoted_name_after_a_group_noun_is_an_organisation(text):
    assert types_of(mentions_of(text), "Los Halcones de Ica") == {"ORG"}


def test_a_number_opening_a_group_name_is_part_of_it_but_not_a_count_of_members():
    assert types_of(mentions_of("The 400 Mawozo gang is being blamed by Haitian authorities."), "400 Mawozo") == {"ORG"}
    # a number written as a word opens a name too, and a name opening with one is no person's
    found = mentions_of("The indictment names members of the Nine Trey Gangsters faction of the UBN in Harlem.")
    assert types_of(found, "Nine Trey Gangsters") == {"ORG"}
    assert types_of(mentions_of("Police say the Seven Trey Hustlers faction controls the block."), "Seven Trey Hustlers") == {"ORG"}
    texts = {m.text for m in mentions_of("Police arrested the 400 Mawozo gang members in Ganthier.")}
    assert "400 Mawozo" not in texts


def test_a_quoted_name_a_person_noun_calls_so_is_a_person_and_a_scare_quote_is_not():
    text = "Soldiers on Wednesday captured the gang leader known as “Tito” whose escape set off violence."
    assert types_of(mentions_of(text), "Tito") == {"PERSON"}
    assert "Justice" not in {m.text for m in mentions_of("The prosecutor “Justice” spoke for an hour.")}


def test_a_full_name_of_three_capitalised_words_is_a_person_cue():
    from caseboard.gazetteer import gazetteer
    from caseboard.nlp import load_model

    rules = load_rules()
    doc = load_model()("Soldiers detained José Gabriel Soto Martínez near the Izaguirre Ranch Police Station.")
    assert entities._full_name_shape(doc, 2, 6, rules, gazetteer())
    assert not entities._full_name_shape(doc, 8, 12, rules, gazetteer())  # "Ranch", "Police", "Station" name places and bodies


def test_a_dateline_with_an_agency_credit_and_a_hyphen_names_its_place():
    found = mentions_of("MEXICO CITY (dpa-AFX) - Mexican security officials have arrested Francisco Javier Roman-Bardales.")
    assert types_of(found, "MEXICO CITY") == {"GPE"}
    assert not [m for m in mentions_of("SOCCER - LEEDS WIN AGAIN IN THE CUP") if m.text == "SOCCER"]


def test_a_dateline_with_a_dated_credit_in_brackets_names_its_place_and_credits_no_one():
    found = mentions_of("SANTA MARTA (Caribe Noticias / Prensa Sur - 4th May, 2022) Colombian police arrested Raúl Soto on Monday.")
    assert {(m.text, m.type) for m in found} == {("SANTA MARTA", "GPE"), ("Raúl Soto", "PERSON")}


def test_a_nationality_before_a_common_noun_is_no_name_whatever_the_model_calls_it():
    assert mentions_of("Sri Lankan officials said the talks would resume.") == []


def test_an_indefinite_article_is_no_part_of_a_name():
    found = mentions_of("Agents from a Federal Bureau of Investigation field office in Tulsa joined the search.")
    assert ("Federal Bureau of Investigation", "ORG") in {(m.text, m.type) for m in found}


def test_a_web_address_left_in_the_text_is_no_name():
    found = mentions_of("The photo was stored at cdn_images()/s3/static.harbornews.example and shared by Ana Ruiz.")
    assert not [m for m in found if "/" in m.text or "_" in m.text]


def test_a_time_zone_is_no_name():
    assert mentions_of("The talks ended at 1600 GMT on Friday.") == []


def test_a_country_name_without_its_ending_is_a_nationality():
    from caseboard.gazetteer import gazetteer

    rules = load_rules()
    assert gazetteer().nationality("Slovak", rules.demonym_endings, rules.demonym_dropped)
    assert not gazetteer().nationality("Slovakia", rules.demonym_endings, rules.demonym_dropped)


@pytest.mark.parametrize("text, place", [
    ("KESTOVO 2021-03-14\nTwo men were arrested on Sunday after a raid on a warehouse.", "KESTOVO"),
    ("HALDERN | 14-06-2023 09:30\nTwo men were arrested on Sunday after a raid on a warehouse.", "HALDERN"),
])
def test_a_dateline_line_of_a_place_and_the_date_names_its_place(text, place):
    assert types_of(mentions_of(text), place) == {"GPE"}


@SPANISH
def test_spanish_names_are_typed_by_the_head_they_open_with():
    text = (
        "La Fiscalía General de la República informó que integrantes del Cártel del Golfo fueron trasladados "
        "a la Penitenciaría del Litoral, en Guayaquil, y que la Organización Mundial de la Salud no fue informada."
    )
    annotated = nlp.annotate(text, [(0, len(text))], lang="es")
    typed = {m.text: m.type for m in entities.find_mentions(annotated)}
    assert typed.get("Fiscalía General de la República") == "ORG"
    assert typed.get("Cártel del Golfo") == "ORG"
    assert typed.get("Penitenciaría del Litoral") == "FAC"
    assert typed.get("Organización Mundial de la Salud") == "ORG"
    assert typed.get("Guayaquil") == "GPE"
    text = "Los militares abatieron a tres hombres en el Parque Nacional Laguna Verde Quiroga, en el estado Guárico."
    typed = {m.text: m.type for m in mentions_of(text, lang="es")}
    assert typed.get("Parque Nacional Laguna Verde Quiroga") == "LOC"  # a park is an area, no political unit


@SPANISH
def test_a_spanish_name_before_a_bare_role_of_something_is_a_persons():
    text = (
        "Nueve personas fueron detenidas la mañana de este jueves, en el cantón de Upala, como parte de cinco "
        "allanamientos contra una banda criminal vinculada a Mario Solano Vega, alias Gordo, uno de los "
        "narcotraficantes más buscados del país, informó el Organismo de Investigación Judicial (OIJ).\n"
        "Randall Zúñiga, director del OIJ, indicó que el objetivo inicial era detener a 12 sospechosos."
    )
    typed = {m.text: m.type for m in mentions_of(text, lang="es")}
    assert typed.get("Randall Zúñiga") == "PERSON"
    assert typed.get("Organismo de Investigación Judicial") == "ORG"
    # an article after a comma may open a clause instead: "el penal" says nothing of Morales
    typed = {m.text: m.type for m in mentions_of("Según Morales, el penal ya está bajo control de las autoridades.", lang="es")}
    assert typed.get("Morales") != "FAC"


@SPANISH
def test_a_name_after_alias_is_a_persons_nickname_without_the_word_alias():
    typed = {}
    for text in ("La Policía capturó a alias “Lucumí” en Belmira.", "Alias Pipo sigue prófugo, dijo la policía."):
        annotated = nlp.annotate(text, [(0, len(text))], lang="es")
        typed.update({m.text: m.type for m in entities.find_mentions(annotated)})
    assert typed.get("Lucumí") == "PERSON" and typed.get("Pipo") == "PERSON" and "Alias Pipo" not in typed


@SPANISH
def test_a_nickname_after_a_comma_in_brackets_or_after_an_age_is_the_persons_alias():
    text = (
        "La policía detuvo a Ramón Ortiz Vega (41), alias «El Zorro», y a Lucía Peña Ruiz, «La Güera», "
        "considerada su socia. También cayó Mario Soto (“El Toro”) en Cali."
    )
    people = spanish_entities(text)
    nicknames = {e.name: set(e.aliases) for e in people if e.type == "PERSON"}
    assert "El Zorro" in nicknames["Ramón Ortiz Vega"]
    assert "La Güera" in nicknames["Lucía Peña Ruiz"]
    assert "El Toro" in nicknames["Mario Soto"]


@SPANISH
def test_two_nicknames_after_alias_and_an_age_in_words_are_both_the_persons():
    text = "Fueron detenidos Israel Gómez Lara, alias Orejón o Checo, y Juan José Moreno Cruz, de 33 años, alias Cebo, en Olancho."
    people = spanish_entities(text)
    nicknames = {e.name: set(e.aliases) for e in people if e.type == "PERSON"}
    assert {"Orejón", "Checo"} <= nicknames["Israel Gómez Lara"]
    assert "Cebo" in nicknames["Juan José Moreno Cruz"]


@SPANISH
def test_a_nickname_after_alias_in_quotes_that_do_not_pair_is_the_persons():
    text = 'El Tesoro sancionó a Wilmer Chávez Borja, alias "Pipo”, quien está prófugo.'
    people = spanish_entities(text)
    assert "Pipo" in next(e for e in people if e.name == "Wilmer Chávez Borja").aliases


def test_a_short_quoted_name_after_a_person_is_his_nickname_and_a_quotation_is_not():
    people = aliases.alias_clusters(mentions_of("Police arrested Guadalupe Tapia “El Lupe” in Culiacan on Monday."))
    assert {"Guadalupe Tapia", "El Lupe"} <= set(next(e for e in people if e.name == "Guadalupe Tapia").aliases)
    said = mentions_of("Guadalupe Tapia “We Will Win This Fight Soon” was his slogan.")
    assert not any(m.text.startswith("We Will") for m in said)


@SPANISH
def test_two_surnames_joined_by_y_are_two_people():
    text = "Juan Gil Díaz y Carlos Escobar García fueron detenidos en Bogotá. Gil y Escobar fueron extraditados."
    found = {m.text for m in entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))}
    assert "Gil y Escobar" not in found and {"Gil", "Escobar"} <= found


@SPANISH
def test_an_acronym_glossed_in_its_brackets_is_the_agencys_alias():
    text = "Úsuga también es buscado por la Administración de Control de Drogas (DEA por sus siglas en inglés). La DEA lo busca."
    found = spanish_entities(text)
    (agency,) = [e for e in found if e.name == "Administración de Control de Drogas"]
    assert agency.type == "ORG" and "DEA" in agency.aliases and len(agency.mentions) == 3


def test_an_office_named_after_a_title_keeps_the_title_and_its_district():
    found = mentions_of("The U.S. Attorney's Office for the Eastern District of New York has prosecuted hundreds of gang leaders.")
    assert types_of(found, "U.S. Attorney's Office for the Eastern District of New York") == {"ORG"}


@pytest.mark.parametrize("sentence, court", [
    ("The two brothers were indicted in the District Court for the Western District of Oklahoma last spring.",
     "District Court for the Western District of Oklahoma"),
    ("A judge of the Circuit Court for the District of Columbia set the trial for May.",
     "Circuit Court for the District of Columbia"),
])
def test_a_court_keeps_the_district_it_serves(sentence, court):
    found = mentions_of(sentence)
    assert types_of(found, court) == {"ORG"}


def test_a_court_does_not_take_what_follows_for_when_it_names_no_district():
    found = mentions_of("The Supreme Court for the first time heard Maria Lopez in Denver.")
    assert not [m for m in found if "first" in m.text]


def test_a_hyphenated_name_is_one_name_and_a_persons_surnames_are_his():
    text = ("Jose Guizar-Valencia was sentenced on Tuesday. The DOJ said that Guizar-Valencia was a resident "
            "of Tulare, California. He worked for a Mexico-based gang.")
    found = mentions_of(text)
    assert types_of(found, "Guizar-Valencia") == {"PERSON"}
    assert types_of(found, "Mexico") == {"GPE"} and not [m for m in found if m.text.startswith("Mexico-")]
    found = mentions_of("Shinoda heads the Yamaguchi-gumi, which has 40,000 members.")
    assert types_of(found, "Yamaguchi-gumi") == {"ORG"}


def test_a_place_whose_hyphenated_parts_a_particle_joins_is_one_name():
    found = mentions_of("Gunmen attacked a market in Croix-des-Bouquets on Sunday, and a bus stop near Aix-en-Provence.")
    assert "Croix-des-Bouquets" in {m.text for m in found}
    assert not [m for m in found if m.text in ("Croix", "Bouquets")]


def test_a_known_city_before_court_is_where_the_court_is():
    found = mentions_of("A Bucharest court sentenced a former government minister on Tuesday to six years in jail.")
    assert types_of(found, "Bucharest") == {"GPE"}


def test_a_known_place_owning_a_name_is_a_place_of_its_own():
    found = mentions_of("He was stopped at Lisbon's Portela Airport in May.")
    assert {(m.text, m.type) for m in found} >= {("Lisbon", "GPE"), ("Portela Airport", "FAC")}


@pytest.mark.parametrize(
    "text, name",
    [
        ("Doctors treated Kennedy's assassin after the shooting.", "Kennedy"),
        ("The commission found that the gunman acted alone in killing Kennedy.", "Kennedy"),
        ("This is the farm where the assassin of Lincoln was cornered.", "Lincoln"),
        ("Sirhan was convicted of Kennedy's killing.", "Kennedy"),  # a Bogotá locality too
    ],
)
def test_a_name_only_a_person_fits_around_it_is_a_person(text, name):
    assert {m.type for m in mentions_of(text) if m.text == name} == {"PERSON"}


# What the context of a name says it is, one rule per id (the words are in rules/entities.yaml).
@pytest.mark.parametrize("sentence, name, kind", [
    pytest.param("Keel, a senior Interior Ministry official, declined to comment.", "Keel", "PERSON", id="lone name before an age or a role"),
    pytest.param("Oren, 53, was released on bail.", "Oren", "PERSON", id="lone name before an age or a role"),
    pytest.param("According to Kanto Press, the man was a senior member.", "Kanto Press", "ORG", id="news agency, church ministry"),  # the model says person
    pytest.param("Seven workers of Hope Valley Ministries were abducted by the gang on Saturday.", "Hope Valley Ministries", "ORG", id="news agency, church ministry"),
    pytest.param("The gang controls the area that includes Ostrava Nueva, some 40 km north of Quito.", "Ostrava Nueva", "GPE", id="name, then where it lies"),
    pytest.param("Police found the bodies near Dunmore, 12 miles north of Galway.", "Dunmore", "GPE", id="name, then where it lies"),
    pytest.param("The riot began in the prison of Tocuyito, according to the inmates.", "Tocuyito", "FAC", id="the prison of X"),
    pytest.param("The gang was born inside the prison of Yare, where its founders served long sentences.", "Yare", "FAC", id="the prison of X"),
    pytest.param("He was flown to the prison of Lima after the trial.", "Lima", "GPE", id="the prison of X"),  # a known city: the prison's place
    pytest.param("The Ravić and Lukić clans control the harbour.", "Ravić", "ORG", id="the A and B clans"),
    pytest.param("Police said the Marovo and the Tigre gangs had agreed to a truce.", "Marovo", "ORG", id="the A and B clans"),
    pytest.param("The family ran the racket from the northern Calabria region for a decade.", "Calabria", "GPE", id="known state before region"),
    pytest.param("Troops were sent to the Antioquia region after the attack.", "Antioquia", "GPE", id="known state before region"),
    pytest.param("Police arrested three members of the Vikingos on Monday.", "Vikingos", "ORG", id="members of the X"),
    pytest.param("The leader of the Caballeros was shot dead in his car.", "Caballeros", "ORG", id="members of the X"),
    pytest.param("Prosecutors named 44-year-old Dorin Ergun as the organiser.", "Dorin Ergun", "PERSON", id="age before a name"),
    pytest.param("Officers later found 27-year-old Senna Vos hiding in a barn.", "Senna Vos", "PERSON", id="age before a name"),
    pytest.param("Police say the Montoya Ranch served as a training camp for hitmen.", "Montoya Ranch", "FAC", id="ranch"),
    pytest.param("The Army seized weapons at El Mirador Ranch in Michoacan.", "El Mirador Ranch", "FAC", id="ranch"),
    pytest.param("Protesters threw stones at the Israeli embassy in Madrid.", "Israeli embassy", "FAC", id="nationality and embassy"),
    pytest.param("The Honduran police arrested him near the Mexican consulate.", "Mexican consulate", "FAC", id="nationality and embassy"),
    pytest.param("Fans of the Houston Silver Foxes cheered.", "Houston Silver Foxes", "ORG", id="three words from a place or a nationality"),
    pytest.param("The Chilean Copper Brokers raised prices.", "Chilean Copper Brokers", "ORG", id="three words from a place or a nationality"),
    pytest.param("Soldiers of the National Guard and the Attorney General's Office arrested two men.", "Attorney General's Office", "ORG",
                 id="office named after a title"),
    pytest.param("The Orange County District Attorney's Office charged Raúl Soto.", "Orange County District Attorney's Office", "ORG",
                 id="office named after a title"),
    pytest.param("A photo provided by the Peruvian Attorney General's office of Raúl Soto shows the house.", "Peruvian Attorney General's office",
                 "ORG", id="office named after a title"),
])
def test_a_name_takes_the_type_its_context_gives(sentence, name, kind):
    assert types_of(mentions_of(sentence), name) == {kind}


def test_a_title_word_before_a_name_suffix_is_the_surname():
    found = mentions_of("Crowds mourned Martin Luther King Jr. in Memphis.")
    assert {(m.text, m.type) for m in found if m.type == "PERSON"} == {("Martin Luther King Jr.", "PERSON")}


def test_words_the_model_missed_before_a_group_word_name_a_group():
    found = mentions_of("Marc Dorval, the head of the Bel Air gang, was sanctioned on Monday.")
    assert {(m.text, m.type) for m in found} >= {("Bel Air", "ORG")}


def test_a_known_place_before_a_court_is_the_place_not_the_court():
    found = mentions_of("He will face charges in a Texas court. He was caught in Brownsville, Texas, last year.")
    assert {m.type for m in found if m.text == "Texas"} == {"GPE"}


def test_a_capitalised_group_word_after_names_the_model_missed_is_part_of_the_name():
    found = mentions_of("The department listed MS-13, the Norte Cartel and the Gulf Cartel as terrorist groups.")
    assert ("Norte Cartel", "ORG") in {(m.text, m.type) for m in found}


def test_capitals_alone_name_nothing_in_a_headline_until_the_body_confirms_them():
    text = "Police Arrest Suspected Norland Mafia Members After Raid\nOfficers detained three men on Monday in Tarvo."
    assert not [m for m in mentions_of(text) if "Mafia" in m.text]


def test_the_models_label_alone_names_nothing_in_a_headline():
    text = "ATHLETICS - KORVAN DEFEATS MELLOR IN FRONT OF HOME CROWD .\nKorvan won the race on Sunday."
    assert [(m.text, m.type) for m in mentions_of(text) if m.type != "PERSON"] == []


@pytest.mark.parametrize("sentence, name", [
    ("Americans Tom Reyes and Al Cole shared the lead.", "Tom Reyes"),
    ("Analyst Maria Velt said the shares would rise.", "Maria Velt"),
    ("Tuesday Marta Velasco told reporters the talks had failed.", "Marta Velasco"),
])
def test_a_nationality_role_or_date_opening_the_sentence_is_no_part_of_the_name(sentence, name):
    assert (name, "PERSON") in {(m.text, m.type) for m in mentions_of(sentence)}


def test_a_title_of_several_words_stays_outside_the_name_whatever_the_model_calls_it():
    found = mentions_of("Detective Inspector Mark Steel said the arrest mattered. Detective Inspector Steel spoke again.")
    assert [(m.text, m.type) for m in found] == [("Mark Steel", "PERSON"), ("Steel", "PERSON")]


def test_a_brotherhood_is_an_organisation_and_keeps_the_state_it_is_of():
    found = mentions_of("The Silver Brotherhood is a violent gang, and the Silver Brotherhood of Utah is its offshoot.")
    assert types_of(found, "Silver Brotherhood") == {"ORG"}
    assert types_of(found, "Silver Brotherhood of Utah") == {"ORG"}


@pytest.mark.parametrize("sentence, word", [
    ("Prosecutors laid out the State's case against the nine defendants on Monday.", "State"),
    ("The Ministry had ordered the port closed, Ana Ruiz said.", "Ministry"),
])
def test_one_word_for_an_institution_is_no_name_in_english(sentence, word):
    assert not [m for m in mentions_of(sentence) if m.text == word]


@SPANISH
def test_one_word_for_an_institution_is_a_name_where_the_language_writes_it_so():
    text = "La Fiscalía acusó a Carlos Ruiz de homicidio."
    found = entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))
    assert {(m.text, m.type) for m in found} >= {("Fiscalía", "ORG")}


@pytest.mark.parametrize("sentence, place", [
    ("The bodies were found in the Colombian department of Antioquia on Sunday.", "Antioquia"),  # the model: organisation
    ("The gang recruits teenagers in the city of Coquimbo and in the capital.", "Coquimbo"),  # the model: nationality
])
def test_a_name_after_a_word_for_a_place_and_of_is_a_place(sentence, place):
    assert types_of(mentions_of(sentence), place) == {"GPE"}


def test_a_name_before_clan_is_a_group_even_where_the_model_calls_it_a_product():
    found = mentions_of("Police detained three alleged Esposito clan members in a raid near Naples.")
    assert types_of(found, "Esposito") == {"ORG"}


@SPANISH
@pytest.mark.parametrize("text", [
    "La cocaína llegaba a Europa en contenedores de fruta desde Guayaquil.",
    "La red operaba en Latinoamérica desde hace una década.",
])
def test_a_region_is_a_region_where_the_model_says_place_or_anything_else(text):
    found = entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))
    assert {m.type for m in found if m.text in ("Europa", "Latinoamérica")} == {"LOC"}


def test_the_office_of_a_man_named_like_a_title_is_no_organisation():
    found = mentions_of("Raúl Major met the press. A spokesman from Major's office in Lima said so.")
    assert not [m for m in found if "office" in m.text]


@SPANISH
def test_a_name_after_a_word_for_a_neighbourhood_is_a_place_that_is_no_political_unit():
    text = (
        "Los policías allanaron dos casas en la colonia Mirador y en el barrio de Palmeras, "
        "y luego recorrieron la urbanización Los Robles, en Tegucigalpa."
    )
    found = entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))
    typed = {m.text: m.type for m in found}
    assert typed.get("Mirador") == typed.get("Palmeras") == typed.get("Los Robles") == "LOC"
    assert typed.get("Tegucigalpa") == "GPE"


@SPANISH
def test_a_spanish_name_opening_with_tren_is_a_gang_and_a_place_after_en_is_not_part_of_it():
    text = "La Fiscalía acusó a dos miembros del Tren del Sur en La Serena. El Tren del Sur opera en el norte."
    found = entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))
    assert {(m.text, m.type) for m in found} >= {("Tren del Sur", "ORG"), ("La Serena", "GPE")}
    assert not [m for m in found if m.text.startswith("Tren") and m.type != "ORG"]


@SPANISH
def test_a_credit_closing_a_captions_line_names_no_one():
    text = (
        "Dos reos escaparon del penal.\nGuardia Nacional de Honduras Crédito: AFP\n\n"
        "La Guardia Nacional de Honduras busca a los reos, informó Marta Gil.\nLa hora del aviso: 15:34"
    )
    found = {(m.text, m.type) for m in entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))}
    assert ("AFP", "ORG") not in found and not [name for name, _ in found if "Crédito" in name]
    assert ("Guardia Nacional de Honduras", "ORG") in found and ("Marta Gil", "PERSON") in found


@SPANISH
def test_a_plural_article_opening_a_sentence_before_a_plural_name_opens_a_groups_name():
    text = (
        "La Fiscalía vinculó a Raúl Soto con la banda Los Halcones de México. "
        "Los Lobos, señalados como sus socios, negaron todo. Las Fuerzas Armadas de Colombia no opinaron. "
        "La banda Los Jaguares del Norte también opera allí."
    )
    found = {(m.text, m.type) for m in entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))}
    assert {("Los Halcones", "ORG"), ("Los Lobos", "ORG"), ("Fuerzas Armadas de Colombia", "ORG")} <= found
    assert ("Los Jaguares del Norte", "ORG") in found  # "Norte" is no country
    assert ("México", "GPE") in found


@SPANISH
def test_a_syllabic_acronym_in_brackets_is_the_institutions_alias_and_a_place_is_not():
    text = (
        "Marinos de la Secretaría de Marina (Semar) detuvieron a Ana Ruiz (Bogotá) en el puerto. "
        "La Semar no dio más detalles."
    )
    found = spanish_entities(text)
    (navy,) = [e for e in found if e.name == "Secretaría de Marina"]
    assert navy.type == "ORG" and "Semar" in navy.aliases and len(navy.mentions) == 3
    assert not [e for e in found if e.name == "Ana Ruiz" and "Bogotá" in e.aliases]


@SPANISH
def test_a_lower_case_head_written_before_a_spanish_name_is_a_form_of_it_and_a_word_for_what_it_is_is_not():
    text = "Hallaron el cuerpo en el río Magdalena, cerca del municipio de Honda. Dos sicarios del cártel de Juárez lo mataron."
    found = {e.name: set(e.aliases) for e in aliases.alias_clusters(
        entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))
    )}
    assert "río Magdalena" in found["Magdalena"] and "cártel de Juárez" in found["Juárez"]
    assert found["Honda"] == {"Honda"}


@SPANISH
def test_a_prison_of_a_country_is_in_it_and_a_prison_of_a_town_is_named_after_it():
    text = "Seis presos se fugaron de la mayor cárcel de Ecuador. Otros dos huyeron de la cárcel de Riobamba."
    found = {(m.text, m.type) for m in entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))}
    assert found == {("Ecuador", "GPE"), ("Riobamba", "FAC")}


@SPANISH
def test_every_name_of_a_list_after_a_descriptor_takes_its_type_but_a_state_after_its_town_does_not():
    text = (
        "Hubo cateos en los barrios Loma Linda, El Mirador y Villa Esperanza. "
        "Lo juzgó un tribunal federal de Alexandria, Virginia."
    )
    typed = {m.text: m.type for m in entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))}
    assert typed.get("El Mirador") == typed.get("Villa Esperanza") == "LOC"
    assert typed.get("Virginia") == "GPE"


@SPANISH
def test_a_spanish_name_opening_with_mara_is_a_gang():
    text = "Tres pandilleros de la Mara Salvatrucha fueron capturados en San Miguel."
    found = entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))
    assert {(m.text, m.type) for m in found} == {("Mara Salvatrucha", "ORG"), ("San Miguel", "GPE")}


def test_a_postal_district_of_a_known_place_names_the_place():
    found = mentions_of("Gardaí searched a house in Raheny, Dublin 5, on Monday.")
    assert types_of(found, "Dublin") == {"GPE"} and not types_of(found, "Dublin 5")


def test_a_place_and_the_known_place_it_lies_in_are_two_names():
    found = mentions_of("The raids took place in Hout Bay, Cape Town, on Tuesday.")
    assert {(m.text, m.type) for m in found} == {("Hout Bay", "LOC"), ("Cape Town", "GPE")}


def test_a_drug_capitalised_in_a_list_or_as_a_brand_is_no_name():
    found = mentions_of("Raúl Soto sold Heroin, Fentanyl and Alprazolam (Xanax) in Tucson, prosecutors said.")
    assert {m.text for m in found} & {"Heroin", "Fentanyl", "Alprazolam", "Xanax"} == set()
    assert types_of(found, "Raúl Soto") == {"PERSON"} and types_of(found, "Tucson") == {"GPE"}


def test_a_lower_case_word_is_no_persons_name():
    found = mentions_of("Police seized 40 kilos of marijuana and heifers from the farm of Raúl Soto.")
    assert {(m.text, m.type) for m in found} == {("Raúl Soto", "PERSON")}


def test_a_lower_case_head_after_a_place_is_left_out_of_its_name_but_a_hyphenated_part_is_not():
    found = mentions_of("The fugitive was caught in a village in Azuay province, police said.")
    assert {(m.text, m.type) for m in found} == {("Azuay", "GPE")}
    assert types_of(mentions_of("Members of the Yamaguchi-gumi met in Kobe."), "Yamaguchi-gumi") == {"ORG"}


def test_an_unknown_name_after_in_and_before_its_province_in_brackets_is_a_place():
    found = mentions_of("He is held at a federal prison in Villa Ortega (Buenos Aires Province) since 2019.")
    assert types_of(found, "Villa Ortega") == {"GPE"}


def test_a_title_in_the_plural_stays_outside_the_first_name_it_opens():
    found = mentions_of("In a unanimous ruling, Judges Marta Ibarra and Luis Pereyra ordered the release of the two men.")
    assert {(m.text, m.type) for m in found} == {("Marta Ibarra", "PERSON"), ("Luis Pereyra", "PERSON")}


@pytest.mark.parametrize("title", ["Commissioner of Police", "Minister of Justice", "Chief of Police"])
def test_a_person_after_a_title_with_of_is_a_person_without_the_title(title):
    found = mentions_of(f"The gang has grown. {title} Anil Persad said on Monday that it was weakened.")
    assert types_of(found, "Anil Persad") == {"PERSON"}
    assert not [m for m in found if m.text != "Anil Persad" and "Persad" in m.text]


def test_a_title_closing_a_name_before_a_person_is_no_part_of_either():
    found = mentions_of("Marion County Sheriff Daniel Reyes said the raid was over.")
    assert types_of(found, "Daniel Reyes") == {"PERSON"}
    assert not [m for m in found if "Sheriff" in m.text]
    assert types_of(found, "Marion County") - {"GPE", "LOC"} == set()


def test_a_lower_case_word_inside_a_persons_span_is_no_part_of_the_name():
    found = mentions_of("The son said the execution of Lanza assassin Tomas Vega would not bring his father back.")
    assert types_of(found, "Tomas Vega") == {"PERSON"}
    assert not [m for m in found if "assassin" in m.text]
    found = mentions_of('Joaquín "el Chapo" Guzmán and Juan de la Cruz Reyna were extradited.')
    assert not [m for m in found if m.text in ("Juan", "Cruz Reyna", "Joaquín")]


def test_a_name_before_a_title_and_a_persons_name_is_whom_the_title_serves():
    found = mentions_of("The fleet is fine, Boeing Commercial Airplanes spokesman Craig Martin said Wednesday in Seattle.")
    assert types_of(found, "Boeing Commercial Airplanes") == {"ORG"}
    assert types_of(found, "Craig Martin") == {"PERSON"}
    found = mentions_of("Texas governor Greg Abbott signed the bill.")
    assert types_of(found, "Texas") == {"GPE"}


def test_a_news_outlet_named_in_the_body_is_an_organisation():
    found = mentions_of("According to a report by Infobae, the suspect was moved to Lima. He told Caracol Radio he was innocent.")
    assert types_of(found, "Infobae") == {"ORG"}
    assert types_of(found, "Caracol Radio") == {"ORG"}


def test_a_person_in_apposition_after_a_described_group_is_no_member_of_a_list():
    found = mentions_of("The leader of the gang Los Choneros, José Macías, said the inmates attacked the guards.")
    assert types_of(found, "José Macías") == {"PERSON"}


@SPANISH
def test_a_known_place_after_a_spanish_locative_preposition_is_a_place():
    text = "La red movía cocaína desde la selva hacia Centroamérica, México y Estados Unidos."
    found = entities.find_mentions(nlp.annotate(text, [(0, len(text))], lang="es"))
    assert {m.type for m in found if m.text == "Centroamérica"} == {"LOC"}


def test_people_named_after_a_named_group_and_a_comma_are_no_list_of_groups():
    found = mentions_of("Police arrested two members of the Norte cartel, Filip Horvat and Boban Lukic.")
    assert types_of(found, "Filip Horvat") == {"PERSON"} and types_of(found, "Boban Lukic") == {"PERSON"}


def test_a_caption_label_is_no_name():
    text = "Officers escorted the suspect to court on Friday. File Photo by Jane Roe/UPI | License Photo"
    assert not [m for m in mentions_of(text) if "Photo" in m.text]


def test_a_lower_case_church_after_a_name_is_part_of_the_facility_name():
    text = "Armed men seized forty worshippers from the San Telmo church in the south of the city."
    assert {(m.text, m.type) for m in mentions_of(text)} == {("San Telmo church", "FAC")}


@pytest.mark.parametrize("sentence", [
    "Inmates rioted in a Guatemalan prison on Tuesday.",
    "He was handed over to Honduran authorities on Friday.",
])
def test_a_nationality_is_no_name_even_where_the_model_calls_it_a_place(sentence):
    assert mentions_of(sentence) == []


def test_a_prison_after_a_country_is_no_facility_name():
    found = {(m.text, m.type) for m in mentions_of("He will serve his sentence in a U.S. prison.")}
    assert found == {("U.S.", "GPE")}


@pytest.mark.parametrize("sentence, name, acronym", [
    ("He joined the Mara Salvatrucha (MS13) street gang as a teenager.", "Mara Salvatrucha", "MS13"),
    ("Prosecutors said Calle Dieciocho (CD18) controls the market.", "Calle Dieciocho", "CD18"),
])
def test_a_bracketed_acronym_with_a_number_is_an_alias_of_a_group(sentence, name, acronym):
    found = mentions_of(sentence)
    assert types_of(found, name) == types_of(found, acronym) == {"ORG"}


@pytest.mark.parametrize("sentence, name", [
    ("Gangs have long fought over the Catatumbo region near the border.", "Catatumbo region"),
    ("The militia operates across the Sahel region and beyond.", "Sahel region"),  # a known region, no political unit
])
def test_a_lower_case_region_after_a_name_that_is_no_political_unit_is_part_of_it(sentence, name):
    assert {(m.text, m.type) for m in mentions_of(sentence)} == {(name, "LOC")}


def test_a_name_ending_in_gardens_is_a_place():
    found = mentions_of("Police raided a house on Long Street, Mayfield Gardens, and found two rifles.")
    assert types_of(found, "Mayfield Gardens") == {"LOC"}


def test_a_bare_name_after_a_neighbourhood_named_with_its_head_is_the_neighbourhood():
    text = ("Police raided a house on Long Street, Mayfield Gardens, and found two rifles. "
            "Later that day officers returned to Mayfield to question neighbours.")
    assert types_of(mentions_of(text), "Mayfield") == {"LOC"}


def test_the_country_that_opens_a_court_s_name_is_part_of_it():
    found = mentions_of("In 2019 the brothers were charged in the U.S. District Court for the Western District of Texas.")
    assert {(m.text, m.type) for m in found} == {("U.S. District Court for the Western District of Texas", "ORG")}


@pytest.mark.parametrize("sentence", [
    "Police in Lisbon arrested a man sought through an Interpol Red Notice issued in 2021.",
    "Prosecutors requested an Interpol Red Diffusion for the former mayor.",
])
def test_a_notice_is_no_name_and_who_issues_it_is_an_organisation(sentence):
    found = mentions_of(sentence)
    assert types_of(found, "Interpol") == {"ORG"} and not [m for m in found if "Red" in m.text]


@pytest.mark.parametrize("sentence, name", [
    ("A commander of the Tolima police department said the gang had been dismantled.", "Tolima police department"),
    ("The suspects were charged by the US justice department on Friday.", "US justice department"),
])
def test_a_lower_case_institution_after_a_place_is_part_of_its_name(sentence, name):
    assert {(m.text, m.type) for m in mentions_of(sentence)} == {(name, "ORG")}


def test_housing_projects_named_after_a_person_are_a_facility():
    found = mentions_of("Two men were shot near the Ana María Ríos Public Housing Projects on Saturday.")
    assert types_of(found, "Ana María Ríos Public Housing Projects") == {"FAC"}


@pytest.mark.parametrize("caption", [
    "Soldiers guard a road checkpoint in the state of Zacatecas. AFP / JANE ROE",
    "Soldiers guard a road checkpoint in Zacatecas. Reuters / John Doe",
])
def test_a_photo_credit_after_a_caption_begins_after_the_caption_s_sentence(caption):
    assert {(m.text, m.type) for m in mentions_of(caption)} == {("Zacatecas", "GPE")}


def test_one_letter_alone_is_no_name():
    assert mentions_of("Prosecutors said on X. that the suspects would be charged.") == []


def test_a_country_that_no_longer_exists_is_a_political_unit():
    found = mentions_of("The brotherhood grew in the prison camps of the Soviet Union and spread after its collapse.")
    assert types_of(found, "Soviet Union") == {"GPE"}


def test_a_capitalised_don_is_a_first_name_not_a_title():
    found = mentions_of("The car bomb killed the reporter Don Walcott in Phoenix, and police said Don Walcott had named three men.")
    assert types_of(found, "Don Walcott") == {"PERSON"} and not types_of(found, "Walcott")


@SPANISH
def test_the_spanish_honorific_don_in_lower_case_stays_outside_the_name():
    found = mentions_of("La policía detuvo a don Aurelio Gómez en Quito.", lang="es")
    assert {m.text for m in found if m.type == "PERSON"} == {"Aurelio Gómez"}


@SPANISH
@pytest.mark.parametrize("sentence, title", [
    ("“Seguiremos”, dijo Pedro Ruiz, Agente Especial a Cargo de la oficina en Miami.", "Agente Especial"),
    ("El Ministro de Gobierno, Luis Soto, presentó a los detenidos.", "Ministro de Gobierno"),
    ("Los cargos los presentó Ana Vera, Fiscal Federal para Nuevo México.", "Fiscal Federal"),
])
def test_a_spanish_title_written_capitalised_names_no_one(sentence, title):
    found = mentions_of(sentence, lang="es")
    assert not any(title in m.text for m in found) and any(m.type == "PERSON" for m in found)


@SPANISH
@pytest.mark.parametrize("text, expected", [
    # a road or a neighbourhood written with its head
    ("Dos hombres murieron baleados en la carretera Panamericana Sur, cerca de la colonia Miraflores.",
     {"Panamericana Sur": ("LOC", {"Panamericana Sur", "carretera Panamericana Sur"}),
      "Miraflores": ("LOC", {"Miraflores", "colonia Miraflores"})}),
    # a name the model missed after its lower-case head
    ("Los extorsionadores cobraban a los vendedores del mercado Cuatro Caminos. Fue asesinado en la avenida Periférico.",
     {"Cuatro Caminos": ("FAC", {"Cuatro Caminos", "mercado Cuatro Caminos"}),
      "Periférico": ("LOC", {"Periférico", "avenida Periférico"})}),
])
def test_a_spanish_name_after_its_lower_case_head_is_typed_by_it_the_head_a_form_of_it(text, expected):
    named = {e.name: (e.type, set(e.aliases)) for e in spanish_entities(text)}
    assert {name: named.get(name) for name in expected} == expected


@SPANISH
@pytest.mark.parametrize("sentence, names", [
    ("Los choferes denuncian cobros.\n\nOrganizaciones delictivas como Los Halcones, La Manada o Los Reyes del Sur exigen pagos.",
     ["Los Halcones", "La Manada", "Los Reyes del Sur"]),
])
def test_names_given_as_examples_of_a_spanish_noun_are_of_its_type(sentence, names):
    found = mentions_of(sentence, lang="es")
    assert all(types_of(found, name) == {"ORG"} for name in names)


@pytest.mark.parametrize("sentence, lang", [
    ("Operation Silver Falcon led to 40 arrests in Ohio last week.", "en"),
    pytest.param("La operación denominada “Marea Alta” dejó 20 detenidos en Caracas.", "es", marks=SPANISH),
    pytest.param("La Operación Cacique Tamanaco II dejó 20 detenidos en Caracas.", "es", marks=SPANISH),
])
def test_a_security_operation_s_name_is_no_entity(sentence, lang):
    assert {m.text for m in mentions_of(sentence, lang=lang)} <= {"Ohio", "Caracas"}


@SPANISH
@pytest.mark.parametrize("text, word", [
    ("Inicio | Noticias\n\nAcusan a 40 pandilleros boricuas que vendían drogas\n\nSan Juan, 3 may (Agencia) - Un jurado los acusó.", "Acusan"),
    ("Escuchar nota\n\nDetienen al líder de la banda Los Tiburones . Foto: Archivo\n\nAgentes de la Fiscalía lo detuvieron.", "Detienen"),
    ("Camacho, director de Operaciones, habló.\n\nCateos\n\nIndicó que los cateos se hicieron bajo orden judicial.", "Cateos"),
])
def test_a_spanish_headline_verb_or_section_title_opening_a_line_is_no_name(text, word):
    assert not [m for m in mentions_of(text, lang="es") if word in m.text]


@SPANISH
def test_a_line_that_is_an_agency_alone_credits_it():
    text = "Detenido el jefe de una banda en Toluca\n\nAgencia Reforma\n\nAgentes federales detuvieron a Luis Soto en Toluca."
    assert {m.text for m in mentions_of(text, lang="es")} == {"Toluca", "Luis Soto"}
