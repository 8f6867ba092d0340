"""The same entity across documents, through a real SQLite case board."""

from __future__ import annotations

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
    assert resolve_entities(full, lookup, lambda ident: False)["person:nicolas-maduro"] == "person:nicolas-maduro"
    assert asked == []  # a strong key decided it
    bare = extraction("Maduro spoke in Venezuela.", [("Maduro", "PERSON", []), ("Venezuela", "GPE", [])])
    mapping = resolve_entities(bare, lookup, lambda ident: False)
    assert sorted(asked) == ["person:ana-maduro", "person:nicolas-maduro"]  # both compatible with a bare surname
    assert mapping["person:maduro"] in {"person:nicolas-maduro", "person:ana-maduro"}


def test_a_tie_between_candidates_does_not_depend_on_the_order_the_database_returns_them():
    from caseboard.resolve import Known, resolve_entities

    new = extraction("Julio Rojas Vela was arrested in Lima.", [("Julio Rojas Vela", "PERSON", [])])
    key = "julio rojas vela"
    tied = [Known("person:julio-rojas-vela-3", "PERSON", "Julio Rojas Vela", {key}),
            Known("person:julio-rojas-vela-2", "PERSON", "Julio Rojas Vela", {key})]
    chosen = {
        resolve_entities(new, lambda kind, keys, found=found: found if kind == "PERSON" else [], lambda ident: True)[
            "person:julio-rojas-vela"
        ]
        for found in (tied, tied[::-1])
    }
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
