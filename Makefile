# The README's commands. `make run` and `make test` do all the set-up themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: install run serve-prod test lint format clean bench bench-growth bench-explain bench-profile wrk

# Create the virtualenv and install the pinned requirements (again when they change).
$(VENV)/.installed: requirements.txt requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -c requirements.lock
	touch $@

# axe-core for the accessibility tests; skipped (and those tests with it) without npm.
node_modules/.installed: package.json package-lock.json
	if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent && touch $@; fi

install: $(VENV)/.installed node_modules/.installed

# Serve the site on http://127.0.0.1:8000 with the seed content and an admin login.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_fixtures
	$(PY) manage.py ensure_admin
	$(PY) manage.py runserver 127.0.0.1:8000

# The production stack on loopback: nginx in front of two gunicorn app servers,
# sharing PostgreSQL (database institute_prod) and Redis. Ctrl-C stops it.
# SERVE_PROD_ARGS="--tls" adds HTTPS with a self-signed certificate.
serve-prod: install
	$(PY) deploy/serve_prod.py $(SERVE_PROD_ARGS)

# The whole suite: SQLite by default, PostgreSQL when DATABASE_URL is set.
# PYTEST_ARGS passes options on (CI: --ignore for a part already run).
test: install
	$(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(PY) manage.py check
	$(PY) manage.py makemigrations --check --dry-run

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks on the PostgreSQL server at 127.0.0.1:5432 and Redis (bench/README.md):
# 100,000 briefings, rotating URLs and hot ones; the same at 10,000 and 100,000;
# the listing's query plans. Extra options, e.g. a quick look:
#   make bench BENCH_ARGS="--count 10000 --rounds 1 --seconds 5"
bench: install wrk
	$(PY) bench/run.py $(BENCH_ARGS)

bench-growth: install wrk
	$(PY) bench/run.py --growth $(BENCH_ARGS)

# wrk, the load generator, from Debian's packages when it is missing.
wrk:
	@command -v wrk >/dev/null || { echo "Installing wrk from Debian's packages"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	  --no-install-recommends wrk >/dev/null) || \
	  { echo "The benchmark needs wrk: install Debian's wrk package"; exit 1; }; }

bench-explain: install
	$(PY) bench/run.py --explain $(BENCH_ARGS)

# Where the listing's, a search's and a briefing page's time goes (pyinstrument).
bench-profile: install
	$(PY) bench/run.py $(BENCH_ARGS) --profile $(BENCH_PAGES)

clean:
	rm -rf $(VENV) db.sqlite3 static .pytest_cache .ruff_cache .serve-prod
