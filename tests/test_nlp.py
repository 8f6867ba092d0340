"""The spaCy model and the annotated document: blocks whose offsets point into the text."""

from __future__ import annotations

import pytest
from markers import SPANISH

from caseboard import nlp


def test_split_blocks_cuts_long_regions_at_paragraph_breaks():
    paragraph = "The gang allegedly controlled the prison for years, officials said. " * 40
    text = "\n\n".join([paragraph.strip()] * 20)
    assert len(text) > 2 * nlp.MAX_BLOCK_CHARS
    pieces = nlp.split_blocks(text, [(0, len(text))])
    assert len(pieces) >= 3
    assert all(end - start <= nlp.MAX_BLOCK_CHARS for start, end in pieces)
    # contiguous, covering the whole region, each cut just after a paragraph break
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(a_end == b_start for (_, a_end), (b_start, _) in zip(pieces, pieces[1:]))
    assert all(text[start - 2 : start] == "\n\n" for start, _ in pieces[1:])


def test_split_blocks_without_breaks_cuts_at_spaces_and_then_anywhere():
    words = "word " * 10_000
    pieces = nlp.split_blocks(words, [(0, len(words))])
    assert all(words[start - 1] == " " for start, _ in pieces[1:])
    solid = "x" * (nlp.MAX_BLOCK_CHARS * 2 + 5)
    assert nlp.split_blocks(solid, [(0, len(solid))]) == [
        (0, nlp.MAX_BLOCK_CHARS),
        (nlp.MAX_BLOCK_CHARS, 2 * nlp.MAX_BLOCK_CHARS),
        (2 * nlp.MAX_BLOCK_CHARS, len(solid)),
    ]


def test_split_blocks_keeps_regions_apart_and_drops_blank_ones():
    text = "First region here.   \n\n   Second region here."
    assert nlp.split_blocks(text, [(0, 18), (18, 26), (26, len(text))]) == [(0, 18), (26, len(text))]


def test_annotate_offsets_point_into_the_text():
    text = (
        'Héctor "Niño" Guerrero escaped from Tocorón prison in Venezuela.\n\n'
        "A copied paragraph about Aurora, Colorado.\n\n"
        "The FBI is looking for him in Colombia."
    )
    skip = text.index("A copied")
    regions = [(0, skip), (text.index("The FBI"), len(text))]
    annotated = nlp.annotate(text, regions)
    assert annotated.text == text
    assert [b.offset for b in annotated.blocks] == [0, regions[1][0]]
    for block in annotated.blocks:
        assert text[block.offset : block.offset + len(block.doc.text)] == block.doc.text
        for ent in block.doc.ents:
            assert text[block.offset + ent.start_char : block.offset + ent.end_char] == ent.text
    assert all("Aurora" not in block.doc.text for block in annotated.blocks)


def test_model_is_loaded_once():
    assert nlp.load_model() is nlp.load_model()
    assert nlp.model_name().startswith("en_")


def test_a_missing_model_names_the_package_to_install():
    with pytest.raises(nlp.ModelMissing, match="pip install"):
        nlp.load_model(name="no_such_model_xyz")


def test_line_breaks_end_sentences_and_commas_and_closing_quotes_never_open_one():
    from caseboard.nlp import load_model

    doc = load_model()('"We will find them."\nDenver Mayor Mike Johnston spoke.\n\nCÚCUTA, Colombia — Police arrested a man.')
    assert [s.text.strip() for s in doc.sents] == [
        '"We will find them."',
        "Denver Mayor Mike Johnston spoke.",
        "CÚCUTA, Colombia — Police arrested a man.",
    ]




def test_languages_without_a_model_of_their_own_are_read_by_the_english_one():
    assert nlp.model_language("es-MX") == "es"
    assert nlp.model_language("pt") == "en"
    assert nlp.load_model("fr") is nlp.load_model("en")


def test_a_missing_spanish_model_says_how_to_add_it(monkeypatch):
    monkeypatch.setenv("CASEBOARD_MODEL_ES", "no_such_spanish_model")
    nlp._load.cache_clear()
    try:
        with pytest.raises(nlp.ModelMissing, match="no Spanish spaCy model installed.*make spanish"):
            nlp.load_model("es")
    finally:
        nlp._load.cache_clear()


@SPANISH
def test_a_spanish_parse_reads_in_the_english_scheme():
    doc = nlp.load_model("es")("Juan Pérez fue detenido por la policía en Bogotá. Pérez es el jefe de la banda.")
    tokens = {t.text: t for t in doc}
    assert tokens["Pérez"].dep_ == "nsubjpass" or tokens["Juan"].dep_ == "nsubjpass"
    assert tokens["por"].dep_ == "agent" and tokens["policía"].head.text == "por"
    assert tokens["en"].dep_ == "prep" and tokens["Bogotá"].dep_ == "pobj"
    assert tokens["es"].dep_ == "ROOT" and tokens["jefe"].dep_ == "attr"
    assert {(e.text, e.label_) for e in doc.ents} >= {("Juan Pérez", "PERSON"), ("Bogotá", "GPE")}


@SPANISH
def test_spanish_names_the_model_misses_are_found_from_their_head_and_article():
    doc = nlp.load_model("es")(
        "Además, agentes de la Comisaría 12 y de la Secretaría de la Defensa Nacional capturaron "
        "a integrantes de Los Zetas en Los Ángeles, donde fue detenido El Mayo Zambada el 3 de mayo."
    )
    found = {(e.text, e.label_) for e in doc.ents}
    assert {("Comisaría 12", "ORG"), ("Secretaría de la Defensa Nacional", "ORG"), ("Los Zetas", "ORG")} <= found
    assert ("3 de mayo", "DATE") in found and not any(text.startswith("Mayo") for text, _ in found)
    assert not any(text in ("Además", "Los Ángeles") and label == "ORG" for text, label in found)


@SPANISH
def test_an_institutions_name_goes_on_over_contra_en_and_y_but_not_into_a_place_or_another_institution():
    model = nlp.load_model("es")
    found = {e.text: e.label_ for e in model(
        "Ayer la Fiscalía Especializada contra el Secuestro y el Ministerio de Trabajo y Empleo citaron a Ana Gil "
        "en la sede de la Unidad Especial en Delitos Informáticos. La Policía en Quito y la Fiscalía no opinaron."
    ).ents if e.label_ != "DATE"}
    assert found.get("Fiscalía Especializada contra el Secuestro") == "ORG"
    assert found.get("Ministerio de Trabajo y Empleo") == "ORG"
    assert found.get("Unidad Especial en Delitos Informáticos") == "ORG"
    assert found.get("Policía") == "ORG" and found.get("Fiscalía") == "ORG" and "Quito" in found


@SPANISH
def test_a_preposition_or_adverb_opening_a_sentence_is_no_part_of_a_name():
    found = {e.text for e in nlp.load_model("es")(
        "Según la Policía Nacional, el detenido es Juan Pérez. En Caracas hubo protestas. "
        "Además de Marcos Soto, cayó otro. Con Pedro Gil Ruiz al frente, la banda creció."
    ).ents}
    assert {"Policía Nacional", "Caracas", "Marcos Soto", "Pedro Gil Ruiz"} <= found
    assert not [name for name in found if name.split()[0] in ("Según", "En", "Además", "Con")]


@SPANISH
def test_two_institutions_the_model_runs_together_over_y_are_two():
    from spacy.tokens import Span

    from caseboard.rules import load_table

    doc = nlp.load_model("es")("Participaron la Secretaría de Seguridad de Sonora y la Fiscalía estatal.")
    run_on = Span(doc, 2, 10, "ORG")  # as the model sometimes reads it
    assert run_on.text == "Secretaría de Seguridad de Sonora y la Fiscalía"
    found = [(e.text, e.label_) for e in nlp._headed_names(doc, [run_on], load_table("parse", "es"))]
    assert found == [("Secretaría de Seguridad de Sonora", "ORG"), ("Fiscalía", "ORG")]


@SPANISH
def test_a_lower_case_word_no_name_holds_ends_the_models_name_but_a_foreign_names_own_do_not():
    from spacy.tokens import Span

    model = nlp.load_model("es")
    with model.select_pipes(disable=["caseboard_clear_labels"]):
        doc = model("Entregan a un jefe del Cártel del Norte a EU y a la Customs and Border Protection de Río Grande do Sul.")
    doc.ents = [Span(doc, 5, 10, "ORG"), Span(doc, 13, 17, "ORG"), Span(doc, 18, 22, "LOC")]  # as the model may read it
    found = [e.text for e in nlp.clear_labels(doc).ents if e.label_ != "DATE"]
    assert found == ["Cártel del Norte", "Customs and Border Protection", "Río Grande do Sul"]


@SPANISH
def test_an_institutions_name_the_model_cut_short_is_taken_whole():
    model = nlp.load_model("es")
    for text, name in [
        ("El caso fue presentado ante la Corte del Distrito Norte de California el martes.", "Corte del Distrito Norte de California"),
        ("La audiencia se celebró en el Juzgado de Garantía de Puerto Montt ayer.", "Juzgado de Garantía de Puerto Montt"),
    ]:
        assert {e.text: e.label_ for e in model(text).ents if e.label_ != "DATE"} == {name: "ORG"}


@SPANISH
def test_a_lone_common_word_is_no_place_but_a_nickname_stays():
    found = {e.text: e.label_ for e in nlp.load_model("es")(
        "Días antes, la Policía detuvo a Pedro Ruiz, alias El Conejo, en la Circunvalación de Quito."
    ).ents}
    assert "Días" not in found  # a plural common word opening the sentence
    assert "Pedro Ruiz" in found and "El Conejo" in found
    assert found["Policía"] == "ORG"  # an institution named by one word, which the model calls a person
    model = nlp.load_model("es")
    words = nlp._dictionary_words(model.get_pipe("lemmatizer"))
    doc = model.make_doc("Las balearon en la avenida Circunvalación, cerca de Quito, alias El Conejo.")
    assert nlp._lone_common_word(doc[5:6], words, "GPE")  # "Circunvalación": a common word, no place
    assert not nlp._lone_common_word(doc[9:10], words, "GPE")  # Quito
    assert not nlp._lone_common_word(doc[13:14], words, "GPE")  # "El Conejo": after its article


@SPANISH
def test_a_lone_lone_common_word_a_line_is_no_name_but_a_place_is():
    model = nlp.load_model("es")
    assert not model("PUBLICIDAD\n\nNacional\n\nExtraditan a un mando del cártel.").ents
    assert not [e for e in model("Identificado como uno de los líderes, huyó.").ents if e.text == "Identificado"]
    assert [(e.text, e.label_) for e in model("Ecuador anunció sanciones.").ents] == [("Ecuador", "GPE")]


def test_a_quotation_mark_glued_to_the_next_word_is_a_token_of_its_own():
    doc = nlp.load_model().make_doc("the gang “Los Lobos”said it")
    assert [t.text for t in doc][2:7] == ["“", "Los", "Lobos", "”", "said"]


@SPANISH
def test_a_spanish_verb_the_model_lemmatizes_into_no_word_gets_the_dictionarys_lemma():
    doc = nlp.annotate("Los agentes aprehendieron a dos hombres y la banda se expandió a Chile.", [(0, 71)], lang="es").blocks[0].doc
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert lemmas["aprehendieron"] == "aprehender"
    assert lemmas["expandió"] == "expandir"
