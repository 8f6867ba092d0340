"""The language of a document and of one sentence (language.py)."""

from __future__ import annotations

import pytest

from caseboard.language import DEFAULT_LANGUAGE, detect_language, sentence_language

SPANISH = (
    "La policía capturó el martes en Bogotá al líder de una banda criminal que operaba en varios barrios "
    "de la ciudad y que era buscado desde hacía dos años por extorsión, secuestro y tráfico de drogas."
)
ENGLISH = "The Treasury will keep targeting those who traffic drugs into our country, the minister said."


def test_a_document_long_enough_is_detected_and_a_short_one_keeps_the_default():
    assert detect_language(SPANISH) == "es"
    assert detect_language("Tren de Aragua leader escaped from Tocorón") == DEFAULT_LANGUAGE


def test_a_sentence_in_another_language_than_its_document_is_named():
    assert sentence_language(ENGLISH, "es") == "en"
    assert sentence_language(SPANISH, "en") == "es"


@pytest.mark.parametrize("sentence", [
    "Fue capturado en Bogotá.",  # too short to tell
    "Tren de Aragua leader Héctor Guerrero escaped from Tocorón prison in Aragua, Venezuela.",  # mostly names
    "https://news.example/2024/03/05/tren-de-aragua-leader-captured-in-bogota-colombia-police-say",
])
def test_a_sentence_too_short_or_unsure_keeps_its_documents_language(sentence):
    assert sentence_language(sentence, "es") == "es"
