# tickercheck — every entry point sets up what it needs.
# The data directory (reference lists, real price bars, corpus) lives outside the repository.
DATA ?= ../shared/data
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
# The demo keeps its store inside the checkout so it never touches the user's cache.
export TICKERCHECK_HOME ?= $(CURDIR)/.tickercheck
export TICKERCHECK_DATA ?= $(abspath $(DATA))

.PHONY: install browser demo serve test test-network model clean

install: $(VENV)/.installed

# torch==2.13.0 is pinned first and on its own: an unpinned torch would pull a multi-GB CUDA build.
$(VENV)/.installed: requirements.lock pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet torch==2.13.0
	$(PIP) install --quiet -r requirements.lock
	$(PIP) install --quiet --no-deps -e .
	touch $@

demo: install
	$(VENV)/bin/tickercheck check $(DATA)/../examples/binance-square-post.txt \
	  --published 2025-12-13 --offline --prices-dir $(DATA)/prices

# The browser tests drive Debian's chromium through Playwright (never `playwright install`).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$(test "$$(id -u)" = 0 || echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq chromium >/dev/null; }

serve: install
	$(VENV)/bin/tickercheck data seed $(DATA)/prices
	$(VENV)/bin/tickercheck serve --offline

test: install browser
	$(PY) -m pytest -q

# Rebuild the fine-tuned NER model from scratch on this machine's CPU (seeded): the examples
# (hand-labelled train split + weak labels from the corpus + synthetic), then the fine-tuning.
# About 25 minutes on 2 cores; `models/fin-ner/README.md` has the recorded runs.
model: install
	$(PY) -m pipeline.ner.dataset --data-dir $(DATA) --out build/ner-data
	$(PY) -m pipeline.ner.train --data build/ner-data --out models/fin-ner

test-network: install
	$(PY) -m pytest -q -m network --network

clean:
	rm -rf $(VENV) .tickercheck .pytest_cache
