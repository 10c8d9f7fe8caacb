#!/usr/bin/env bash
# Builds the pinned e2e control plane from the Go module proxy into a cache outside the clone,
# keyed by version, so a second clone (or CI on the same machine) reuses it:
#   ${XDG_CACHE_HOME:-~/.cache}/ai-inference-platform/bin/<name>-<version>
#
# `go install mod@ver` refuses modules whose go.mod has local-path replace directives
# (k8s.io/kubernetes -> ./staging/..., etcd server -> ../api, Flux controllers -> ./api) because
# that code is not in the module zip. So each module is downloaded, copied to a writable folder,
# its local-path replaces are dropped (version-to-version ones are kept), the replaced modules are
# required at their published versions, go.work is removed, and it is built with -mod=mod.
#
# KEDA's go.mod (v2.20.2) has only version-to-version replaces, which `go install mod@ver` refuses
# as well; it goes through the same download-copy-build path (the replaces it has are kept).
#
# Usage: e2e/build.sh [NAME...]  build what the cache lacks (a no-op when everything is there);
#                                NAME: kube etcd kwok source-controller kustomize-controller keda
#                                      keda-webhooks prometheus-operator prometheus lwepp
#        e2e/build.sh --paths    print NAME=path of every binary and of kwok's stages, build nothing
set -euo pipefail

# The pins. Kubernetes 1.34 sits inside the range the description's kubernetes_version allows.
KUBE_VERSION=v1.34.4
KUBE_STAGING_VERSION=v0.34.4       # k8s.io/* staging modules published for $KUBE_VERSION
ETCD_VERSION=v3.6.16
KWOK_VERSION=v0.8.0
# v1.9.1+ need a fluxcd/pkg/artifact version the proxy refuses; v1.9.0 resolves.
SOURCE_CONTROLLER_VERSION=v1.9.0
KUSTOMIZE_CONTROLLER_VERSION=v1.9.6
# The KEDA release the platform installs (inference_platform/keda_release.py): its operator and
# its metrics API server and its admission webhooks (cmd/operator, cmd/adapter, cmd/webhooks).
KEDA_VERSION=v2.20.2
# The metrics pipeline KEDA's prometheus triggers read: prometheus-operator (cmd/operator turns
# the PodMonitors into Prometheus configuration, cmd/prometheus-config-reloader hands it to
# Prometheus) and Prometheus itself (cmd/prometheus, Prometheus 3.16.0 is module v0.316.0).
PROMETHEUS_OPERATOR_VERSION=v0.85.0
PROMETHEUS_VERSION=v0.316.0
# The Gateway API Inference Extension's lightweight reference endpoint picker (cmd/lwepp): run as a
# process against the API server for a generated InferencePool (docs/e2e.md). The module has no
# replace directives, so `go install mod@ver` builds it as published.
LWEPP_VERSION=v1.6.2

CACHE="${XDG_CACHE_HOME:-$HOME/.cache}/ai-inference-platform"
BIN="$CACHE/bin"
SHARE="$CACHE/share"
if [[ "${1:-}" == "--paths" ]]; then
  cat <<EOF
etcd=$BIN/etcd-$ETCD_VERSION
kube-apiserver=$BIN/kube-apiserver-$KUBE_VERSION
kube-controller-manager=$BIN/kube-controller-manager-$KUBE_VERSION
kube-scheduler=$BIN/kube-scheduler-$KUBE_VERSION
kwok=$BIN/kwok-$KWOK_VERSION
kwok-stages=$SHARE/kwok-$KWOK_VERSION/stages
source-controller=$BIN/source-controller-$SOURCE_CONTROLLER_VERSION
kustomize-controller=$BIN/kustomize-controller-$KUSTOMIZE_CONTROLLER_VERSION
keda-operator=$BIN/keda-operator-$KEDA_VERSION
keda-adapter=$BIN/keda-adapter-$KEDA_VERSION
keda-webhooks=$BIN/keda-webhooks-$KEDA_VERSION
keda-webhooks-config=$SHARE/keda-$KEDA_VERSION/webhooks/validation_webhooks.yaml
keda-crds=$SHARE/keda-$KEDA_VERSION/crds
prometheus-operator=$BIN/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION
prometheus-config-reloader=$BIN/prometheus-config-reloader-$PROMETHEUS_OPERATOR_VERSION
prometheus-operator-crds=$SHARE/prometheus-operator-$PROMETHEUS_OPERATOR_VERSION/crds
prometheus-operator-version=$PROMETHEUS_OPERATOR_VERSION
prometheus=$BIN/prometheus-$PROMETHEUS_VERSION
prometheus-version=$PROMETHEUS_VERSION
lwepp=$BIN/lwepp-$LWEPP_VERSION
kube-version=$KUBE_VERSION
EOF
  exit 0
fi
mkdir -p "$BIN" "$SHARE"

export GOFLAGS="-mod=mod -buildvcs=false"
export GOTOOLCHAIN=local   # never fetch another toolchain because a go.mod suggests one
export CGO_ENABLED=0

WORK="$(mktemp -d "${TMPDIR:-/tmp}/e2e-build.XXXXXX")"
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

log() { printf '[e2e-build %s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# lock NAME: one build of a component at a time across clones (the second waits, then finds it)
lock() {
  exec {LOCK_FD}>"$CACHE/.build-$1.lock"
  flock "$LOCK_FD"
}
unlock() { exec {LOCK_FD}>&-; }

have() {  # have name-version...: true when every binary is already in the cache
  local b
  for b in "$@"; do [[ -x "$BIN/$b" ]] || return 1; done
}

# prepare MODULE VERSION STAGING_VERSION: writable copy of the module, local replaces dropped;
# prints the folder. A dropped replace's module is required at STAGING_VERSION (or at VERSION
# when STAGING_VERSION is empty): that is the version published alongside this release.
prepare() {
  local mod="$1" ver="$2" staged="${3:-$2}" dir src
  dir="$(go mod download -json "$mod@$ver" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
  [[ -n "$dir" ]] || { log "go mod download $mod@$ver gave no folder"; return 1; }
  src="$WORK/$(basename "$mod")-$ver"
  cp -r "$dir" "$src"
  chmod -R u+w "$src"
  rm -f "$src/go.work" "$src/go.work.sum"
  (
    cd "$src"
    go mod edit -toolchain=none
    # `go mod edit -json` lists replaces; a local path target has no version.
    go mod edit -json | python3 -c '
import json, sys
mod = json.load(sys.stdin)
required = {r["Path"] for r in mod.get("Require") or []}
for r in mod.get("Replace") or []:
    if "Version" not in r["New"]:
        print(r["Old"]["Path"], "required" if r["Old"]["Path"] in required else "unused")
' | while read -r path use; do
      go mod edit -dropreplace="$path"
      if [[ "$use" == required ]]; then go mod edit -require="$path@$staged"; fi
    done
  )
  echo "$src"
}

kube_ldflags() {
  local major minor
  major="${KUBE_VERSION#v}"; major="${major%%.*}"
  minor="${KUBE_VERSION#v*.}"; minor="${minor%%.*}"
  local f=""
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    f+=" -X $pkg.gitVersion=$KUBE_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    f+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit=release-$KUBE_VERSION"
    f+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  echo "-s -w$f"
}

build_kube() {
  local names=(kube-apiserver kube-controller-manager kube-scheduler) n
  have "${names[@]/%/-$KUBE_VERSION}" && return 0
  lock kube; if have "${names[@]/%/-$KUBE_VERSION}"; then unlock; return 0; fi
  log "building ${names[*]} $KUBE_VERSION"
  local src out="$WORK/kube-out"
  src="$(prepare k8s.io/kubernetes "$KUBE_VERSION" "$KUBE_STAGING_VERSION")"
  mkdir -p "$out"
  (cd "$src" && go build -trimpath -ldflags "$(kube_ldflags)" -o "$out/" \
    ./cmd/kube-apiserver ./cmd/kube-controller-manager ./cmd/kube-scheduler)
  for n in "${names[@]}"; do mv "$out/$n" "$BIN/$n-$KUBE_VERSION"; done
  unlock
}

build_etcd() {
  have "etcd-$ETCD_VERSION" && return 0
  lock etcd; if have "etcd-$ETCD_VERSION"; then unlock; return 0; fi
  log "building etcd $ETCD_VERSION"
  local src
  src="$(prepare go.etcd.io/etcd/server/v3 "$ETCD_VERSION")"
  (cd "$src" && go build -trimpath -ldflags "-s -w" -o "$WORK/etcd" .)
  mv "$WORK/etcd" "$BIN/etcd-$ETCD_VERSION"
  unlock
}

build_kwok() {
  if have "kwok-$KWOK_VERSION" && [[ -d "$SHARE/kwok-$KWOK_VERSION/stages" ]]; then return 0; fi
  lock kwok
  if have "kwok-$KWOK_VERSION" && [[ -d "$SHARE/kwok-$KWOK_VERSION/stages" ]]; then unlock; return 0; fi
  log "building kwok $KWOK_VERSION"
  local src
  src="$(prepare sigs.k8s.io/kwok "$KWOK_VERSION")"
  (cd "$src" && go build -trimpath -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=$KWOK_VERSION" \
    -o "$WORK/kwok" ./cmd/kwok)
  # The Stage objects kwok needs (fake node and pod lifecycle): shipped in the module, copied
  # beside the binary so the harness never reads the Go module cache.
  local stages="$WORK/stages"
  mkdir -p "$stages"
  local f
  for f in "$src"/kustomize/stage/node/fast/*.yaml "$src"/kustomize/stage/node/heartbeat/*.yaml \
           "$src"/kustomize/stage/pod/fast/*.yaml; do
    if grep -q '^kind: Stage' "$f"; then cp "$f" "$stages/"; fi
  done
  rm -rf "$SHARE/kwok-$KWOK_VERSION"
  mkdir -p "$SHARE/kwok-$KWOK_VERSION"
  mv "$stages" "$SHARE/kwok-$KWOK_VERSION/stages"
  mv "$WORK/kwok" "$BIN/kwok-$KWOK_VERSION"
  unlock
}

build_flux() {  # build_flux NAME VERSION
  local name="$1" ver="$2" src
  have "$name-$ver" && return 0
  lock "$name"; if have "$name-$ver"; then unlock; return 0; fi
  log "building $name $ver"
  src="$(prepare "github.com/fluxcd/$name" "$ver")"
  (cd "$src" && go build -trimpath -ldflags "-s -w" -o "$WORK/$name" .)
  mv "$WORK/$name" "$BIN/$name-$ver"
  unlock
}

build_keda() {
  local names=(keda-operator keda-adapter) src out="$WORK/keda-out" n dir crds="$SHARE/keda-$KEDA_VERSION/crds"
  if have "${names[@]/%/-$KEDA_VERSION}" && [[ -d "$crds" ]]; then return 0; fi
  lock keda
  if have "${names[@]/%/-$KEDA_VERSION}" && [[ -d "$crds" ]]; then unlock; return 0; fi
  if [[ ! -d "$crds" ]]; then
    # The operator watches eventing.keda.sh (CloudEventSource) too, whose CRDs ../shared/crds does
    # not hold: copied from the same module beside the binaries, as kwok's stages are.
    dir="$(go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    mkdir -p "$WORK/keda-crds"
    cp "$dir"/config/crd/bases/eventing.keda.sh_*.yaml "$WORK/keda-crds/"
    mkdir -p "$SHARE/keda-$KEDA_VERSION"
    mv "$WORK/keda-crds" "$crds"
  fi
  if ! have "${names[@]/%/-$KEDA_VERSION}"; then
    log "building ${names[*]} $KEDA_VERSION"
    src="$(prepare github.com/kedacore/keda/v2 "$KEDA_VERSION")"
    mkdir -p "$out"
    # the version the operator logs and reports in its metrics, as KEDA's release images carry it
    (cd "$src" && go build -trimpath -ldflags "-s -w -X github.com/kedacore/keda/v2/version.Version=${KEDA_VERSION#v} \
      -X github.com/kedacore/keda/v2/version.GitCommit=release-$KEDA_VERSION" -o "$out/" ./cmd/operator ./cmd/adapter)
    for n in operator adapter; do mv "$out/$n" "$BIN/keda-$n-$KEDA_VERSION"; done
  fi
  unlock
}

# KEDA's admission webhooks (cmd/webhooks): a binary of its own so a cache that already holds the
# operator and the adapter only builds this one.
build_keda_webhooks() {
  local src dir conf="$SHARE/keda-$KEDA_VERSION/webhooks"
  if have "keda-webhooks-$KEDA_VERSION" && [[ -d "$conf" ]]; then return 0; fi
  lock keda-webhooks
  if have "keda-webhooks-$KEDA_VERSION" && [[ -d "$conf" ]]; then unlock; return 0; fi
  if [[ ! -d "$conf" ]]; then
    # the ValidatingWebhookConfiguration KEDA's release installs, beside the binary
    dir="$(go mod download -json "github.com/kedacore/keda/v2@$KEDA_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')"
    mkdir -p "$WORK/keda-webhooks" "$SHARE/keda-$KEDA_VERSION"
    cp "$dir/config/webhooks/validation_webhooks.yaml" "$WORK/keda-webhooks/"
    mv "$WORK/keda-webhooks" "$conf"
  fi
  if have "keda-webhooks-$KEDA_VERSION"; then unlock; return 0; fi
  log "building keda-webhooks $KEDA_VERSION"
  src="$(prepare github.com/kedacore/keda/v2 "$KEDA_VERSION")"
  (cd "$src" && go build -trimpath -ldflags "-s -w -X github.com/kedacore/keda/v2/version.Version=${KEDA_VERSION#v} \
    -X github.com/kedacore/keda/v2/version.GitCommit=release-$KEDA_VERSION" -o "$WORK/webhooks" ./cmd/webhooks)
  mv "$WORK/webhooks" "$BIN/keda-webhooks-$KEDA_VERSION"
  unlock
}

# prometheus/common's version variables, as the projects' release builds (promu) set them
prom_ldflags() {  # prom_ldflags VERSION
  local p=github.com/prometheus/common/version
  echo "-s -w -X $p.Version=$1 -X $p.Revision=release-v$1 -X $p.Branch=release -X $p.BuildUser=e2e \
    -X $p.BuildDate=19700101-00:00:00"
}

build_prometheus_operator() {
  local v="$PROMETHEUS_OPERATOR_VERSION" src out="$WORK/po-out" dir
  local crds="$SHARE/prometheus-operator-$v/crds"
  if have "prometheus-operator-$v" "prometheus-config-reloader-$v" && [[ -d "$crds" ]]; then return 0; fi
  lock prometheus-operator
  if have "prometheus-operator-$v" "prometheus-config-reloader-$v" && [[ -d "$crds" ]]; then unlock; return 0; fi
  log "building prometheus-operator prometheus-config-reloader $v"
  # pkg/apis/monitoring and pkg/client are local replaces: required at the same tag ($v)
  src="$(prepare github.com/prometheus-operator/prometheus-operator "$v")"
  mkdir -p "$out"
  (cd "$src" && go build -trimpath -ldflags "$(prom_ldflags "${v#v}")" -o "$out/" \
    ./cmd/operator ./cmd/prometheus-config-reloader)
  # The monitoring.coreos.com CRDs of this release (Prometheus is the one ../shared/crds lacks),
  # copied beside the binaries as KEDA's eventing CRDs are.
  mkdir -p "$WORK/po-crds" "$SHARE/prometheus-operator-$v"
  cp "$src"/example/prometheus-operator-crd-full/monitoring.coreos.com_*.yaml "$WORK/po-crds/"
  rm -rf "$crds"; mv "$WORK/po-crds" "$crds"
  mv "$out/operator" "$BIN/prometheus-operator-$v"
  mv "$out/prometheus-config-reloader" "$BIN/prometheus-config-reloader-$v"
  unlock
}

build_prometheus() {
  local v="$PROMETHEUS_VERSION" src semver
  have "prometheus-$v" && return 0
  lock prometheus; if have "prometheus-$v"; then unlock; return 0; fi
  log "building prometheus $v"
  src="$(prepare github.com/prometheus/prometheus "$v")"
  semver="$(cat "$src/VERSION")"
  # Upstream's build tags keep only the Kubernetes service discovery (the only one the operator's
  # configuration uses); without `builtinassets` the web UI is not embedded (the API is all the
  # pipeline reads).
  (cd "$src" && go build -trimpath -tags remove_all_sd,enable_kubernetes_sd \
    -ldflags "$(prom_ldflags "$semver")" -o "$WORK/prometheus" ./cmd/prometheus)
  mv "$WORK/prometheus" "$BIN/prometheus-$v"
  unlock
}

build_lwepp() {
  have "lwepp-$LWEPP_VERSION" && return 0
  lock lwepp; if have "lwepp-$LWEPP_VERSION"; then unlock; return 0; fi
  log "building lwepp $LWEPP_VERSION"
  # the version stamp the upstream lwepp.Dockerfile sets (BuildRef)
  GOBIN="$WORK/lwepp-bin" go install -trimpath -ldflags "-s -w \
    -X sigs.k8s.io/gateway-api-inference-extension/version.BuildRef=$LWEPP_VERSION" \
    "sigs.k8s.io/gateway-api-inference-extension/cmd/lwepp@$LWEPP_VERSION"
  mv "$WORK/lwepp-bin/lwepp" "$BIN/lwepp-$LWEPP_VERSION"
  unlock
}

start=$(date +%s)
# Components to build: all by default, or the ones named (kube etcd kwok source-controller
# kustomize-controller keda keda-webhooks prometheus-operator prometheus lwepp), e.g. to build two at once in
# separate processes.
targets=("$@")
pick() { [[ ${#targets[@]} -eq 0 ]] || [[ " ${targets[*]} " == *" $1 "* ]]; }
if pick kube; then build_kube; fi
if pick etcd; then build_etcd; fi
if pick kwok; then build_kwok; fi
if pick source-controller; then build_flux source-controller "$SOURCE_CONTROLLER_VERSION"; fi
if pick kustomize-controller; then build_flux kustomize-controller "$KUSTOMIZE_CONTROLLER_VERSION"; fi
if pick keda; then build_keda; fi
if pick keda-webhooks; then build_keda_webhooks; fi
if pick prometheus-operator; then build_prometheus_operator; fi
if pick prometheus; then build_prometheus; fi
if pick lwepp; then build_lwepp; fi
log "binaries ready in $BIN ($(( $(date +%s) - start )) s)"
