"""Text normalisation and passages a document repeats."""

from __future__ import annotations

from caseboard.clean import MIN_REPEAT_CHARS, normalise_text, repeated_passages, unique_regions

STORY = (
    "Tocorón prison in Venezuela was once a luxury compound with pools and a nightclub. "
    "It now serves as the headquarters of one of the country's most notorious gangs. "
    "Guerrero escaped in 2023, officials said.\n"
    "The gang allegedly took over apartment buildings in Aurora, Colorado, according to residents.\n"
    '"We were afraid to open the door," said one tenant, who asked not to be named.'
)


def test_normalise_text_unifies_newlines_spaces_and_composition():
    raw = "  Te\u0301cnico\r\nline two   \r\rline three\t\n\n\n\n\nlast\u00a0word  "
    assert normalise_text(raw) == "Técnico\nline two\n\nline three\n\nlast\u00a0word"


def test_normalise_text_drops_control_characters_and_lone_surrogates():
    assert normalise_text("Gue\x00rre\x07ro\x1b said\ud800 so\x7f.\tTab kept.") == "Guerrero said so.\tTab kept."


def test_normalise_text_joins_names_split_by_invisible_characters():
    raw = "Toco\u00adrón\u200b prison\ufeff, said Gue\u2060rrero\x80\x9f."
    assert normalise_text(raw) == "Tocorón prison, said Guerrero."


def test_normalise_text_turns_unicode_line_breaks_into_newlines():
    assert normalise_text("one\u2028two\x85three\u2029four") == "one\ntwo\nthree\n\nfour"


def test_normalise_text_is_idempotent():
    once = normalise_text("A\r\n\r\n\r\nB  \nC\u0065\u0301")
    assert normalise_text(once) == once


def test_article_pasted_twice_is_one_span_over_the_whole_copy():
    text = STORY + "\n" + STORY
    [[start, end, first_start, first_end]] = repeated_passages(text)
    assert (start, end) == (len(STORY) + 1, len(text))
    assert (first_start, first_end) == (0, len(STORY))
    assert text[start:end] == text[first_start:first_end]


def test_copy_after_a_blank_line_and_with_different_spacing():
    copy = STORY.replace(". ", ".  ").replace("\n", "\n\n")
    text = STORY + "\n\n" + copy
    [[start, end, first_start, first_end]] = repeated_passages(text)
    assert text[start:end] == copy
    assert (first_start, first_end) == (0, len(STORY))


def test_a_single_repeated_paragraph_is_found_exactly():
    p1 = "Police arrested a man in Cúcuta on Tuesday, accusing him of recruiting for the gang."
    p2 = "Police said he allegedly reported to a cell loyal to Héctor \"Niño\" Guerrero."
    p3 = "A relative denied the accusations and said he worked as a mechanic."
    text = "\n\n".join([p1, p2, p2, p3])
    second = text.index(p2, text.index(p2) + 1)
    assert repeated_passages(text) == [[second, second + len(p2), text.index(p2), text.index(p2) + len(p2)]]
    assert unique_regions(text, repeated_passages(text)) == [(0, second), (second + len(p2), len(text))]


def test_short_boilerplate_lines_do_not_count_as_repeats():
    text = "Advertisement\nThe first part of the story, long enough to matter here.\nAdvertisement\nRead more"
    assert len("advertisement") < MIN_REPEAT_CHARS
    assert repeated_passages(text) == []


def test_repeat_counts_case_and_punctuation_insensitively():
    line = "The army retook Tocorón prison on Wednesday, the government said."
    text = line + "\n" + line.upper().replace(",", "")
    [[start, end, _, _]] = repeated_passages(text)
    assert text[start:end] == line.upper().replace(",", "")


def test_two_separate_repeats_give_two_spans():
    a = "The first paragraph says the police arrested two men in Santiago."
    b = "A middle paragraph that is not repeated anywhere else in this text."
    c = "The last paragraph says a judge will hear the case in December."
    text = "\n".join([a, b, c, a, "Some new words in between, long enough to be counted.", c])
    spans = repeated_passages(text)
    assert [text[s:e] for s, e, _, _ in spans] == [a, c]
    assert [text[fs:fe] for _, _, fs, fe in spans] == [a, c]


def test_unique_regions_without_repeats_is_the_whole_text():
    assert unique_regions(STORY, []) == [(0, len(STORY))]
    assert unique_regions("", []) == []
