"""Near-duplicate documents: signatures, similarity and detection through the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect as sqlalchemy_inspect

from caseboard import dedup
from caseboard.model import Document, Extraction
from caseboard.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"

ORIGINAL = (
    "SANTIAGO, Chile — Police in Santiago arrested four men on Tuesday who are accused of running an "
    "extortion ring that charged street vendors a weekly fee near the central market, prosecutors said. "
    "The suspects allegedly threatened vendors who refused to pay and burned two stalls last month. "
    "Investigators said the group answered to a cell of a Venezuelan gang that operates in several "
    "cities in the north of the country. A lawyer for two of the men denied the accusations and said "
    "his clients sold clothes at the market. The prosecutor in charge of the case said more arrests "
    "were expected in the coming weeks, and asked vendors who had paid the gang to come forward. "
    "The city council has promised more patrols and cameras around the market before the holidays."
)
# The same story as a syndication partner ran it: new header, one sentence reworded.
SYNDICATED = (
    "Distributed by Andes Wire Service\n\n"
    + ORIGINAL.replace(
        "A lawyer for two of the men denied the accusations and said his clients sold clothes at the market.",
        "Their lawyer denied the accusations, saying his clients only sold clothes at the market.",
    )
)
UNRELATED = (
    "LIMA, Peru — Heavy rains flooded several districts of the Peruvian capital on Sunday, cutting power "
    "to thousands of homes and closing two highways, officials said. The national weather service warned "
    "that more storms were expected along the coast this week, and schools in the worst-hit areas were "
    "closed. Emergency crews used boats to reach families trapped on rooftops in the outskirts of the city."
)


def extraction(text: str, source: str, published: str | None = None) -> Extraction:
    return Extraction(Document(text=text, source=source, published=published))


def test_syndicated_copy_scores_above_threshold_and_unrelated_far_below():
    original, copy, other = (dedup.signature(t) for t in (ORIGINAL, SYNDICATED, UNRELATED))
    assert dedup.similarity(original, copy) >= dedup.THRESHOLD + 0.1
    assert dedup.similarity(original, other) < 0.1


def test_demo_corpus_syndicated_copy_is_clearly_a_near_duplicate():
    original = (EXAMPLES / "aurora-apartments.txt").read_text(encoding="utf-8")
    copy = (EXAMPLES / "syndicated-aurora-apartments.txt").read_text(encoding="utf-8")
    score = dedup.similarity(dedup.signature(original), dedup.signature(copy))
    assert score >= dedup.THRESHOLD + 0.1, score


def test_signature_survives_the_round_trip_through_bytes():
    # Stored signatures must compare with fresh ones (datasketch 2 needs the scheme named).
    minhash = dedup.signature(ORIGINAL)
    restored = dedup.from_bytes(dedup.to_bytes(minhash))
    assert dedup.similarity(restored, minhash) == 1.0
    assert dedup.band_buckets(restored) == dedup.band_buckets(minhash)


def test_shingles_ignore_case_accents_and_punctuation():
    assert dedup.shingles("Tocorón prison, in ARAGUA state!") == dedup.shingles("tocoron prison in aragua state")
    assert dedup.shingles("two words") == {"two words"}
    assert dedup.shingles("") == set()


def test_text_without_repeats_drops_the_pasted_copy():
    text = "First paragraph of the story.\n\nSecond paragraph.\n\nFirst paragraph of the story."
    copy = text.rindex("First")
    kept = dedup.text_without_repeats(text, [[copy, len(text), 0, 29]])
    assert kept == "First paragraph of the story.\n\nSecond paragraph.\n\n"


def test_store_marks_near_copy_as_duplicate_of_the_first(store):
    first = store.add(extraction(ORIGINAL, "original.txt", "2024-09-01"))
    second = store.add(extraction(SYNDICATED, "syndicated.txt", "2024-09-02"))
    third = store.add(extraction(UNRELATED, "rain.txt"))
    assert first.added and first.duplicate_of is None
    assert second.added and second.duplicate_of == first.id
    assert third.added and third.duplicate_of is None
    assert store.counts()["duplicates"] == 1


def test_copy_of_a_copy_points_at_the_first_document(store):
    first = store.add(extraction(ORIGINAL, "original.txt", "2024-09-01"))
    store.add(extraction(SYNDICATED, "syndicated.txt", "2024-09-02"))
    again = store.add(extraction(SYNDICATED + "\n\nCorrection appended.", "third.txt", "2024-09-03"))
    assert again.duplicate_of == first.id


def test_an_original_stored_after_its_copies_heads_their_group(store):
    """The earliest published document heads a group of near-copies (undated ones
    last, then by source name), whichever was stored first: the board does not depend on order."""
    copy = store.add(extraction(SYNDICATED, "syndicated.txt", "2024-09-02"))
    original = store.add(extraction(ORIGINAL, "original.txt", "2024-09-01"))
    assert copy.duplicate_of is None and original.duplicate_of is None and original.original_of == copy.id
    heads = {d["id"]: d["duplicate_of"] for d in store.list_documents()}
    assert heads == {copy.id: original.id, original.id: None}


def test_exact_reingest_adds_nothing(store):
    store.add(extraction(ORIGINAL, "original.txt"))
    before = store.counts()
    again = store.add(extraction(ORIGINAL, "original-again.txt"))
    assert not again.added
    assert store.counts() == before


def test_documents_without_words_are_not_duplicates_of_each_other(store):
    assert dedup.band_buckets(dedup.signature("*** --- ***")) == []
    store.add(extraction("*** --- ***", "rule.txt"))
    assert store.add(extraction("### !!! ###", "other.txt")).duplicate_of is None


def test_signing_documents_keeps_no_texts_in_memory():
    """Names recur and are cached; whole texts are not (a long ingest held thousands)."""
    from caseboard.names import name_key

    before = name_key.cache_info().currsize
    for n in range(50):
        dedup.signature(f"Story {n}: police in the port city arrested several suspects on {n} charges. " * 5)
    assert name_key.cache_info().currsize == before


def test_board_of_schema_1_gets_its_buckets_back_on_open(store, db_url):
    """Boards made before the buckets were two integers keep finding copies of what they hold."""
    from sqlalchemy import text

    first = store.add(extraction(ORIGINAL, "original.txt", "2024-09-01"))
    with store.engine.begin() as conn:  # as schema 1 left it
        conn.execute(text("DROP TABLE near_copy_buckets"))
        conn.execute(text("CREATE TABLE lsh_buckets (band INTEGER, bucket VARCHAR(16), doc_id VARCHAR(16))"))
        conn.execute(text("INSERT INTO lsh_buckets VALUES (0, '00ff', :id)"), {"id": first.id})
        conn.execute(text("UPDATE meta SET value = '1' WHERE key = 'schema_version'"))
    store.close()

    told: list[str] = []
    upgraded = Store.open(db_url, notice=told.append)
    assert told == [
        "upgrading this case board to schema 3 (once): near-copy buckets computed again for 1 stored document(s), "
        "about 40 s per 100,000"
    ]
    with upgraded.engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM near_copy_buckets")).scalar() == dedup.BANDS
        assert conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar() == "3"
        assert not sqlalchemy_inspect(conn).has_table("lsh_buckets")
    assert upgraded.add(extraction(SYNDICATED, "syndicated.txt", "2024-09-02")).duplicate_of == first.id
    upgraded.close()
