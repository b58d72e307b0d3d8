# Every target bootstraps .venv itself: a fresh clone needs only `make dev` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv dev test test-deploy lint typecheck tools lock compose bench fuzz clean

# Runtime dependencies exactly as the image gets them (requirements.lock, hashed), then the
# project and its development tools.
$(STAMP): pyproject.toml requirements.lock
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Pin every runtime dependency (with hashes) after changing pyproject.toml's dependencies.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/pip-compile --generate-hashes --strip-extras --quiet --no-emit-index-url \
		--no-emit-find-links --output-file requirements.lock pyproject.toml

venv: $(STAMP)

# `make dev SEED=small` (or medium, large) writes demo data first: agora dev --seed.
dev: $(STAMP)
	$(BIN)/agora dev $(if $(SEED),--seed $(SEED))

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy agora common pipeline subgraphs router telemetry tests benchmarks

# Debian packages the tests use: kubectl renders the Kubernetes manifests, promtool (from
# prometheus) checks the alerting rules, chromium runs GraphiQL headless.
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends
tools:
	@command -v kubectl >/dev/null 2>&1 || $(APT_INSTALL) kubectl >/dev/null 2>&1 \
		|| (apt-get update -q >/dev/null && $(APT_INSTALL) kubectl >/dev/null) \
		|| { echo "make test needs kubectl: apt-get install kubectl"; exit 1; }
	@command -v promtool >/dev/null 2>&1 || $(APT_INSTALL) prometheus >/dev/null 2>&1 \
		|| (apt-get update -q >/dev/null && $(APT_INSTALL) prometheus >/dev/null) \
		|| { echo "make test needs promtool: apt-get install prometheus"; exit 1; }
	@command -v chromium >/dev/null 2>&1 || $(APT_INSTALL) chromium >/dev/null 2>&1 \
		|| (apt-get update -q >/dev/null && $(APT_INSTALL) chromium >/dev/null) \
		|| { echo "make test needs chromium: apt-get install chromium"; exit 1; }

test: lint typecheck tools
	$(BIN)/agora compose --check
	$(BIN)/pytest -q $(PYTEST_ARGS)

# The image built and compose.yaml run, with a smoke journey through the containerised router
# (docker/test-deploy.sh: installs Docker and Docker Compose when missing; README).
test-deploy: $(STAMP)
	bash docker/test-deploy.sh

compose: $(STAMP)
	$(BIN)/agora compose

bench: $(STAMP)
	$(BIN)/python -m benchmarks

# Differential fuzzing against Hive Gateway, longer than `make test` runs it.
FUZZ_COUNT ?= 10000
FUZZ_FIXTURE_COUNT ?= 1000
fuzz: $(STAMP)
	AGORA_FUZZ_COUNT=$(FUZZ_COUNT) $(BIN)/pytest -q -s tests/e2e/test_fuzz_platform.py
	AGORA_FUZZ_COUNT=$(FUZZ_FIXTURE_COUNT) $(BIN)/pytest -q -s tests/federation/test_fuzz_differential.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
