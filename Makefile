# The single interface: CI calls `make test`; people call `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= $(shell PYENV_VERSION=3.13.0 pyenv which python3.13 2>/dev/null || command -v python3.13)
VENV := .venv
TOOLS := .venv-tools
PY := $(VENV)/bin/python
SITE_DIR ?= _site
PORT ?= 8000
DATE ?=
export HF_API_BASE ?= https://huggingface.co
export SITE_BASE_URL ?= http://127.0.0.1:$(PORT)

.DEFAULT_GOAL := help
.PHONY: help dev lock run publish serve test lint format unit integration coverage e2e infra bench bench-vs-hugo clean system-deps screenshots deploy pr summaries-sample

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(firstword $(MAKEFILE_LIST)) | awk 'BEGIN {FS = ":.*## "} {printf "  make %-16s %s\n", $$1, $$2}'

$(VENV)/.installed: requirements-dev.txt layers/deps/requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it or pass PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q --require-hashes --no-deps -r requirements-dev.txt
	touch $@

$(TOOLS)/.installed: requirements-tools.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it or pass PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q --upgrade pip
	$(TOOLS)/bin/pip install -q -r requirements-tools.txt
	touch $@

dev: $(VENV)/.installed $(TOOLS)/.installed ## both virtual environments

# The hashed locks: layers/deps/requirements.txt (the layer's runtime packages, every transitive one)
# and requirements-dev.txt (the same runtime versions plus the test tools), compiled from the .in files.
PIP_COMPILE := pip-compile -q --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links
lock: ## re-pin both lock files from layers/deps/requirements.in and requirements-dev.in (add --upgrade via LOCK_FLAGS)
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it or pass PYTHON=/path/to/python3.13"; exit 1; }
	test -x .venv-lock/bin/pip-compile || { $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install -q pip-tools==7.6.2; }
	PATH=$(CURDIR)/.venv-lock/bin:$$PATH $(PIP_COMPILE) $(LOCK_FLAGS) -o layers/deps/requirements.txt layers/deps/requirements.in
	PATH=$(CURDIR)/.venv-lock/bin:$$PATH $(PIP_COMPILE) $(LOCK_FLAGS) -o requirements-dev.txt requirements-dev.in

publish: $(VENV)/.installed ## publish DATE (default: latest complete HF day) into SITE_DIR
	cd functions/publisher && ../../$(PY) -m daily_papers publish --out $(abspath $(SITE_DIR)) $(if $(DATE),--date $(DATE))

serve: $(VENV)/.installed ## serve SITE_DIR on 127.0.0.1:PORT
	cd functions/publisher && ../../$(PY) -m daily_papers serve --dir $(abspath $(SITE_DIR)) --port $(PORT)

run: publish serve ## the main job against the live HF API, then the site on http://127.0.0.1:PORT

# Every Debian package the tests and benches need: the browser tests (chromium, Korean and emoji fonts),
# the CloudFront Function's tests (nodejs), the HTML checker (a Java runtime) and the Hugo bench (hugo).
APT_PACKAGES := chromium fonts-nanum fonts-noto-color-emoji nodejs default-jre-headless hugo
system-deps: ## install the Debian packages the tests and benches need (as root; otherwise prints the command)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done | xargs); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing Debian packages; run: sudo apt-get update && sudo apt-get install -y $$missing"; exit 1; fi; \
	fi
	@for c in chromium node java hugo; do command -v $$c >/dev/null || { echo "$$c is not on PATH after installing $(APT_PACKAGES)"; exit 1; }; done

lint: $(VENV)/.installed ## ruff, ruff format --check, mypy --strict
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed ## ruff --fix and ruff format
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Branch coverage of the package: `unit` starts the data, `integration` adds to it, `coverage` reports it
# and fails under 95% (pyproject.toml [tool.coverage]).
COV := --cov --cov-report= --cov-fail-under=0  # the threshold is checked once, by `coverage`
unit: $(VENV)/.installed ## the unit tests (in-process, no sockets)
	$(PY) -m pytest -m unit tests/unit $(COV)

integration: $(VENV)/.installed system-deps ## the integration tests (fake HF API and moto S3 over HTTP on 127.0.0.1)
	$(PY) -m pytest -m integration tests/integration $(COV) --cov-append

coverage: $(VENV)/.installed ## branch coverage of the package over the last unit and integration runs (>= 95%)
	$(PY) -m coverage report

e2e: $(VENV)/.installed $(TOOLS)/.installed system-deps ## the Lambda emulator and the site in a real browser
	$(PY) -m pytest -m e2e tests/e2e

# template.yaml checks (sam validate --lint, cfn-lint, checkov), a real `sam build` into a
# temporary folder (never .aws-sam, which other builds use; --no-cached keeps .aws-sam/deps out
# of it too) with a check that it ships every module's bytecode, and the CloudFront Function's tests.
infra: $(VENV)/.installed $(TOOLS)/.installed system-deps ## template checks, sam build, the CloudFront Function's tests
	SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} $(TOOLS)/bin/sam validate --lint --template-file template.yaml
	$(TOOLS)/bin/cfn-lint template.yaml
	$(TOOLS)/bin/checkov --file template.yaml --framework cloudformation --quiet --compact --skip-download
	node --test cloudfront/
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_template.py
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  PATH=$(CURDIR)/$(TOOLS)/bin:$$PATH SAM_CLI_TELEMETRY=0 $(TOOLS)/bin/sam build --no-cached \
	    --template-file template.yaml --build-dir "$$tmp/build" --cache-dir "$$tmp/cache" && \
	  $(PY) -m tests.support.build_output "$$tmp/build"

# The daily run's cost as the site grows (100 and 1,000 days of history, moto S3 and a folder), the full
# rebuild, cold import, peak memory and the layer's zipped size, with budgets. See docs/performance.md.
bench: $(VENV)/.installed $(TOOLS)/.installed ## the daily run's cost as history grows, with budgets
	PYTHONPATH=functions/publisher:. $(PY) -m bench.run

# The full rebuild against Hugo (Debian's `hugo`) building the same 1,000 and 3,000 days, interleaved,
# median of 3: wall, CPU and peak RSS, with the budgets of docs/performance.md. Exits 1 on a FAIL.
bench-vs-hugo: $(VENV)/.installed system-deps ## the full rebuild against Hugo over the same history
	PYTHONPATH=functions/publisher:. $(PY) -m bench.vs_hugo

# Korean summaries of the 10 papers in tests/fixtures/summaries/ from the real Bedrock, printed for review
# with the tokens billed. Needs AWS credentials and a region (AWS_REGION=ap-northeast-2); the model is
# SUMMARY_MODEL_ID (default apac.amazon.nova-lite-v1:0). Not part of `make test`.
summaries-sample: $(VENV)/.installed ## Korean summaries of 10 fixture papers from the real Bedrock (AWS credentials)
	PYTHONPATH=functions/publisher:. $(PY) -m tests.support.summaries_sample

# Home and a post, desktop and 375 px, light and dark, from the browser tests' published site.
# Korean text needs a CJK font in the screenshots (fonts-nanum, fonts-noto-color-emoji: make system-deps).
screenshots: $(VENV)/.installed system-deps ## regenerate docs/screenshots/*.png
	SCREENSHOTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/e2e/test_site_browser.py -k screenshots

test: lint infra unit integration coverage e2e ## everything CI runs

deploy: $(TOOLS)/.installed ## build and deploy the stack (ENV=prod for the prod environment of samconfig.toml)
	PATH=$(CURDIR)/$(TOOLS)/bin:$$PATH SAM_CLI_TELEMETRY=0 $(TOOLS)/bin/sam build $(if $(ENV),--config-env $(ENV))
	PATH=$(CURDIR)/$(TOOLS)/bin:$$PATH SAM_CLI_TELEMETRY=0 $(TOOLS)/bin/sam deploy $(if $(ENV),--config-env $(ENV))

pr: format test ## before opening a pull request: format, then everything CI runs

clean: ## remove the venvs, builds and caches
	rm -rf $(VENV) $(TOOLS) .venv-lock .aws-sam $(SITE_DIR) .pytest_cache .ruff_cache .coverage
