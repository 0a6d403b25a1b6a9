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

# sitekit/ (the plugins' shared package) is installed editable from pyproject.toml with
# the pinned setuptools: no dependencies of its own, no build isolation (nothing fetched).
$(VENV)/.installed: requirements.txt constraints.txt pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt -c constraints.txt
	$(BIN)/pip install --disable-pip-version-check -q --no-deps --no-build-isolation -e .
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

test: venv lighthouse-deps admin-install
	scripts/install_test_deps.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The tests against another Pelican release in a throwaway venv (.cache/test-upgrade-<version>/):
# the seam test (sitekit/test_pelican_seam.py) first, then the suite, then a summary of what broke.
# make test-upgrade PELICAN=4.11.x   (or an exact version; UPGRADE_ARGS="--seam-only", "-- -k feeds")
.PHONY: test-upgrade
test-upgrade: venv lighthouse-deps admin-install
	@case "$(PELICAN)" in */*|"") echo "usage: make test-upgrade PELICAN=4.11.x (a Pelican version)"; exit 2;; esac
	scripts/install_test_deps.sh
	$(BIN)/python scripts/test_upgrade.py $(PELICAN) $(UPGRADE_ARGS)

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
	$(BIN)/python bench/bench.py $(BENCH_ARGS)

bench-import: venv
	$(BIN)/python bench/bench_import.py $(BENCH_ARGS)

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
	$(BIN)/python bench/bench_editing.py $(BENCH_ARGS)

bench-auth: venv
	scripts/install_test_deps.sh
	$(BIN)/python bench/bench_nginx_auth.py $(BENCH_ARGS)

bench-search: venv
	$(BIN)/python bench/bench_search.py $(BENCH_ARGS)

# --- Running the site: scheduled update, review, deploy (deploy/README.md) ---
TARGET ?=
UPDATE_ARGS ?=
REVIEW_ARGS ?=
UNIT_ARGS ?=
_TARGET_ARG := $(if $(TARGET),--target $(TARGET))

.PHONY: update deploy rollback review systemd-units update-demo bench-update

# Import, commit, check, build, leak check, members tree, deploy; see scripts/update_site.py.
update: venv
	$(BIN)/python scripts/update_site.py update $(_TARGET_ARG) $(UPDATE_ARGS)

# Check, build and deploy what is committed (no import).
deploy: venv
	$(BIN)/python scripts/update_site.py deploy $(_TARGET_ARG) $(UPDATE_ARGS)

# Point the server's `current` back at the previous release.
rollback: venv
	$(BIN)/python scripts/update_site.py rollback $(_TARGET_ARG)

# List imported items waiting for review; APPROVE="path ..." publishes, REJECT="path ..." drops them.
review: venv
	$(BIN)/python scripts/review_imports.py $(if $(APPROVE),--approve $(APPROVE)) $(if $(REJECT),--reject $(REJECT)) $(REVIEW_ARGS)

# Regenerate deploy/systemd/ (service + timer); UNIT_ARGS="--workdir ... --user ..." for a server.
systemd-units: venv
	$(BIN)/python scripts/make_systemd_units.py $(UNIT_ARGS)

# End to end on this machine: fixture member sites and a local S3 server, in cache/demo/.
update-demo: venv
	scripts/install_test_deps.sh
	$(BIN)/python scripts/update_demo.py $(DEMO_ARGS)

bench-update: venv
	scripts/install_test_deps.sh
	$(BIN)/python bench/bench_update.py $(BENCH_ARGS)

# --- Web editor (/admin/, Decap CMS; npm packages pinned in admin/package-lock.json) ---
ADMINDIR := admin
ADMIN_PORT ?= 8081

.PHONY: admin-install admin admin-serve

admin-install: $(ADMINDIR)/node_modules/.installed

$(ADMINDIR)/node_modules/.installed: $(ADMINDIR)/package.json $(ADMINDIR)/package-lock.json
	scripts/install_test_deps.sh
	cd $(ADMINDIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

# The site with the web editor in output/admin/ (backend: SITE_ADMIN in the settings).
admin: venv admin-install
	BUILD_FORCE=1 $(BIN)/python scripts/build.py $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) -e SITE_ADMIN_ENABLED=true

# Write and publish in the browser on this computer: http://127.0.0.1:$(PORT)/admin/
# (decap-server on 127.0.0.1:$(ADMIN_PORT) writes into content/; every save rebuilds the site).
admin-serve: venv admin-install
	$(BIN)/python scripts/admin_serve.py $(INPUTDIR) -o $(OUTPUTDIR) -s $(CONFFILE) --host $(HOST) --port $(PORT) --proxy-port $(ADMIN_PORT)
