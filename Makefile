# Thin wrappers around the npm scripts and docker compose; package.json stays the source of truth.
#   make up ENVIRONMENT=qa     (ENVIRONMENT defaults to dev)
#   make logs SERVICE=api

ENVIRONMENT ?= dev
export ENVIRONMENT
# The commit the api image is built from, shown by GET /version.
GIT_COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
export GIT_COMMIT

COMPOSE_FILE := docker/docker-compose.yml
# Compose reads .env.$(ENVIRONMENT) for variable substitution. A fresh clone has no .env.dev
# (it is git-ignored), so dev falls back to the committed .env.example and `make up` just works.
# Other environments never fall back: starting qa/prod with example secrets must be impossible.
ENV_FILE := $(firstword $(wildcard .env.$(ENVIRONMENT)) $(if $(filter dev,$(ENVIRONMENT)),$(wildcard .env.example)))
COMPOSE := docker compose -f $(COMPOSE_FILE) $(if $(ENV_FILE),--env-file $(ENV_FILE))
SERVICE ?=

.DEFAULT_GOAL := help
.PHONY: help install-dev run-dev format lint typecheck test precommit clean build up stop ps logs check-env

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[36m%-12s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

install-dev: ## Install exactly what package-lock.json pins (npm ci)
	npm ci

run-dev: ## Run the API with reload on change (embedded drivers unless .env says otherwise)
	npm run start:dev

format: ## Format every file with Prettier
	npm run format

lint: ## ESLint, Prettier check and layer rules (dependency-cruiser)
	npm run lint

typecheck: ## Type-check the whole repository
	npm run typecheck

test: ## Unit, contract and e2e suites with an HTML coverage report in .coverage_html/
	npm run test:cov

precommit: ## Format, lint, type-check and run the unit suites
	npm run format
	npm run lint
	npm run typecheck
	npm run test:unit

clean: ## Remove build output, coverage reports and local runtime data
	rm -rf dist coverage .coverage_html var

check-env:
	@if [ -z "$(ENV_FILE)" ]; then \
		if [ "$(ENVIRONMENT)" = dev ]; then \
			echo "note: neither .env.dev nor .env.example found; using compose defaults" >&2; \
		else \
			echo "error: .env.$(ENVIRONMENT) is missing (only dev falls back to .env.example)" >&2; exit 1; \
		fi; \
	elif [ "$(ENV_FILE)" != ".env.$(ENVIRONMENT)" ]; then \
		echo "note: .env.$(ENVIRONMENT) not found, using $(ENV_FILE)" >&2; \
	fi

build: check-env ## Build the docker images (ENVIRONMENT=dev|qa|prod)
	$(COMPOSE) build

up: check-env ## Start the stack in the background and wait until it is healthy
	$(COMPOSE) up -d --wait

stop: check-env ## Stop the stack (containers and volumes are kept)
	$(COMPOSE) stop

ps: check-env ## Show the state of the stack's containers
	$(COMPOSE) ps

logs: check-env ## Follow the logs (SERVICE=api to pick one service)
	$(COMPOSE) logs -f --tail=200 $(SERVICE)
