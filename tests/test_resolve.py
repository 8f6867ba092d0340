"""The same entity across documents, through a real SQLite case board."""

from __future__ import annotations

import pytest

from caseboard.aliases import entity_id
from caseboard.model import Document, Entity, Extraction, Mention
from caseboard.resolve import WEAK, entity_keys, names_compatible
from caseboard.store import Store


def extraction(text: str, named: list[tuple[str, str, list[str]]]) -> Extraction:
    """An extraction of `text` naming each (name, type, other forms) once per form found."""
    found = []
    for name, kind, forms in named:
        ident = entity_id(kind, name)
        ms = [
            Mention(text.index(f), text.index(f) + len(f), f, kind, ident) for f in [name, *forms] if f in text
        ]
        found.append(Entity(ident, kind, name, sorted({name, *forms}), ms))
    return Extraction(Document(text=text, source=f"{abs(hash(text))}.txt"), found)


def ids_by_name(result: Extraction) -> dict[str, str]:
    return {e.name: e.id for e in result.entities}


def add(store: Store, result: Extraction) -> dict[str, str]:
    store.add(result)
    return ids_by_name(result)


def test_full_name_in_one_document_and_a_shorter_form_in_another(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction(
        "Hector Rusthenford Guerrero Flores leads Tren de Aragua, a gang born in Venezuela.",
        [("Hector Rusthenford Guerrero Flores", "PERSON", []), ("Tren de Aragua", "ORG", []), ("Venezuela", "GPE", [])],
    ))
    second = add(store, extraction(
        'Prosecutors say Héctor "Niño" Guerrero still runs Tren de Aragua from hiding.',
        [('Héctor "Niño" Guerrero', "PERSON", ["Niño Guerrero"]), ("Tren de Aragua", "ORG", [])],
    ))
    assert second['Héctor "Niño" Guerrero'] == first["Hector Rusthenford Guerrero Flores"]
    assert second["Tren de Aragua"] == first["Tren de Aragua"]


def test_two_people_sharing_a_surname_stay_apart(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction(
        "Joaquín Guzmán founded the Sinaloa cartel in Mexico.",
        [("Joaquín Guzmán", "PERSON", []), ("Sinaloa cartel", "ORG", []), ("Mexico", "GPE", [])],
    ))
    second = add(store, extraction(
        "Ovidio Guzmán was arrested in Culiacán by the Sinaloa cartel's rivals in Mexico.",
        [("Ovidio Guzmán", "PERSON", []), ("Sinaloa cartel", "ORG", []), ("Mexico", "GPE", [])],
    ))
    assert second["Ovidio Guzmán"] != first["Joaquín Guzmán"]


def test_a_bare_surname_needs_shared_context(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction(
        "President Nicolás Maduro spoke in Caracas about Venezuela's prisons.",
        [("Nicolás Maduro", "PERSON", ["President Nicolás Maduro"]), ("Caracas", "GPE", []), ("Venezuela", "GPE", [])],
    ))
    related = add(store, extraction(
        "Maduro blamed the gangs for the crisis in Venezuela and denied every charge.",
        [("Maduro", "PERSON", []), ("Venezuela", "GPE", [])],
    ))
    unrelated = add(store, extraction(
        "A chef called Maduro opened a restaurant in Lisbon serving grilled sardines.",
        [("Maduro", "PERSON", []), ("Lisbon", "GPE", [])],
    ))
    assert related["Maduro"] == first["Nicolás Maduro"]
    assert unrelated["Maduro"] != first["Nicolás Maduro"]


def test_acronym_and_country_forms_resolve_to_one_id(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction(
        "The Federal Bureau of Investigation (FBI) works with the United States Marshals.",
        [("Federal Bureau of Investigation", "ORG", ["FBI"]), ("United States", "GPE", [])],
    ))
    second = add(store, extraction(
        "The FBI added him to its most-wanted list, US officials said on Tuesday.",
        [("FBI", "ORG", []), ("United States", "GPE", ["US"])],
    ))
    assert second["FBI"] == first["Federal Bureau of Investigation"]
    assert second["United States"] == first["United States"]


def test_keys_leave_titles_out_and_mark_surnames_weak():
    person = Entity("person:x", "PERSON", "Todd Chamberlain", ["Chief Todd Chamberlain", "Chamberlain"])
    keys = entity_keys(person)
    assert "todd chamberlain" in keys
    assert "chief todd chamberlain" not in keys
    assert WEAK + "chamberlain" in keys and "chamberlain" not in keys


def test_names_compatible():
    assert names_compatible("Guerrero", "Héctor Guerrero Flores")
    assert names_compatible("Hector Guerrero", "Héctor Rusthenford Guerrero Flores")
    assert names_compatible("Mohamed Salah", "Mohammed Salah")
    assert not names_compatible("Ovidio Guzmán", "Joaquín Guzmán")
    assert not names_compatible("Ana", "Ana Ruiz")


def test_a_name_the_model_mistyped_joins_the_stored_entity_it_shares_context_with(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction(
        "Tren de Aragua, a gang born in Venezuela, spread across South America.",
        [("Tren de Aragua", "ORG", []), ("Venezuela", "GPE", [])],
    ))
    second = extraction(
        "Police in Venezuela said Tren de Aragua recruited minors for years.",
        [("Tren de Aragua", "PERSON", []), ("Venezuela", "GPE", [])],
    )
    assert add(store, second)["Tren de Aragua"] == first["Tren de Aragua"]
    assert {e.type for e in second.entities if e.name == "Tren de Aragua"} == {"ORG"}
    unrelated = add(store, extraction(
        "Tren de Aragua, a folk singer from Lisbon, released an album.",
        [("Tren de Aragua", "PERSON", []), ("Lisbon", "GPE", [])],
    ))
    assert unrelated["Tren de Aragua"] != first["Tren de Aragua"]


def test_context_is_fetched_only_for_a_compatible_name_without_a_strong_match():
    """Context costs queries (its documents and their entities): the resolver asks for it
    only when a surname alone, with a compatible name, is the evidence."""
    from caseboard.resolve import Known, resolve_entities

    asked: list[str] = []

    def known(ident: str, name: str, keys: set[str]) -> Known:
        return Known(ident, "PERSON", name, keys, load_context=lambda: asked.append(ident) or {"venezuela"})

    stored = [
        known("person:nicolas-maduro", "Nicolás Maduro", {"nicolas maduro", WEAK + "maduro"}),
        known("person:ana-maduro", "Ana Maduro", {"ana maduro", WEAK + "maduro"}),
    ]

    def lookup(kind: str, keys: set[str]) -> list[Known]:
        return [k for k in stored if k.type == kind and k.keys & keys]

    full = extraction("Nicolás Maduro spoke in Venezuela.", [("Nicolás Maduro", "PERSON", []), ("Venezuela", "GPE", [])])
    assert resolve_entities(full, lookup, lambda ident: False).mapping["person:nicolas-maduro"] == "person:nicolas-maduro"
    assert asked == []  # a strong key decided it
    bare = extraction("Maduro spoke in Venezuela.", [("Maduro", "PERSON", []), ("Venezuela", "GPE", [])])
    mapping = resolve_entities(bare, lookup, lambda ident: False).mapping
    assert sorted(asked) == ["person:ana-maduro", "person:nicolas-maduro"]  # both compatible with a bare surname
    # a bare surname fitting two people as well joins neither of them
    assert mapping["person:maduro"] == "person:maduro"


def test_father_and_son_sharing_a_given_name_and_a_surname_stay_apart(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    father = add(store, extraction(
        "Ariel Máximo Cantero, known as Guille, ran Los Monos in Rosario. Ariel Cantero was jailed in Argentina.",
        [("Ariel Máximo Cantero", "PERSON", ["Ariel Cantero"]), ("Los Monos", "ORG", []), ("Rosario", "GPE", []),
         ("Argentina", "GPE", [])],
    ))
    son = add(store, extraction(
        "Ariel Cantero Lazarte leads Los Monos in Rosario today. Ariel Cantero was born in Argentina.",
        [("Ariel Cantero Lazarte", "PERSON", ["Ariel Cantero"]), ("Los Monos", "ORG", []), ("Rosario", "GPE", []),
         ("Argentina", "GPE", [])],
    ))
    assert son["Ariel Cantero Lazarte"] != father["Ariel Máximo Cantero"]
    assert son["Los Monos"] == father["Los Monos"]
    # a bare surname fitting both of them, with the same context, joins neither
    bare = add(store, extraction(
        "Cantero spoke to Los Monos in Rosario.", [("Cantero", "PERSON", []), ("Los Monos", "ORG", []), ("Rosario", "GPE", [])]
    ))
    assert bare["Cantero"] not in {son["Ariel Cantero Lazarte"], father["Ariel Máximo Cantero"]}


def test_a_bare_surname_joins_the_one_full_name_it_fits(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    full = add(store, extraction(
        "Ariel Máximo Cantero ran Los Monos in Rosario.",
        [("Ariel Máximo Cantero", "PERSON", []), ("Los Monos", "ORG", []), ("Rosario", "GPE", [])],
    ))
    bare = add(store, extraction(
        "Cantero spoke to Los Monos in Rosario.", [("Cantero", "PERSON", []), ("Los Monos", "ORG", []), ("Rosario", "GPE", [])]
    ))
    assert bare["Cantero"] == full["Ariel Máximo Cantero"]


def test_names_conflict_on_a_given_name_or_a_surname():
    from caseboard.resolve import names_conflict

    assert names_conflict("Ariel Máximo Cantero", "Ariel Cantero Lazarte")
    assert names_conflict("Ovidio Guzmán", "Joaquín Guzmán")
    assert names_conflict("Rosa María de León", "Rosa Elena de León")
    assert not names_conflict("Héctor Guerrero", "Héctor Rusthenford Guerrero Flores")
    assert not names_conflict("Guerrero Flores", "Héctor Rusthenford Guerrero Flores")
    assert not names_conflict('Héctor "Niño" Guerrero', "Hector Guerrero")
    assert not names_conflict("Mohamed Salah", "Mohammed Salah")
    assert not names_conflict("Guerrero", "Héctor Guerrero")  # a bare surname is no full name


def test_a_group_named_in_either_word_order_is_one_entity(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction(
        "The Cartel de Sinaloa moves fentanyl through Mexico.", [("Cartel de Sinaloa", "ORG", []), ("Mexico", "GPE", [])]
    ))
    second = add(store, extraction(
        "The Sinaloa Cartel was designated a terrorist group.", [("the Sinaloa Cartel", "ORG", [])]
    ))
    assert store.find_entity(first["Cartel de Sinaloa"])["id"] == second["the Sinaloa Cartel"]  # merged, the old id redirects
    assert len(store.list_entities("ORG")) == 1


def test_an_acronym_defined_in_one_document_joins_entities_stored_before(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    acronym = add(store, extraction("The TdA recruits in Chile.", [("TdA", "ORG", []), ("Chile", "GPE", [])]))
    name = add(store, extraction("Tren de Aragua recruits in Peru.", [("Tren de Aragua", "ORG", []), ("Peru", "GPE", [])]))
    assert acronym["TdA"] != name["Tren de Aragua"]
    both = add(store, extraction(
        "Tren de Aragua (TdA) was born in a prison.", [("Tren de Aragua", "ORG", ["TdA"])]
    ))
    gang = both["Tren de Aragua"]
    assert gang == "org:tren-de-aragua"
    assert [e["id"] for e in store.list_entities("ORG")] == [gang]
    assert store.find_entity("org:tda")["id"] == gang  # the old id redirects
    assert store.entity_totals(gang)["documents"] == 3


def test_a_name_the_model_typed_a_person_joins_the_group_a_later_document_names(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    add(store, extraction(
        "Mara Salvatrucha grew in El Salvador.", [("Mara Salvatrucha", "PERSON", []), ("El Salvador", "GPE", [])]
    ))
    later = add(store, extraction(
        "MS-13, or Mara Salvatrucha, was born in Los Angeles and spread to El Salvador.",
        [("MS-13", "ORG", ["Mara Salvatrucha"]), ("El Salvador", "GPE", [])],
    ))
    assert [(e["id"], e["type"]) for e in store.list_entities() if e["type"] != "GPE"] == [(later["MS-13"], "ORG")]
    assert store.find_entity("person:mara-salvatrucha")["id"] == later["MS-13"]


def _documents_about_guerrero():
    return [
        extraction(
            "Hector Rusthenford Guerrero Flores leads Tren de Aragua, a gang born in Venezuela.",
            [("Hector Rusthenford Guerrero Flores", "PERSON", []), ("Tren de Aragua", "ORG", []), ("Venezuela", "GPE", [])],
        ),
        extraction(
            "Guerrero Flores escaped from Tocorón with Tren de Aragua members, Venezuela said.",
            [("Guerrero Flores", "PERSON", []), ("Tren de Aragua", "ORG", []), ("Venezuela", "GPE", []), ("Tocorón", "FAC", [])],
        ),
        extraction(
            'Héctor "Niño" Guerrero still runs Tren de Aragua, officials in Venezuela say.',
            [('Héctor "Niño" Guerrero', "PERSON", ["Niño Guerrero"]), ("TdA", "ORG", ["Tren de Aragua"]), ("Venezuela", "GPE", [])],
        ),
        extraction(
            "The TdA grew inside Tocorón.", [("TdA", "ORG", []), ("Tocorón", "FAC", [])],
        ),
    ]


def test_ids_do_not_depend_on_the_order_documents_come_in(tmp_path):
    boards = []
    for n, order in enumerate(([0, 1, 2, 3], [3, 2, 1, 0], [1, 3, 0, 2])):
        store = Store.open(str(tmp_path / f"cb{n}.db"))
        docs = _documents_about_guerrero()
        for i in order:
            store.add(docs[i])
        boards.append(sorted((e["id"], e["name"], e["documents"]) for e in store.list_entities()))
    assert boards[0] == boards[1] == boards[2]
    assert ("person:hector-rusthenford-guerrero-flores", "Hector Rusthenford Guerrero Flores", 3) in boards[0]
    assert ("org:tren-de-aragua", "Tren de Aragua", 4) in boards[0]


def test_a_surname_whose_full_name_is_in_its_own_document_joins_no_other_person(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    brother = add(store, extraction(
        "Antonio Cardenas Guillen led the Gulf Cartel in Matamoros.",
        [("Antonio Cardenas Guillen", "PERSON", []), ("Gulf Cartel", "ORG", []), ("Matamoros", "GPE", [])],
    ))
    # the model typed this brother's full name a place: his surname is still his, not Antonio's
    other = add(store, extraction(
        "Mario Cardenas Guillen was arrested in Matamoros. Cardenas Guillen led the Gulf Cartel.",
        [("Mario Cardenas Guillen", "GPE", []), ("Cardenas Guillen", "PERSON", []), ("Gulf Cartel", "ORG", []),
         ("Matamoros", "GPE", [])],
    ))
    assert other["Cardenas Guillen"] != brother["Antonio Cardenas Guillen"]


def test_a_group_named_with_and_without_its_article_is_one_entity(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction("Los Monos control Rosario.", [("Los Monos", "ORG", []), ("Rosario", "GPE", [])]))
    second = add(store, extraction("The Monos clan sells drugs; Monos members were jailed.", [("Monos", "ORG", [])]))
    assert second["Monos"] == first["Los Monos"]


def _same_board_in_any_order(tmp_path, docs, orders):
    boards = []
    for n, order in enumerate(orders):
        store = Store.open(str(tmp_path / f"order{n}.db"))
        made = docs()
        for i in order:
            store.add(made[i])
        boards.append(sorted((e["id"], e["type"], e["documents"]) for e in store.list_entities()))
    return boards


def test_a_group_typed_a_person_with_its_article_joins_the_group_in_any_order(tmp_path):
    def docs():
        return [
            extraction("Mara Salvatrucha grew in El Salvador.", [("Mara Salvatrucha", "ORG", []), ("El Salvador", "GPE", [])]),
            extraction("La Mara Salvatrucha recruits in El Salvador.",
                       [("La Mara Salvatrucha", "PERSON", []), ("El Salvador", "GPE", [])]),
        ]

    first, second = _same_board_in_any_order(tmp_path, docs, ([0, 1], [1, 0]))
    assert first == second
    assert sorted(kind for _, kind, n in first if n == 2) == ["GPE", "ORG"]


def test_a_tie_between_candidates_does_not_depend_on_the_order_the_database_returns_them():
    from caseboard.resolve import Known, resolve_entities

    new = extraction("Julio Rojas Vela was arrested in Lima.", [("Julio Rojas Vela", "PERSON", [])])
    key = "julio rojas vela"
    tied = [Known("person:julio-rojas-vela-3", "PERSON", "Julio Rojas Vela", {key}),
            Known("person:julio-rojas-vela-2", "PERSON", "Julio Rojas Vela", {key})]
    chosen = {
        resolve_entities(new, lambda kind, keys, found=found: found if kind == "PERSON" else [], lambda ident: True).mapping[
            "person:julio-rojas-vela"
        ]
        for found in (tied, tied[::-1])
    }
    assert len(chosen) == 1  # the same answer whichever order the candidates come in


    assert chosen == {"person:julio-rojas-vela-2"}


def test_one_id_across_spanish_and_english_articles(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    spanish = add(store, extraction(
        "El Niño Guerrero, aliado del Cartel de Sinaloa, huyó de El Salvador.",
        [("El Niño Guerrero", "PERSON", []), ("Cartel de Sinaloa", "ORG", []), ("El Salvador", "GPE", [])],
    ))
    english = add(store, extraction(
        "Niño Guerrero met the Sinaloa Cartel in Salvador, Brazil.",
        [("Niño Guerrero", "PERSON", []), ("Sinaloa Cartel", "ORG", []), ("Salvador", "GPE", [])],
    ))
    assert english["Niño Guerrero"] == spanish["El Niño Guerrero"]
    assert english["Sinaloa Cartel"] == spanish["Cartel de Sinaloa"]
    assert english["Salvador"] != spanish["El Salvador"]  # a place keeps its article


@pytest.mark.parametrize("spanish_text, english_text, pairs", [
    ("El Tren de Aragua y el Clan del Golfo operan en Colombia.", "The Aragua Train and the Gulf Clan were designated in Colombia.",
     [("Tren de Aragua", "Aragua Train"), ("Clan del Golfo", "Gulf Clan")]),
    # words in another order than the translation's
    ("El Ejército de Liberación Nacional opera en Colombia.", "The National Liberation Army operates in Colombia.",
     [("Ejército de Liberación Nacional", "National Liberation Army")]),
    ("La Guardia Nacional y la Unión Europea firmaron en Colombia.", "The National Guard and the European Union signed in Colombia.",
     [("Guardia Nacional", "National Guard"), ("Unión Europea", "European Union")]),
])
def test_a_groups_spanish_name_and_its_english_translation_are_one_id(tmp_path, spanish_text, english_text, pairs):
    store = Store.open(str(tmp_path / "cb.db"))
    spanish = add(store, extraction(spanish_text, [*((es, "ORG", []) for es, _ in pairs), ("Colombia", "GPE", [])]))
    english = add(store, extraction(english_text, [*((en, "ORG", []) for _, en in pairs), ("Colombia", "GPE", [])]))
    board_id = {name: store.find_entity(local)["id"] for name, local in {**spanish, **english}.items()}  # old ids redirect
    assert all(board_id[es] == board_id[en] for es, en in pairs)
    assert len({board_id[es] for es, _ in pairs}) == len(pairs)  # two groups stay two


def test_a_withheld_surname_is_no_evidence_of_identity(tmp_path):
    from caseboard.resolve import names_conflict

    assert names_conflict("Carlos N.", "Juan Carlos N.")
    assert not names_compatible("Pedro N.", "Pedro Ramírez")
    assert names_compatible("Pedro N.", "Pedro N")
    assert not {k for k in entity_keys(Entity("p", "PERSON", "Juan Carlos N.", [])) if k.startswith(WEAK)}
    store = Store.open(str(tmp_path / "cb.db"))
    first = add(store, extraction(
        "Prosecutors in Puebla charged Juan Carlos N. with kidnapping; the Fiscalía said he was held.",
        [("Juan Carlos N.", "PERSON", []), ("Puebla", "GPE", []), ("Fiscalía", "ORG", [])],
    ))
    second = add(store, extraction(
        "In Puebla the Fiscalía detained Carlos N. and Ana N. for extortion.",
        [("Carlos N.", "PERSON", []), ("Ana N.", "PERSON", []), ("Puebla", "GPE", []), ("Fiscalía", "ORG", [])],
    ))
    again = add(store, extraction(
        "Carlos N. was sentenced in Puebla.", [("Carlos N.", "PERSON", []), ("Puebla", "GPE", [])],
    ))
    assert second["Carlos N."] != first["Juan Carlos N."]
    assert second["Ana N."] not in {first["Juan Carlos N."], second["Carlos N."]}
    assert again["Carlos N."] == second["Carlos N."]


def test_a_short_name_fitting_two_relatives_joins_the_one_its_nickname_names(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    son = add(store, extraction(
        'Rubén Tomás "Toto" Ferreyra runs the Los Halcones gang in Salta.',
        [('Rubén Tomás "Toto" Ferreyra', "PERSON", ["Toto"]), ("Los Halcones", "ORG", []), ("Salta", "GPE", [])],
    ))
    father = add(store, extraction(
        'Tomás Rubén "El Abuelo" Ferreyra founded Los Halcones in Salta; his son Toto Ferreyra followed.',
        [('Tomás Rubén "El Abuelo" Ferreyra', "PERSON", ["El Abuelo"]), ("Toto Ferreyra", "PERSON", []),
         ("Los Halcones", "ORG", []), ("Salta", "GPE", [])],
    ))
    assert father['Tomás Rubén "El Abuelo" Ferreyra'] != son['Rubén Tomás "Toto" Ferreyra']
    # "Tomás Ferreyra" fits both; the son's name in this document tells nothing of which
    # (relatives are named together), his nickname does
    later = add(store, extraction(
        "Toto Ferreyra was sentenced in Salta. Tomás Ferreyra, alias Toto, leads Los Halcones.",
        [("Toto Ferreyra", "PERSON", []), ("Tomás Ferreyra", "PERSON", ["Toto"]), ("Los Halcones", "ORG", []),
         ("Salta", "GPE", [])],
    ))
    assert later["Tomás Ferreyra"] == son['Rubén Tomás "Toto" Ferreyra']


def test_a_short_name_fitting_two_relatives_equally_joins_neither(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    son = add(store, extraction(
        "Rubén Tomás Ferreyra runs Los Halcones in Salta.",
        [("Rubén Tomás Ferreyra", "PERSON", []), ("Los Halcones", "ORG", []), ("Salta", "GPE", [])],
    ))
    father = add(store, extraction(
        "Tomás Rubén Ferreyra founded Los Halcones in Salta with Lucía Ferreyra.",
        [("Tomás Rubén Ferreyra", "PERSON", []), ("Lucía Ferreyra", "PERSON", []), ("Los Halcones", "ORG", []),
         ("Salta", "GPE", [])],
    ))
    # the father's document shares one more name with this one, but it is a Ferreyra's
    later = add(store, extraction(
        "Tomás Ferreyra and Lucía Ferreyra were seen with Los Halcones in Salta.",
        [("Tomás Ferreyra", "PERSON", []), ("Lucía Ferreyra", "PERSON", []), ("Los Halcones", "ORG", []),
         ("Salta", "GPE", [])],
    ))
    assert later["Tomás Ferreyra"] not in {son["Rubén Tomás Ferreyra"], father["Tomás Rubén Ferreyra"]}


def test_a_short_name_known_by_its_own_key_joins_a_fuller_form_in_any_order(tmp_path):
    def docs():
        return [
            extraction(
                "Ismael Zambada Garcia built the Sinaloa Cartel in Culiacán.",
                [("Ismael Zambada Garcia", "PERSON", []), ("Sinaloa Cartel", "ORG", []), ("Culiacán", "GPE", [])],
            ),
            extraction(
                'Ismael "El Mayo" Zambada landed at an airfield in Texas.',
                [('Ismael "El Mayo" Zambada', "PERSON", []), ("Texas", "GPE", [])],
            ),
            extraction(
                'Ismael "El Mayo" Zambada ran the Sinaloa Cartel for decades, and was jailed in Texas.',
                [('Ismael "El Mayo" Zambada', "PERSON", []), ("Sinaloa Cartel", "ORG", []), ("Texas", "GPE", [])],
            ),
        ]

    boards = _same_board_in_any_order(tmp_path, docs, ([0, 1, 2], [1, 2, 0], [2, 1, 0], [1, 0, 2]))
    assert boards[0] == boards[1] == boards[2] == boards[3]
    assert [n for _, kind, n in boards[0] if kind == "PERSON"] == [3]


def test_a_full_name_takes_in_no_short_form_known_by_the_nickname_of_another_person_of_its_document(tmp_path):
    store = Store.open(str(tmp_path / "cb.db"))
    short = add(store, extraction(
        "Tomás Ferreyra, alias Toto, was seen with Los Halcones in Salta.",
        [("Tomás Ferreyra", "PERSON", ["Toto"]), ("Los Halcones", "ORG", []), ("Salta", "GPE", [])],
    ))
    both = add(store, extraction(
        'Rubén Tomás "El Abuelo" Ferreyra founded Los Halcones in Salta; his son Tomás Rubén "Toto" Ferreyra runs it.',
        [('Rubén Tomás "El Abuelo" Ferreyra', "PERSON", []), ('Tomás Rubén "Toto" Ferreyra', "PERSON", ["Toto"]),
         ("Los Halcones", "ORG", []), ("Salta", "GPE", [])],
    ))
    father, son = both['Rubén Tomás "El Abuelo" Ferreyra'], both['Tomás Rubén "Toto" Ferreyra']
    assert father != son
    assert store.find_entity(short["Tomás Ferreyra"]) is None or store.find_entity(short["Tomás Ferreyra"])["id"] != father
    assert store.find_entity("Tomás Ferreyra")["id"] == son
