# prakat: `make` installs what is missing and renders everything under
# content/ into output/; `make test` runs the tests; `make bench` the benchmark.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# Debian packages: Pango/HarfBuzz for WeasyPrint; poppler, Chromium and LibreOffice
# for the tests (reading PDFs, laying out the web page, opening the DOCX where the
# font is not installed: tests/test_docx_fonts.py).
DEBS   := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 poppler-utils chromium \
          libreoffice-writer-nogui
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all build setup system python fonts catalog messages test golden bench clean

all: build

build: setup
	$(BIN)/prakat build

setup: system python fonts catalog

system:
	@missing=""; for p in $(DEBS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $$missing; \
	fi

python: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

fonts: $(STAMP)
	$(BIN)/python fonts/fetch.py

# The Thai message catalog: the .po is the source, the .mo what prakat reads.
CATALOG := generator/locale/th/LC_MESSAGES/prakat
catalog: $(CATALOG).mo

$(CATALOG).mo: $(CATALOG).po $(STAMP)
	$(BIN)/python -m generator.catalog compile

# After changing messages in the code: bring the .po up to date, then write the Thai.
messages: $(STAMP)
	$(BIN)/python -m generator.catalog update

test: setup
	$(BIN)/python -m pytest

# The benchmark of issues 7 and 15: one table of every target (about 20 minutes;
# PRAKAT_BENCH_N=20 for a quick run of about 5). Scale runs live here, never in `make test`.
bench: setup
	@command -v soffice >/dev/null 2>&1 || { echo "installing LibreOffice (the bench compares with it)"; \
	  $(SUDO) apt-get update -q && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q libreoffice-writer-nogui; } \
	  || echo "LibreOffice is not installed: the bench skips that comparison"
	$(BIN)/python bench/bench.py

clean:
	rm -rf output tests/results

# Rewrite tests/golden/ from the current outputs and list what changed.
# A deliberate step: review `git diff tests/golden` before committing.
golden: setup
	$(BIN)/python tests/golden.py
