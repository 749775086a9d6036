# Serambi: `make run` serves the site, `make test` runs every test. Both set everything up first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app app
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.PHONY: run test setup test-setup lock assets translations translations-update browser clean

run: setup
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	$(FLASK) webpush keys
	$(FLASK) run --host 127.0.0.1 --port 5000

test: setup test-setup browser
	$(FLASK) db upgrade
	$(BIN)/python -m tests.run_suites "$(PG_TEST_URL)"

setup: $(VENV)/.installed assets translations

# requirements.txt and requirements-test.txt are locks with hashes, written by `make lock` from the .in files.
$(VENV)/.installed: requirements.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	touch $@

test-setup: $(VENV)/.installed-test

$(VENV)/.installed-test: $(VENV)/.installed requirements-test.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt -r requirements-test.txt
	touch $@

# After editing requirements.in or requirements-test.in: pin every package, with hashes, for every install.
# pip-tools gets a venv of its own, so that it never changes what the site runs on.
lock:
	test -d $(VENV)/pip-tools || $(PYTHON) -m venv $(VENV)/pip-tools
	$(VENV)/pip-tools/bin/pip install --quiet --disable-pip-version-check pip-tools==7.7.0
	$(VENV)/pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements.txt requirements.in
	$(VENV)/pip-tools/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url \
		--no-emit-find-links -o requirements-test.txt requirements-test.in

# Browser assets come from npm and are served by the site itself (static/vendor/ is not committed).
assets: node_modules/.package-lock.json
	mkdir -p static/vendor
	cp node_modules/socket.io-client/dist/socket.io.min.js static/vendor/

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund

translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d translations

# After adding or changing user-facing strings: then translate the new entries in translations/id/.
translations-update: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_ngettext:1,2 --no-location --sort-output -o translations/messages.pot .
	$(BIN)/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching

# Browser tests use Debian's Chromium. CI installs it; elsewhere the tests skip with a reason.
browser:
	@if [ -n "$$CI" ] && { [ ! -x /usr/bin/chromium ] || ! command -v wrk >/dev/null; }; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium wrk; \
	fi

clean:
	rm -rf $(VENV) node_modules static/vendor translations/*/LC_MESSAGES/*.mo
