"""`make bench-accuracy`: every accuracy figure of caseboard, each beside the previous run's.

- CoNLL-2003 English test (eng.testb): entities, raw spaCy against caseboard, same model, same
  run; and the throughput of caseboard's whole pipeline against raw `nlp.pipe` on the same texts.
  Scoring follows ../shared/data/conll2003/README.md: entity level, exact span and type,
  PER/LOC/ORG only (MISC removed); PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC.
- CoNLL-2002 Spanish test (esp.testb): entities of each candidate model for Spanish documents,
  raw and through caseboard, and their speed (benchmarks/conll2002.py).
- CoNLL04 dev: relations mapped onto its labels (benchmarks/conll04.py).
- dev-news dev and held-out: entities, aliases, relations, events, status, events told twice
  (benchmarks/devnews.py), and the agreement of the two blind annotations.
- the seed article against its gold.

    python benchmarks/accuracy.py [--limit N] [--json] [--write]

`--write` replaces the accuracy section of benchmarks/RESULTS.md and keeps this run's figures in
benchmarks/accuracy.json, which the next run prints as "previous".
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


@dataclass
class NerRun:
    """A model's entities on CoNLL sentences, as it labels them and through caseboard's entity stage."""

    raw: list[set[tuple[int, int, str]]]
    caseboard: list[set[tuple[int, int, str]]]
    parse_seconds: float
    stage_seconds: float

    def scores(self, sentences: list[Sentence], raw_name: str = "raw spaCy") -> dict[str, dict[str, Tally]]:
        return {raw_name: score(self.raw, sentences), "caseboard": score(self.caseboard, sentences)}


def ner_run(nlp, documents: list[list[Sentence]]) -> NerRun:  # type: ignore[no-untyped-def]
    """Each sentence one Doc for both systems; caseboard then reads each document's sentences together."""
    sentences = [s for d in documents for s in d]
    entities.find_mentions(Annotated("", []))  # load rules and gazetteer outside the timings
    started = time.perf_counter()
    docs = list(nlp.pipe(s.text for s in sentences))
    parse_seconds = time.perf_counter() - started
    raw = [{(e.start_char, e.end_char, CONLL_TYPES[e.label_]) for e in d.ents if e.label_ in CONLL_TYPES} for d in docs]
    started = time.perf_counter()
    ours: list[set[tuple[int, int, str]]] = []
    cursor = 0
    for document in documents:
        ours.extend(caseboard_spans(document, docs[cursor : cursor + len(document)]))
        cursor += len(document)
    return NerRun(raw, ours, parse_seconds, time.perf_counter() - started)


def f1_table(results: dict[str, dict[str, Tally]]) -> dict:
    return {name: {k: dict(zip("prf", t.f1())) for k, t in r.items()} for name, r in results.items()}


def conll2003(limit: int | None, quiet: bool) -> dict | None:
    """Entities on CoNLL-2003 test and the pipeline's throughput; None without the data."""
    if not TEST_FILE.exists():
        print(f"CoNLL-2003 test file not found at {TEST_FILE}: section skipped")
        return None
    documents = read_conll(TEST_FILE)[:limit]
    sentences = [s for d in documents for s in d]
    nlp = load_model()
    run = ner_run(nlp, documents)

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

    results = run.scores(sentences)
    figures = {
        "model": nlp.meta.get("name"),
        "documents": len(documents),
        "sentences": len(sentences),
        "f1": f1_table(results),
        "seconds": {
            "raw_pipe_sentences": run.parse_seconds,
            "caseboard_entity_stage_on_same_docs": run.stage_seconds,
            "raw_pipe_documents": raw_doc_seconds,
            "caseboard_pipeline_documents": pipeline_seconds,
        },
        "throughput_ratio": raw_doc_seconds / pipeline_seconds if pipeline_seconds else 0.0,
    }
    if quiet:
        return figures
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
    return figures


# (section, measure, path into the figures) of the summary table, in print order
SUMMARY = [
    ("CoNLL-2003 test", "entity F1, caseboard", ("conll2003", "f1", "caseboard", "all", "f")),
    ("CoNLL-2003 test", "entity F1, raw spaCy", ("conll2003", "f1", "raw spaCy", "all", "f")),
    ("CoNLL-2003 test", "pipeline / raw nlp.pipe throughput", ("conll2003", "throughput_ratio")),
    *[
        ("CoNLL-2002 Spanish test", f"entity F1, {how}, {model}", ("conll2002", "candidates", lang, "f1", how, "all", "f"))
        for lang, model in (("es", "es_core_news_sm"), ("en", "English model"))
        for how in ("caseboard", "raw")
    ],
    ("CoNLL-2002 Spanish test", "words/s, caseboard, es_core_news_sm", ("conll2002", "candidates", "es", "words_per_second", "parse_and_entity_stage")),
    *[("CoNLL04 dev", f"{label} F1", ("conll04", "labels", label, "f1")) for label in ("Work_For", "OrgBased_In", "Located_In", "Kill")],
    ("CoNLL04 dev", "micro precision", ("conll04", "micro", "p")),
    ("CoNLL04 dev", "micro recall", ("conll04", "micro", "r")),
    ("CoNLL04 dev", "micro F1", ("conll04", "micro", "f1")),
    *[
        (f"dev-news {split}", f"{part} {measure}", (f"devnews_{split}", part, key))
        for split in ("dev", "heldout")
        for part, measures in (("entities", ("F1",)), ("aliases", ("recall",)), ("relations", ("precision", "recall", "F1")), ("events", ("precision", "recall", "F1")))
        for measure, key in ((m, m.lower()) for m in measures)
    ],
    *[(f"dev-news {split}", "status accuracy", (f"devnews_{split}", "status", "accuracy")) for split in ("dev", "heldout")],
    *[
        (f"dev-news Spanish {split}", f"{part} F1", (f"devnews_es_{split}", part, "f1"))
        for split in ("dev", "heldout")
        for part in ("entities", "relations", "events")
    ],
    *[(f"dev-news Spanish {split}", "status accuracy", (f"devnews_es_{split}", "status", "accuracy")) for split in ("dev", "heldout")],
    *[(f"dev-news {split}", "events told twice", (f"devnews_{split}", "events_told_twice")) for split in ("dev", "heldout")],
    ("dev-news agreement", "relations F1 (second annotator against first)", ("agreement", "relations", "f1")),
    ("dev-news agreement", "events F1", ("agreement", "events", "f1")),
    ("seed", "relations F1", ("seed", "relations", "f1")),
    ("seed", "events F1", ("seed", "events", "f1")),
    ("seed", "status accuracy", ("seed", "status", "accuracy")),
]
PREVIOUS = Path(__file__).resolve().parent / "accuracy.json"
SEED = ROOT.parent / "shared" / "seed"


def _at(figures: dict, path: tuple[str, ...]) -> float | None:
    value = figures
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value  # type: ignore[return-value]


def _cell(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value}" if isinstance(value, int) else f"{value:.3f}"


def summary_table(now: dict, before: dict) -> str:
    rows = ["| set | measure | previous | now |", "|---|---|---|---|"]
    for section, measure, path in SUMMARY:
        rows.append(f"| {section} | {measure} | {_cell(_at(before, path))} | {_cell(_at(now, path))} |")
    return "\n".join(rows)


def seed_figures() -> dict | None:
    from caseboard.eval import score_document

    if not (SEED / "article.txt").exists():
        return None
    text = (SEED / "article.txt").read_text(encoding="utf-8")
    prediction = pipeline.process(Document(text=text, source="article.txt")).to_dict()
    gold = json.loads((SEED / "gold.json").read_text(encoding="utf-8"))
    return score_document(prediction, gold).to_dict()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help="only the first N CoNLL-2003 documents")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--write", action="store_true", help="write the section of RESULTS.md and accuracy.json")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import conll04
    import conll2002
    import devnews

    figures: dict = {"model": load_model().meta.get("name")}
    missing_texts = 0
    figures["conll2003"] = conll2003(args.limit, args.json)
    figures["conll2002"] = conll2002.conll2002(args.limit)
    if figures["conll2002"] and not args.json:
        print()
        conll2002.print_figures(figures["conll2002"])
    if conll04.DATA.exists():
        figures["conll04"] = conll04.score(conll04.read_split("dev")).figures()
    for lang, prefix in (("en", "devnews"), ("es", "devnews_es")):
        for split in ("dev", "heldout"):
            report = devnews.score(split, lang=lang)
            missing_texts += report.missing
            figures[f"{prefix}_{split}"] = report.figures() if report.articles else None
            if report.articles and not args.json:
                devnews.print_scores(f"dev-news {lang} {split}", figures[f"{prefix}_{split}"])
    figures["agreement"] = devnews.agreement()
    figures["seed"] = seed_figures()
    before = json.loads(PREVIOUS.read_text(encoding="utf-8")) if PREVIOUS.exists() else {}
    table = summary_table(figures, before)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print()
        print(table)
    missing = [name for name in ("conll2003", "conll04", "devnews_dev", "seed") if not figures.get(name)]
    if args.write and (missing or missing_texts or args.limit):
        print(
            "\nbenchmarks/RESULTS.md left as it is: this run is partial "
            f"({', '.join(missing) or 'no set'} not found, {missing_texts} dev-news text(s) missing"
            f"{', --limit given' if args.limit else ''}); `python benchmarks/devnews.py check` says how to fetch texts"
        )
    elif args.write:
        from results import replace_section

        text = (
            "## Accuracy (`make bench-accuracy`)\n\n"
            f"`python benchmarks/accuracy.py --write`, model {figures['model']}. \"previous\" is the run before "
            "this one (benchmarks/accuracy.json). dev-news: real articles with blind gold "
            "(benchmarks/dev-news/README.md); develop on dev, held-out is only reported.\n\n" + table + "\n"
        )
        replace_section("accuracy", text)
        PREVIOUS.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
