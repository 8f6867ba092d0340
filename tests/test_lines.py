"""Hard-wrapped lines back into paragraphs (read/lines.py)."""

from __future__ import annotations

import textwrap

from caseboard.read.lines import unwrap, unwrap_text, wrapping

PARAGRAPH = (
    "Prosecutors said the investigation into the cell began after tenants in Aurora complained "
    "that armed men collected rent, and that the anti-gang unit of the Aurora Police Department "
    "arrested two men on Monday after a raid on a vacant apartment."
)


def test_text_that_is_not_wrapped_is_left_as_it_is():
    text = "Headline of the story\n\n" + PARAGRAPH + "\n\n" + PARAGRAPH
    assert wrapping(text.split("\n")) is None
    assert unwrap_text(text) == text


def test_short_lines_such_as_an_address_block_stay_lines():
    text = "Office of the Prosecutor\n1 Main Street\nDenver, Colorado\n\n" + "\n".join(textwrap.wrap(PARAGRAPH, 60))
    result = unwrap_text(text)
    assert result.startswith("Office of the Prosecutor\n1 Main Street\nDenver, Colorado\n\n")
    assert result.endswith(PARAGRAPH)


def test_word_wrapped_paragraphs_are_joined_and_blank_lines_kept():
    wrapped = "\n".join(textwrap.wrap(PARAGRAPH, 50))
    assert unwrap_text(wrapped + "\n\n" + wrapped) == PARAGRAPH + "\n\n" + PARAGRAPH


def test_text_cut_at_a_fixed_width_is_joined_inside_words():
    cut = "\n".join(PARAGRAPH[i : i + 72] for i in range(0, len(PARAGRAPH), 72))
    assert wrapping(cut.split("\n")) == "cut"
    assert unwrap_text(cut + "\n\n" + cut) == PARAGRAPH + "\n\n" + PARAGRAPH


def test_an_indented_line_starts_a_paragraph_and_a_list_item_its_own_line():
    lines = textwrap.wrap(PARAGRAPH, 60) + ["    The second paragraph starts indented and then it goes on"]
    lines += ["like this.", "- a first item of a list that is long enough to fill a line", "- a second item"]
    result = unwrap(lines).text.split("\n")
    assert result[0] == PARAGRAPH
    assert result[1] == "The second paragraph starts indented and then it goes on like this."
    assert result[2:] == ["- a first item of a list that is long enough to fill a line", "- a second item"]


def test_a_word_broken_by_a_hyphen_is_made_whole_and_a_compound_keeps_its_hyphen():
    lines = [
        "The grand jury heard that the investi-",
        "gation of the cell found that an anti-",
        "gang unit had worked with a co-founder",
        "of the Venezuela-based gang since 2019,",
        "and that its leader, a Tren de Aragua-",
        "linked man, fled.",
    ]
    text = unwrap(lines).text
    assert "investigation of the cell" in text
    assert "an anti-gang unit" in text
    assert "a Tren de Aragua-linked man, fled." in text
    assert "\n" not in text


def test_each_line_start_is_kept_for_page_offsets():
    lines = ["First line of a wrapped paragraph that goes", "on here.", "", "Second."]
    result = unwrap(lines)
    assert result.text == "First line of a wrapped paragraph that goes on here.\n\nSecond."
    assert result.starts == [0, result.text.index("on here"), None, result.text.index("Second")]
