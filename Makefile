# Conventional Pelican targets; every target bootstraps .venv from requirements.txt.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PELICAN := $(BIN)/pelican
INPUTDIR := content
OUTPUTDIR := output
CONFFILE := pelicanconf.py
PUBLISHCONF := publishconf.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: html serve devserver publish clean test fetch bench bench-import venv check new hooks shrink

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt -c constraints.txt
	touch $@

html: venv
	$(BIN)/python scripts/build.py $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE)

serve: html
	$(PELICAN) --listen --bind $(HOST) --port $(PORT) -o $(OUTPUTDIR) -s $(CONFFILE)

# Live preview: rebuild on save, the open page reloads itself (SEARCH=1 also indexes search).
devserver: venv
	$(BIN)/python scripts/devserver.py $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) --host $(HOST) --port $(PORT) $(if $(SEARCH),--search)

# Every content problem at once, without a build (LANG_ARGS="--lang en" for English).
check: venv
	$(BIN)/python scripts/check_content.py -s $(CONFFILE) $(LANG_ARGS)

# A new article from its column's template: make new COLUMN=news TITLE="…" [NAME=…] [DATE=…]
new: venv
	$(BIN)/python scripts/new_article.py $(if $(COLUMN),--column "$(COLUMN)") $(if $(TITLE),--title "$(TITLE)") $(if $(NAME),--name "$(NAME)") $(if $(DATE),--date "$(DATE)")

# Install the git pre-commit hook that runs the content check on staged content files.
hooks: venv
	$(BIN)/pre-commit install

# Shrink an image for the web (at most 2000 px wide, recompressed): make shrink IMG=content/images/2024/x.jpg
shrink: venv
	$(BIN)/python scripts/shrink_image.py $(IMG)

publish: venv
	$(BIN)/python scripts/build.py $(INPUTDIR) -o $(OUTPUTDIR) -s $(PUBLISHCONF)
	$(MAKE) check-leaks LEAK_SETTINGS=$(PUBLISHCONF)
	$(BIN)/python scripts/lock_urls.py -s $(PUBLISHCONF)
	MEMBERS_PUBLISH=1 $(PELICAN) $(INPUTDIR) -o $(MEMBERSDIR) -s $(MEMBERSCONF)

clean:
	rm -rf $(OUTPUTDIR) $(MEMBERSDIR) cache

test: venv lighthouse-deps
	scripts/install_test_deps.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# --- Lighthouse (npm, pinned in tools/lighthouse/package-lock.json) ------------
LIGHTHOUSE_DIR := tools/lighthouse

.PHONY: lighthouse-deps lighthouse

lighthouse-deps: $(LIGHTHOUSE_DIR)/node_modules/.installed

$(LIGHTHOUSE_DIR)/node_modules/.installed: $(LIGHTHOUSE_DIR)/package.json $(LIGHTHOUSE_DIR)/package-lock.json
	scripts/install_test_deps.sh
	cd $(LIGHTHOUSE_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# Scores of the home, column, article, search and 年度统计 pages (mobile), printed and
# saved with screenshots in test-artifacts/lighthouse/.
lighthouse: venv lighthouse-deps
	$(BIN)/python scripts/lighthouse_scores.py $(LIGHTHOUSE_ARGS)

fetch: venv
	$(BIN)/python scripts/fetch_members.py $(FETCH_ARGS)

bench: venv
	$(BIN)/python scripts/bench.py $(BENCH_ARGS)

bench-import: venv
	$(BIN)/python scripts/bench_import.py $(BENCH_ARGS)

# --- Members area (会员专区): separate tree, leak check, nginx config ---------
MEMBERSCONF := membersconf.py
MEMBERSDIR := output-members
NGINX_ARGS ?=
LEAK_SETTINGS ?= $(CONFFILE)

.PHONY: members check-leaks nginx-conf bench-auth

# Build the members tree (member-only items) into output-members/.
members: venv
	$(PELICAN) $(INPUTDIR) -o $(MEMBERSDIR) -s $(MEMBERSCONF)

# Fail when the public tree holds anything of a member-only item.
check-leaks: venv
	$(BIN)/python scripts/check_leaks.py --content $(INPUTDIR) --output $(OUTPUTDIR) --settings $(LEAK_SETTINGS) $(LEAK_ARGS)

# Print the production nginx site config (see deploy/README.md).
nginx-conf: venv
	$(BIN)/python scripts/make_nginx_conf.py $(NGINX_ARGS)

bench-editing: venv
	scripts/install_test_deps.sh
	$(BIN)/python scripts/bench_editing.py $(BENCH_ARGS)

bench-auth: venv
	scripts/install_test_deps.sh
	$(BIN)/python scripts/bench_nginx_auth.py $(BENCH_ARGS)

bench-search: venv
	$(BIN)/python scripts/bench_search.py $(BENCH_ARGS)
