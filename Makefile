# Two commands on a fresh machine: `make run` and `make test`. Everything else is installed by them.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 7860

.PHONY: install index run chat test test-fast test-unit lint eval bench browser clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	# The CPU build of torch lies on disk here; install it before sentence-transformers,
	# or pip fetches a multi-GB CUDA build.
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -e '.[web,st,eval,dev]'
	touch $(STAMP)

install: $(STAMP)

# Brings the index up to date with corpus/ (unchanged chunks keep their embeddings, so this is quick).
index: install
	$(BIN)/policy-assistant ingest

run: index
	$(BIN)/policy-assistant serve --host $(HOST) --port $(PORT)

chat: index
	$(BIN)/policy-assistant chat

# Debian's Chromium and CJK fonts for the real-browser test (Playwright's own browser download fails here).
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list 2>/dev/null | grep -qi "noto.*cjk" || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

test: install browser
	$(BIN)/python -m pytest -q

test-fast: install
	$(BIN)/python -m pytest -q -m "not slow"

# No model, no Chroma server: parsing, understanding, fusion, retrieval over a hashing embedder, eligibility (< 30 s).
test-unit: install
	$(BIN)/python -m pytest -q -m unit

lint: install
	$(BIN)/ruff check assistant tests eval app.py
	$(BIN)/ruff format --check assistant tests eval app.py

# The tuned set (eval/questions.jsonl) and the held-out set written without seeing the engine.
eval: index
	$(BIN)/policy-assistant eval
	$(BIN)/policy-assistant eval --questions eval/heldout.jsonl --out eval/heldout

bench: index
	$(BIN)/python eval/bench.py

clean:
	rm -rf index/builds index/current index/.ingest.lock
