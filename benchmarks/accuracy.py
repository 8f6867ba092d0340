"""Entity accuracy on CoNLL-2003 English test (eng.testb): raw spaCy against caseboard,
same model, same run; and the throughput of caseboard's whole pipeline against raw
`nlp.pipe` on the same texts.

Scoring follows ../shared/data/conll2003/README.md: entity level, exact span and type,
PER/LOC/ORG only (MISC removed from gold and predictions); PERSON -> PER, ORG -> ORG,
GPE/LOC/FAC -> LOC. Each sentence is one spaCy Doc for both systems; caseboard then
reads each CoNLL document's sentences together (its evidence is document-wide).

    python benchmarks/accuracy.py [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from caseboard import entities, pipeline
from caseboard.model import Document
from caseboard.nlp import Annotated, Block, load_model

ROOT = Path(__file__).resolve().parents[1]
TEST_FILE = ROOT.parent / "shared" / "data" / "conll2003" / "eng.testb"
CONLL_TYPES = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}
KINDS = ("PER", "LOC", "ORG")


@dataclass
class Sentence:
    tokens: list[str]
    gold: set[tuple[int, int, str]]  # (start char, end char, type) in " ".join(tokens)

    @property
    def text(self) -> str:
        return " ".join(self.tokens)


def read_conll(path: Path) -> list[list[Sentence]]:
    """Documents of sentences, with gold chunks decoded from IOB1 (MISC dropped)."""
    documents: list[list[Sentence]] = [[]]
    rows: list[tuple[str, str]] = []

    def close_sentence() -> None:
        if rows:
            documents[-1].append(_sentence(rows))
            rows.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-"):
            close_sentence()
            if documents[-1]:
                documents.append([])
        elif not line.strip():
            close_sentence()
        else:
            parts = line.split()
            rows.append((parts[0], parts[-1]))
    close_sentence()
    return [d for d in documents if d]


def _sentence(rows: list[tuple[str, str]]) -> Sentence:
    tokens = [t for t, _ in rows]
    starts, cursor = [], 0
    for t in tokens:
        starts.append(cursor)
        cursor += len(t) + 1
    gold, open_chunk = set(), None  # open_chunk: (type, first token)
    for i, (_, tag) in enumerate([*rows, ("", "O")]):
        kind = tag[2:] if tag != "O" else None
        begins = tag.startswith("B-") or (open_chunk is not None and kind != open_chunk[0])
        if open_chunk is not None and (kind is None or begins):
            k, first = open_chunk
            if k in KINDS:
                gold.add((starts[first], starts[i - 1] + len(tokens[i - 1]), k))
            open_chunk = None
        if kind is not None and open_chunk is None:
            open_chunk = (kind, i)
    return Sentence(tokens, gold)


@dataclass
class Tally:
    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def f1(self) -> tuple[float, float, float]:
        p = self.tp / self.predicted if self.predicted else 0.0
        r = self.tp / self.gold if self.gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(predicted: list[set[tuple[int, int, str]]], sentences: list[Sentence]) -> dict[str, Tally]:
    tallies = {k: Tally() for k in (*KINDS, "all")}
    for pred, sent in zip(predicted, sentences):
        for k in (*KINDS, "all"):
            p = {s for s in pred if k in ("all", s[2])}
            g = {s for s in sent.gold if k in ("all", s[2])}
            tallies[k].tp += len(p & g)
            tallies[k].predicted += len(p)
            tallies[k].gold += len(g)
    return tallies


def caseboard_spans(document: list[Sentence], docs: list) -> list[set[tuple[int, int, str]]]:  # type: ignore[type-arg]
    """caseboard's entity stage over one CoNLL document: its sentences as blocks of one text."""
    offsets, cursor = [], 0
    for sent in document:
        offsets.append(cursor)
        cursor += len(sent.text) + 1
    text = "\n".join(s.text for s in document)
    mentions = entities.find_mentions(Annotated(text, [Block(o, d) for o, d in zip(offsets, docs)]))
    spans: list[set[tuple[int, int, str]]] = [set() for _ in document]
    for m in mentions:
        k = next(i for i in range(len(offsets) - 1, -1, -1) if offsets[i] <= m.start)
        spans[k].add((m.start - offsets[k], m.end - offsets[k], CONLL_TYPES[m.type]))
    return spans


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N documents")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not TEST_FILE.exists():
        print(f"skipping bench-accuracy: CoNLL-2003 test file not found at {TEST_FILE}")
        return 0
    documents = read_conll(TEST_FILE)[: args.limit]
    sentences = [s for d in documents for s in d]
    nlp = load_model()
    entities.find_mentions(Annotated("", []))  # load rules and gazetteer outside the timings

    started = time.perf_counter()
    docs = list(nlp.pipe(s.text for s in sentences))
    raw_seconds = time.perf_counter() - started
    raw = [{(e.start_char, e.end_char, CONLL_TYPES[e.label_]) for e in d.ents if e.label_ in CONLL_TYPES} for d in docs]

    started = time.perf_counter()
    ours: list[set[tuple[int, int, str]]] = []
    cursor = 0
    for document in documents:
        ours.extend(caseboard_spans(document, docs[cursor : cursor + len(document)]))
        cursor += len(document)
    stage_seconds = time.perf_counter() - started

    # Throughput: raw nlp.pipe against the whole caseboard pipeline, on the same document
    # texts; each timed twice, alternately, keeping the faster run (the machine is shared).
    texts = ["\n".join(s.text for s in d) for d in documents]
    raw_runs, pipeline_runs = [], []
    for _ in range(2):
        started = time.perf_counter()
        for _ in nlp.pipe(texts):
            pass
        raw_runs.append(time.perf_counter() - started)
        started = time.perf_counter()
        for text in texts:
            pipeline.process(Document(text=text, source="conll2003"))
        pipeline_runs.append(time.perf_counter() - started)
    raw_doc_seconds, pipeline_seconds = min(raw_runs), min(pipeline_runs)

    results = {"raw spaCy": score(raw, sentences), "caseboard": score(ours, sentences)}
    figures = {
        "model": nlp.meta.get("name"),
        "documents": len(documents),
        "sentences": len(sentences),
        "f1": {name: {k: dict(zip("prf", t.f1())) for k, t in r.items()} for name, r in results.items()},
        "seconds": {
            "raw_pipe_sentences": raw_seconds,
            "caseboard_entity_stage_on_same_docs": stage_seconds,
            "raw_pipe_documents": raw_doc_seconds,
            "caseboard_pipeline_documents": pipeline_seconds,
        },
        "throughput_ratio": raw_doc_seconds / pipeline_seconds if pipeline_seconds else 0.0,
    }
    if args.json:
        print(json.dumps(figures, indent=2))
        return 0
    print(f"CoNLL-2003 eng.testb, {len(documents)} documents, {len(sentences)} sentences, model {nlp.meta.get('name')}")
    print("exact span + type, PER/LOC/ORG (MISC removed), one sentence per Doc\n")
    print(f"{'':6}" + "".join(f"{name:>27}" for name in results))
    print(f"{'':6}" + "".join(f"{'P':>9}{'R':>9}{'F1':>9}" for _ in results))
    for k in (*KINDS, "all"):
        row = "".join(f"{p * 100:9.2f}{r * 100:9.2f}{f * 100:9.2f}" for p, r, f in (results[n][k].f1() for n in results))
        print(f"{k:6}{row}")
    gain = (results["caseboard"]["all"].f1()[2] - results["raw spaCy"]["all"].f1()[2]) * 100
    print(f"\ncaseboard - raw spaCy: {gain:+.2f} F1 points")
    ratio = figures["throughput_ratio"]
    print(
        f"throughput: raw nlp.pipe {raw_doc_seconds:.1f}s, caseboard pipeline.process {pipeline_seconds:.1f}s "
        f"on the same {len(texts)} documents -> caseboard runs at {ratio:.2f}x raw spaCy"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
