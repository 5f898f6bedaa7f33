# One command to set up and run the demo, one to set up and run every check.
# Only python3, pip and make are assumed; uv is bootstrapped into .tools/.
PYTHON ?= python3
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: setup browser demo test lint typecheck docs pytest bench clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet "uv==0.13.9"

$(VENV)/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --locked --all-extras --python $(PYTHON)
	touch $@

setup: $(VENV)/.synced

# Debian's Chromium is the browser for the end-to-end tests and the report's PNG check;
# the Noto CJK fonts let it (and the charts' PNGs) draw the Japanese and Chinese names.
browser:
	@command -v chromium >/dev/null && test -d /usr/share/fonts/opentype/noto || \
		{ apt-get update -qq && apt-get install -y -qq chromium fonts-noto-cjk; }

demo: setup
	$(VENV)/bin/voxys-frames demo

lint: setup
	$(VENV)/bin/ruff check voxys_frames tests benchmarks
	$(VENV)/bin/ruff format --check voxys_frames tests benchmarks

typecheck: setup
	$(VENV)/bin/mypy

# The documentation site, with warnings as errors (broken links, pages left out of the nav).
docs: setup
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --quiet --site-dir site

pytest: setup browser
	$(VENV)/bin/python -m pytest

test: lint typecheck docs pytest

clean:
	rm -rf $(VENV) $(TOOLS) site .pytest_cache .mypy_cache .ruff_cache
