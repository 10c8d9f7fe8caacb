"""Hostile and careless descriptions, round 2 of issue 24: more variants of each class than the first tests named.

Each bad case is refused by the loader (and the synth's preflight) with the path as the user wrote it, and by
``main.main`` with exit status 2, that path on stderr, no traceback and dist/ byte for byte as it was. Each
tricky-but-valid case is accepted and what the synth writes for it is checked. A case id starts with the class
of issue 24 it belongs to (``c1-`` credentials ... ``c13-`` NetworkPolicy).
"""
from __future__ import annotations

import base64
import copy
from pathlib import Path
from typing import Callable

import pytest
import yaml

import main
from inference_platform.description import DescriptionError, load_yaml, parse
from inference_platform.synth import preflight

from conftest import REPO, find, synth_files, synth_service, tree_hash

HF_TOKEN = "hf_" + "Qw9eRt8yUi7oPa6sDf5gHj4kLz3xCv2bNm"
GLPAT = "glpat-" + "Ab3De6Gh9Jk2Mn5Pq8St"
STRIPE = "sk_live_" + "51Hx" + "Ab12Cd34Ef56Gh78Ij90Kl"
NPM = "npm_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8"
SLACK_HOOK = "https://hooks.slack.com/services/" + "T0ABCDEF1/B0ABCDEF2/" + "aBcDeFgHiJkLmNoPqRsTuVwX"
AZURE = ("DefaultEndpointsProtocol=https;AccountName=models;AccountKey=" + "Zm9vYmFy" * 8 + "==;"
         "EndpointSuffix=core.windows.net")
SECRETS = (HF_TOKEN, GLPAT, STRIPE, NPM, "hunter2", "s3cr3tPass", "aBcDeFgHiJkLmNoPqRsTuVwX", "Zm9vYmFyZm9v",
           "tok3nValue")


def edit(change: Callable[[dict], object]) -> Callable[[dict], dict]:
    def apply(data: dict) -> dict:
        data = copy.deepcopy(data)
        change(data)
        return data
    return apply


def svc(data: dict, name: str) -> dict:
    return next(s for s in data["services"] if s["name"] == name)


def env_of(data: dict, name: str) -> dict:
    return svc(data, name).setdefault("env", {})


def prod(data: dict) -> dict:
    return data["environments"]["prod"]


def dev(data: dict) -> dict:
    return data["environments"]["dev"]


def prometheus_signal(query: str) -> Callable[[dict], dict]:
    return edit(lambda d: svc(d, "reranker")["autoscaling"]["signals"][0].update(query=query))


Q = "services[2].autoscaling.signals[0].query"
SINGLE = "may return more than one series"

#: (id, change, the acceptable paths as written, a part of the sentence)
CASES: list[tuple[str, Callable[[dict], dict], tuple[str, ...], str]] = [
    # ---------------------------------------------------------------- 1. credentials, other shapes and places
    ("c1-prometheus-url-token-as-user", edit(lambda d: d["observability"]["prometheus"].update(
        url="https://tok3nValue@prometheus.example.com/api")), ("observability.prometheus.url",), "TriggerAuthentication"),
    ("c1-prometheus-url-query-token", edit(lambda d: d["observability"]["prometheus"].update(
        url="https://prometheus.example.com/api?access_token=tok3nValue")),
     ("observability.prometheus.url",), "TriggerAuthentication"),
    ("c1-keda-chart-repository-userinfo", edit(lambda d: d.update(keda={
        "chart_repository": "https://robot:s3cr3tPass@charts.example.com/keda"})), ("keda.chart_repository",), "secretRef"),
    ("c1-istio-oci-repository-userinfo", edit(lambda d: d["istio"].update(
        chart_repository="oci://robot:s3cr3tPass@registry.example.com/istio")), ("istio.chart_repository",), "secretRef"),
    ("c1-istio-chart-source-userinfo", edit(lambda d: d["istio"].update(
        chart_source="https://u:s3cr3tPass@charts.example.com/istio.tgz")), ("istio.chart_source",), "user name and password"),
    ("c1-git-ssh-password", edit(lambda d: d["gitops"].update(
        repository_url="ssh://git:s3cr3tPass@github.com/example/ai-platform.git")), ("gitops.repository_url",), "secretRef"),
    ("c1-git-percent-encoded-userinfo", edit(lambda d: d["gitops"].update(
        repository_url="https://bot%40corp:s3cr3tPass%21@git.example.com/ai-platform.git")),
     ("gitops.repository_url",), "secretRef"),
    ("c1-git-token-in-prod", edit(lambda d: prod(d).update(gitops={
        "repository_url": f"https://oauth2:{GLPAT}@gitlab.com/example/ai-platform.git"})),
     ("environments.prod.gitops.repository_url",), "secretRef"),
    ("c1-prometheus-userinfo-in-dev", edit(lambda d: dev(d).update(observability={"prometheus": {
        "url": "http://admin:hunter2@prometheus-operated.monitoring.svc:9090"}})),
     ("environments.dev.observability.prometheus.url",), "TriggerAuthentication"),
    ("c1-token-name-with-suffix", edit(lambda d: env_of(d, "llm-chat").update(HF_TOKEN_2="tok3nValue")),
     ("services[0].env.HF_TOKEN_2",), "looks like a credential"),
    ("c1-lower-case-password", edit(lambda d: env_of(d, "llm-chat").update(db_password="hunter2")),
     ("services[0].env.db_password",), "looks like a credential"),
    ("c1-pass-suffix", edit(lambda d: env_of(d, "embeddings").update(DB_PASS="hunter2")),
     ("services[1].env.DB_PASS",), "looks like a credential"),
    ("c1-pwd-suffix", edit(lambda d: env_of(d, "embeddings").update(MYSQL_PWD="hunter2")),
     ("services[1].env.MYSQL_PWD",), "looks like a credential"),
    ("c1-privatekey-one-word", edit(lambda d: env_of(d, "vision").update(SIGNING_PRIVATEKEY="abc")),
     ("services[3].env.SIGNING_PRIVATEKEY",), "looks like a credential"),
    ("c1-mixed-case-access-key", edit(lambda d: env_of(d, "vision").update(Aws_Secret_Access_Key="abc")),
     ("services[3].env.Aws_Secret_Access_Key",), "looks like a credential"),
    ("c1-token-value-suffix", edit(lambda d: svc(d, "llm-chat")["versions"][0]["env"].update(
        GITHUB_TOKEN_VALUE="tok3nValue")), ("services[0].versions[0].env.GITHUB_TOKEN_VALUE",), "looks like a credential"),
    ("c1-credential-name-in-prod-override", edit(lambda d: prod(d)["services"]["llm-chat"].update(
        env={"NGC_API_KEY": "tok3nValue"})), ("environments.prod.services.llm-chat.env.NGC_API_KEY",),
     "looks like a credential"),
    ("c1-api-key-flag-in-args", edit(lambda d: svc(d, "llm-chat")["args"].extend(["--api-key", "tok3nValue"])),
     ("services[0].args[9]",), "--api-key"),
    ("c1-token-flag-equals-in-args", edit(lambda d: svc(d, "embeddings")["args"].append("--hf-api-token=tok3nValue")),
     ("services[1].args[6]",), "--hf-api-token"),
    ("c1-password-flag-in-override-args", edit(lambda d: prod(d)["services"]["llm-chat"].update(
        args=["--model", "$(MODEL_ID)", "--password", "hunter2"])),
     ("environments.prod.services.llm-chat.args[3]",), "--password"),
    ("c1-stripe-key", edit(lambda d: env_of(d, "llm-chat").update(BILLING=STRIPE)),
     ("services[0].env.BILLING",), "holds"),
    ("c1-npm-token-in-args", edit(lambda d: svc(d, "vision")["args"].append(f"--registry-token-file={NPM}")),
     ("services[3].args[5]",), "holds"),
    ("c1-slack-webhook", edit(lambda d: env_of(d, "llm-chat").update(ALERTS=SLACK_HOOK)),
     ("services[0].env.ALERTS",), "holds"),
    ("c1-slack-webhook-without-scheme", edit(lambda d: env_of(d, "llm-chat").update(
        ALERTS=SLACK_HOOK.removeprefix("https://"))), ("services[0].env.ALERTS",), "holds"),
    ("c1-azure-connection-string", edit(lambda d: env_of(d, "vision").update(MODEL_STORE=AZURE)),
     ("services[3].env.MODEL_STORE",), "holds"),
    ("c1-base64-hf-token", edit(lambda d: env_of(d, "llm-chat").update(
        BLOB=base64.b64encode(HF_TOKEN.encode()).decode())), ("services[0].env.BLOB",), "base64"),
    ("c1-percent-encoded-token", edit(lambda d: env_of(d, "llm-chat").update(
        HF_ENDPOINT=f"https://huggingface.co/?t={HF_TOKEN.replace('_', '%5F')}")),
     ("services[0].env.HF_ENDPOINT",), "holds"),
    ("c1-database-url-userinfo", edit(lambda d: env_of(d, "embeddings").update(
        DATABASE_URL="postgres://app:hunter2@db.internal:5432/vectors")), ("services[1].env.DATABASE_URL",), "password"),
    ("c1-redis-url-password-only", edit(lambda d: env_of(d, "embeddings").update(
        CACHE_URL="redis://:hunter2@redis.internal:6379/0")), ("services[1].env.CACHE_URL",), "password"),
    ("c1-url-query-api-key", edit(lambda d: env_of(d, "embeddings").update(
        UPSTREAM="https://api.example.com/v1?api_key=tok3nValue")), ("services[1].env.UPSTREAM",), "query"),
    ("c1-authorization-header-match", edit(lambda d: svc(d, "reranker")["traffic"]["matches"][1]["headers"].update(
        {"authorization": "Basic dXNlcjpodW50ZXIy"})),
     ("services[2].traffic.matches[1].headers.authorization",), "credential"),
    ("c1-api-key-header-match", edit(lambda d: svc(d, "reranker")["traffic"]["matches"][1]["headers"].update(
        {"x-api-key": "tok3nValue"})), ("services[2].traffic.matches[1].headers.x-api-key",), "credential"),
    ("c1-cookie-header-match", edit(lambda d: svc(d, "reranker")["traffic"]["matches"][0].update(
        headers={"cookie": "session=tok3nValue"})), ("services[2].traffic.matches[0].headers.cookie",), "credential"),
    ("c1-token-in-node-selector", edit(lambda d: svc(d, "vision")["node_selector"].update(owner=GLPAT)),
     ("services[3].node_selector.owner",), "GitLab"),
    ("c1-token-in-monitor-label", edit(lambda d: d["observability"]["prometheus"].update(
        monitor_labels={"release": HF_TOKEN})), ("observability.prometheus.monitor_labels.release",), "Hugging Face"),
    ("c1-token-in-toleration", edit(lambda d: svc(d, "vision")["tolerations"][0].update(value=HF_TOKEN)),
     ("services[3].tolerations[0].value",), "Hugging Face"),
    ("c1-token-as-image-tag", edit(lambda d: svc(d, "llm-chat").update(image=f"vllm/vllm-openai:{HF_TOKEN}")),
     ("services[0].image",), "Hugging Face"),
    ("c1-token-as-label-key", edit(lambda d: d["namespaces"][0].update(labels={HF_TOKEN: "x"})),
     ("namespaces[0].labels",), "Hugging Face"),
    ("c1-service-account-json", edit(lambda d: env_of(d, "vision").update(GCP_SA=(
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN\\n'
        '-----END PRIVATE KEY-----\\n"}'))), ("services[3].env.GCP_SA",), "private key"),
    # ---------------------------------------------------------------- 2. paths that reach a policy or a route
    ("c2-scrape-trailing-slash-shared", edit(lambda d: svc(d, "llm-chat").update(
        scrape={"port": "http-api", "path": "/metrics/"})), ("services[0].scrape.path",), "is not an exact path"),
    ("c2-scrape-trailing-slash-dedicated", edit(lambda d: svc(d, "vision").update(
        scrape={"port": "http-metrics", "path": "/metrics/"})), ("services[3].scrape.path",), "is not an exact path"),
    ("c2-scrape-case-shared", edit(lambda d: svc(d, "llm-chat").update(
        scrape={"port": "http-api", "path": "/METRICS"})), ("services[0].scrape.path",), "only the server's metrics path"),
    ("c2-scrape-path-parameter-shared", edit(lambda d: svc(d, "llm-chat").update(
        scrape={"port": "http-api", "path": "/metrics;v=1"})), ("services[0].scrape.path",), "metrics path"),
    ("c2-scrape-percent-encoded", edit(lambda d: svc(d, "embeddings").update(
        scrape={"port": "http-metrics", "path": "/%6detrics"})), ("services[1].scrape.path",), "is not an exact path"),
    ("c2-scrape-subtree", edit(lambda d: svc(d, "embeddings").update(
        scrape={"port": "http-metrics", "path": "/metrics/*"})), ("services[1].scrape.path",), "is not an exact path"),
    ("c2-scrape-leading-star", edit(lambda d: svc(d, "vision").update(
        scrape={"port": "http-metrics", "path": "*/metrics"})), ("services[3].scrape.path",), "is not an exact path"),
    ("c2-scrape-regex", edit(lambda d: svc(d, "vision").update(
        scrape={"port": "http-metrics", "path": "/metrics/.*"})), ("services[3].scrape.path",), "is not an exact path"),
    ("c2-scrape-double-slash", edit(lambda d: svc(d, "vision").update(
        scrape={"port": "http-metrics", "path": "//metrics"})), ("services[3].scrape.path",), "is not an exact path"),
    ("c2-scrape-wildcard-in-dev", edit(lambda d: dev(d)["services"]["embeddings"].update(
        scrape={"port": "http-metrics", "path": "/{*}"})),
     ("environments.dev.services.embeddings.scrape.path",), "is not an exact path"),
    ("c2-scrape-on-an-api-port-named-otherwise", edit(lambda d: svc(d, "llm-chat").update(
        ports=[{"name": "http-main", "port": 8000}, {"name": "http-prom", "port": 9000}],
        scrape={"port": "http-main", "path": "/v1/models"})), ("services[0].scrape.path",), "metrics path"),
    ("c2-route-prefix-wildcard", edit(lambda d: svc(d, "llm-chat")["traffic"]["matches"][0].update(uri_prefix="/v1/*")),
     ("services[0].traffic.matches[0].uri_prefix",), "literally"),
    ("c2-route-exact-template", edit(lambda d: svc(d, "embeddings")["traffic"]["matches"][0].update(
        uri_prefix=None, uri_exact="/embed/{**}")), ("services[1].traffic.matches[0].uri_exact",), "literally"),
    ("c2-route-regex", edit(lambda d: svc(d, "embeddings")["traffic"]["matches"][1].update(uri_prefix="/v1/.*")),
     ("services[1].traffic.matches[1].uri_prefix",), "literally"),
    ("c2-route-percent-encoded", edit(lambda d: svc(d, "reranker")["traffic"]["matches"][0].update(
        uri_prefix="/rerank%2F..%2Fadmin")), ("services[2].traffic.matches[0].uri_prefix",), "percent"),
    ("c2-route-dot-segments", edit(lambda d: svc(d, "reranker")["traffic"]["matches"][0].update(
        uri_prefix="/rerank/../metrics")), ("services[2].traffic.matches[0].uri_prefix",), "dot segment"),
    ("c2-route-query", edit(lambda d: svc(d, "llm-chat")["traffic"]["matches"][0].update(uri_exact="/v1/models?x=1",
                                                                                       uri_prefix=None)),
     ("services[0].traffic.matches[0].uri_exact",), "query"),
    ("c2-route-wildcard-in-prod", edit(lambda d: prod(d)["services"]["llm-chat"].update(
        traffic={"hosts": ["chat.ai.example.com"], "matches": [{"uri_prefix": "/*"}]})),
     ("environments.prod.services.llm-chat.traffic.matches[0].uri_prefix",), "literally"),
    # ---------------------------------------------------------------- 3. labels the platform owns
    ("c3-injection-label-other-case", edit(lambda d: d["namespaces"][0].update(labels={"Istio-Injection": "disabled"})),
     ("namespaces[0].labels.Istio-Injection",), "sidecar injection"),
    ("c3-dataplane-mode-in-dev", edit(lambda d: dev(d).update(namespaces=[
        {"name": "ai-llm", "labels": {"istio.io/dataplane-mode": "none"}}, {"name": "ai-retrieval"}, {"name": "ai-vision"}])),
     ("environments.dev.namespaces[0].labels.istio.io/dataplane-mode",), "cannot set or override it"),
    ("c3-revision-on-monitor", edit(lambda d: d["observability"]["prometheus"].update(
        monitor_labels={"istio.io/rev": "canary"})), ("observability.prometheus.monitor_labels.istio.io/rev",), "Istio"),
    ("c3-export-to-label", edit(lambda d: d["namespaces"][1].update(labels={"networking.istio.io/exportTo": "x"})),
     ("namespaces[1].labels.networking.istio.io/exportTo",), "Istio"),
    ("c3-injection-enabled-beside-revision", edit(lambda d: d["namespaces"][2].update(
        labels={"istio-injection": "enabled"})), ("namespaces[2].labels.istio-injection",), "cannot set or override it"),
    ("c3-metadata-name", edit(lambda d: d["namespaces"][0].update(labels={"kubernetes.io/metadata.name": "x"})),
     ("namespaces[0].labels.kubernetes.io/metadata.name",), "API server"),
    ("c3-managed-by", edit(lambda d: d["namespaces"][0].update(labels={"app.kubernetes.io/managed-by": "helm"})),
     ("namespaces[0].labels.app.kubernetes.io/managed-by",), "platform"),
    ("c3-argocd-tracking", edit(lambda d: d["namespaces"][0].update(labels={"argocd.argoproj.io/instance": "x"})),
     ("namespaces[0].labels.argocd.argoproj.io/instance",), "Argo CD"),
    ("c3-pod-security-weakened", edit(lambda d: d["namespaces"][0].update(
        labels={"pod-security.kubernetes.io/enforce": "privileged"})),
     ("namespaces[0].labels.pod-security.kubernetes.io/enforce",), "Pod Security"),
    ("c3-sidecar-inject-in-prod", edit(lambda d: prod(d).update(namespaces=[
        {"name": "ai-llm"}, {"name": "ai-retrieval", "labels": {"sidecar.istio.io/inject": "false"}}, {"name": "ai-vision"}])),
     ("environments.prod.namespaces[1].labels.sidecar.istio.io/inject",), "Istio"),
    # ---------------------------------------------------------------- 4. the platform's namespaces
    ("c4-keda-in-an-app-namespace-in-prod", edit(lambda d: prod(d).update(keda={"namespace": "ai-llm"})),
     ("environments.prod.keda.namespace", "environments.prod.namespaces[0].name"), "KEDA"),
    ("c4-istio-root-in-an-app-namespace-in-dev", edit(lambda d: dev(d)["istio"].update(root_namespace="ai-vision")),
     ("environments.dev.istio.root_namespace", "environments.dev.namespaces[2].name"), "Istio"),
    ("c4-keda-upper-case", edit(lambda d: d.update(keda={"namespace": "KEDA"})), ("keda.namespace",), "DNS-1123"),
    ("c4-keda-whitespace", edit(lambda d: d.update(keda={"namespace": " keda"})), ("keda.namespace",), "DNS-1123"),
    ("c4-kube-prefix-app-namespace", edit(lambda d: d["namespaces"].append({"name": "kube-models"})),
     ("namespaces[3].name",), "kube-"),
    ("c4-app-namespace-keda-in-dev", edit(lambda d: dev(d).update(namespaces=[
        {"name": "ai-llm"}, {"name": "ai-retrieval"}, {"name": "ai-vision"}, {"name": "keda"}])),
     ("environments.dev.namespaces[3].name",), "reserved for KEDA"),
    ("c4-argocd-in-istio-root", edit(lambda d: d["gitops"].update(argocd_namespace="istio-system")),
     ("gitops.argocd_namespace",), "Istio"),
    ("c4-gateway-in-kube-public", edit(lambda d: d["istio"]["gateway"].update(namespace="kube-public")),
     ("istio.gateway.namespace",), "reserved for Kubernetes"),
    ("c4-flux-in-default", edit(lambda d: d["gitops"].update(flux_namespace="default")),
     ("gitops.flux_namespace",), "reserved for Kubernetes"),
    ("c4-service-in-kube-system", edit(lambda d: (d["namespaces"].append({"name": "kube-system"}),
                                                  svc(d, "vision").update(namespace="kube-system"))),
     ("namespaces[3].name",), "reserved for Kubernetes"),
    # ---------------------------------------------------------------- 5. PromQL
    ("c5-sum-without", prometheus_signal("sum without (pod) (rerank_queue_depth)"), (Q,), SINGLE),
    ("c5-sum-by-postfix", prometheus_signal("sum(rerank_queue_depth) by (queue)"), (Q,), SINGLE),
    ("c5-topk", prometheus_signal("topk(3, rerank_queue_depth)"), (Q,), SINGLE),
    ("c5-group-left-many", prometheus_signal("sum(rerank_queue_depth) / on() group_right rerank_workers"), (Q,), SINGLE),
    ("c5-ignoring-many", prometheus_signal("rerank_queue_depth / ignoring(pod) sum(rerank_workers)"), (Q,), SINGLE),
    ("c5-subquery-result", prometheus_signal("sum(rerank_queue_depth)[5m:1m]"), (Q,), "range"),
    ("c5-range-selector", prometheus_signal("rerank_queue_depth[5m]"), (Q,), "range"),
    ("c5-nested-grouping", prometheus_signal("max by (queue) (sum by (pod, queue) (rerank_queue_depth))"), (Q,), SINGLE),
    ("c5-count-values", prometheus_signal('count_values("depth", rerank_queue_depth)'), (Q,), SINGLE),
    ("c5-quantile-without", prometheus_signal("quantile without (pod) (0.9, rerank_queue_depth)"), (Q,), SINGLE),
    ("c5-histogram-by-pod", prometheus_signal(
        "histogram_quantile(0.9, sum by (le, pod) (rate(rerank_latency_bucket[5m])))"), (Q,), SINGLE),
    ("c5-rate-of-a-selector", prometheus_signal("rate(rerank_requests_total[5m])"), (Q,), SINGLE),
    ("c5-label-replace", prometheus_signal('label_replace(rerank_queue_depth, "a", "$1", "queue", "(.*)")'), (Q,), SINGLE),
    ("c5-comparison-filter-many", prometheus_signal("sum(rerank_queue_depth) > on() group_right rerank_limit"), (Q,), SINGLE),
    ("c5-time-scalar", prometheus_signal("time()"), (Q,), "scalar"),
    ("c5-number", prometheus_signal("42"), (Q,), "scalar"),
    ("c5-string", prometheus_signal('"rerank"'), (Q,), "string"),
    ("c5-unclosed-brace", prometheus_signal('sum(rerank_queue_depth{queue="rerank")'), (Q,), "is not valid PromQL"),
    ("c5-stray-bracket", prometheus_signal("sum(rate(rerank_total[5m]]))"), (Q,), "is not valid PromQL"),
    ("c5-unterminated-string", prometheus_signal('sum(rerank_queue_depth{queue="rerank})'), (Q,), "is not valid PromQL"),
    ("c5-rate-of-instant", prometheus_signal("sum(rate(rerank_total))"), (Q,), "is not valid PromQL"),
    ("c5-by-without-parens", prometheus_signal("sum(rerank_queue_depth) by queue"), (Q,), "is not valid PromQL"),
    ("c5-offset-on-aggregation", prometheus_signal("sum(rerank_queue_depth) offset 5m"), (Q,), "is not valid PromQL"),
    ("c5-at-on-aggregation", prometheus_signal("sum(rerank_queue_depth) @ 1700000000"), (Q,), "is not valid PromQL"),
    ("c5-unknown-function", prometheus_signal("summ(rerank_queue_depth)"), (Q,), "unknown function"),
    ("c5-bad-regex", prometheus_signal('sum(rerank_queue_depth{queue=~"("})'), (Q,), "is not valid PromQL"),
    ("c5-empty-matchers", prometheus_signal('sum({queue=~".*"})'), (Q,), "is not valid PromQL"),
    ("c5-comment-only", prometheus_signal("# sum(rerank_queue_depth)"), (Q,), "is not valid PromQL"),
    ("c5-grouped-in-prod", edit(lambda d: prod(d)["services"].update(reranker={"autoscaling": {"signals": [
        {"signal": "prometheus", "query": "sum by (queue) (rerank_queue_depth)", "target": 30}]}})),
     ("environments.prod.services.reranker.autoscaling.signals[0].query",), SINGLE),
    # ---------------------------------------------------------------- 7. what the API server, Istio or cert-manager refuse
    ("c7-port-out-of-range", edit(lambda d: svc(d, "embeddings").update(ports=[{"name": "http-api", "port": 65536}])),
     ("services[1].ports[0].port",), "65535"),
    ("c7-port-zero", edit(lambda d: svc(d, "embeddings").update(ports=[{"name": "http-api", "port": 0}])),
     ("services[1].ports[0].port",), "1"),
    ("c7-duplicate-port-name", edit(lambda d: svc(d, "vision").update(ports=[
        {"name": "http-api", "port": 8000}, {"name": "http-api", "port": 8002}])),
     ("services[3].ports[1].name",), "already used"),
    ("c7-gateway-port-out-of-range", edit(lambda d: d["istio"]["gateway"].update(ports=[
        {"name": "http2", "port": 80, "target_port": 80}, {"name": "https", "port": 443, "target_port": 70000}])),
     ("istio.gateway.ports[1].target_port",), "65535"),
    ("c7-gateway-duplicate-name", edit(lambda d: d["istio"]["gateway"].update(ports=[
        {"name": "http2", "port": 80, "target_port": 80}, {"name": "http2", "port": 443, "target_port": 443}])),
     ("istio.gateway.ports[1].name",), "already used"),
    ("c7-host-ip-address", edit(lambda d: svc(d, "vision")["traffic"].update(hosts=["10.0.0.1"])),
     ("services[3].traffic.hosts[0]",), "IP address"),
    ("c7-host-numeric-tld", edit(lambda d: svc(d, "vision")["traffic"].update(hosts=["vision.ai.123"])),
     ("services[3].traffic.hosts[0]",), "top-level"),
    ("c7-host-twice", edit(lambda d: svc(d, "vision")["traffic"].update(
        hosts=["vision.ai.example.com", "vision.ai.example.com"])), ("services[3].traffic.hosts[1]",), "twice"),
    ("c7-host-upper-case", edit(lambda d: svc(d, "vision")["traffic"].update(hosts=["Vision.AI.example.com"])),
     ("services[3].traffic.hosts[0]",), "is not a DNS host name"),
    ("c7-egress-ip", edit(lambda d: d["istio"]["egress"].append("192.168.1.10")),
     ("istio.egress[3]",), "IP address"),
    ("c7-duplicate-version", edit(lambda d: svc(d, "llm-chat").update(versions=[
        {"name": "v1", "weight": 50}, {"name": "v1", "weight": 50}])), ("services[0].versions[1].name",), "v1"),
    ("c7-memory-fraction", edit(lambda d: svc(d, "embeddings")["resources"].update(memory="0.1Gi")),
     ("services[1].resources.memory",), "not a whole number of bytes"),
    ("c7-cpu-sub-milli", edit(lambda d: svc(d, "embeddings")["resources"].update(cpu="0.5m")),
     ("services[1].resources.cpu",), "at least 1m"),
    ("c7-ephemeral-beyond-int64", edit(lambda d: svc(d, "llm-chat")["resources"].update(ephemeral_storage="10Ei")),
     ("services[0].resources.ephemeral_storage",), "int64"),
    ("c7-cache-below-a-mebibyte", edit(lambda d: svc(d, "llm-chat")["cache"].update(size="512Ki")),
     ("services[0].cache.size",), "at least 1Mi"),
    ("c7-memory-in-prod-milli", edit(lambda d: prod(d)["services"]["llm-chat"]["resources"].update(memory="48500m")),
     ("environments.prod.services.llm-chat.resources.memory",), "not a whole number of bytes"),
    ("c7-runtime-class-upper", edit(lambda d: svc(d, "vision").update(runtime_class_name="Nvidia")),
     ("services[3].runtime_class_name",), "DNS-1123 subdomain"),
    ("c7-policy-period-too-long", edit(lambda d: svc(d, "llm-chat")["autoscaling"]["behavior"]["scale_up"][
        "policies"][0].update(period_seconds=1801)),
     ("services[0].autoscaling.behavior.scale_up.policies[0].period_seconds",), "1800"),
    ("c7-derived-names-collide", edit(lambda d: d["services"].append({
        "name": "llm", "namespace": "ai-llm", "image": "vllm/vllm-openai:v0.11.0", "server": "vllm",
        "versions": [{"name": "chat-v1"}]})), ("services[4].versions[0].name",), "'llm-chat-v1'"),
    # ---------------------------------------------------------------- 8. TLS that can be reached
    ("c8-tls-in-dev-without-443", edit(lambda d: dev(d)["istio"]["gateway"].update(ports=[
        {"name": "status-port", "port": 15021, "target_port": 15021}, {"name": "http2", "port": 80, "target_port": 80}])),
     ("environments.dev.istio.gateway.tls_credential_name",), "exposes no port 443"),
    ("c8-https-and-http-share-a-target", edit(lambda d: d["istio"]["gateway"].update(ports=[
        {"name": "http2", "port": 80, "target_port": 8080}, {"name": "https", "port": 443, "target_port": 8080}])),
     ("istio.gateway.ports[1].target_port",), "already used"),
    ("c8-no-ports-at-all-for-hosts", edit(lambda d: (d["istio"]["gateway"].update(
        ports=[{"name": "status-port", "port": 15021, "target_port": 15021}], tls_credential_name=None, tls_issuer=None))),
     ("istio.gateway.ports",), "exposes no port 80"),
    # ---------------------------------------------------------------- 9. overrides cannot rename or move
    ("c9-namespace-move-in-prod", edit(lambda d: prod(d)["services"]["llm-chat"].update(namespace="ai-vision")),
     ("environments.prod.services.llm-chat.namespace",), "cannot move"),
    ("c9-invalid-rename-in-dev", edit(lambda d: dev(d)["services"]["reranker"].update(name="Reranker")),
     ("environments.dev.services.reranker.name",), "DNS-1035"),
    ("c9-rename-added-service", edit(lambda d: dev(d)["services"].update(extra={
        "name": "other", "namespace": "ai-llm", "image": "vllm/vllm-openai:v0.11.0"})),
     ("environments.dev.services.extra.name",), "differs from its key"),
    # ---------------------------------------------------------------- 11. what the gate refuses, the synth refuses
    ("c11-xdg-cache-on-root", edit(lambda d: env_of(d, "embeddings").update(XDG_CACHE_HOME="/root/.cache")),
     ("services[1].env.XDG_CACHE_HOME",), "not on a writable mount"),
    ("c11-cache-env-in-dev-version", edit(lambda d: dev(d)["services"]["llm-chat"]["versions"][0]["env"].update(
        HF_HOME="/opt/hf")), ("environments.dev.services.llm-chat.versions[0].env.HF_HOME",), "not on a writable mount"),
    ("c11-moving-tag-in-a-version", edit(lambda d: svc(d, "llm-chat")["versions"][1].update(
        image="vllm/vllm-openai:latest")), ("services[0].versions[1].image",), "moving tag"),
    ("c11-unpinned-in-prod", edit(lambda d: prod(d)["services"]["llm-chat"].update(image="vllm/vllm-openai")),
     ("environments.prod.services.llm-chat.image",), "not pinned"),
]


#: 10. YAML 1.1 traps, as text: (id, (old, new) in platform.yaml, the acceptable paths, a part of the sentence)
TEXT_CASES: list[tuple[str, tuple[str, str], tuple[str, ...], str]] = [
    ("c10-yaml12-octal-weight", ("        weight: 90\n", "        weight: 0o132\n"),
     ("services[0].versions[0].weight",), "write 90"),
    ("c10-leading-zero-nine", ("failure_threshold: 90}", "failure_threshold: 0_90}"),
     ("services[0].probes.startup.failure_threshold",), "is not an integer"),
    ("c10-exponent-integer", ("      max_replicas: 10\n", "      max_replicas: 1.0e+1\n"),
     ("services[1].autoscaling.max_replicas",), "is not an integer"),
    ("c10-unsigned-exponent", ("      max_replicas: 10\n", "      max_replicas: 1e1\n"),
     ("services[1].autoscaling.max_replicas",), "write 10"),
    ("c10-sexagesimal-float-target", ("        - {signal: request_rate, target: 40}\n",
                                      "        - {signal: request_rate, target: 0:40.5}\n"),
     ("services[1].autoscaling.signals[0].target",), "write 40.5"),
    ("c10-underscore-float", ("        - {signal: queue_depth, target: 5}\n", "        - {signal: queue_depth, target: 5_0.0}\n"),
     ("services[0].autoscaling.signals[0].target",), "write 50.0"),
    ("c10-octal-in-prod-override", ("        autoscaling: {min_replicas: 2, max_replicas: 8}\n",
                                    "        autoscaling: {min_replicas: 02, max_replicas: 010}\n"),
     ("environments.prod.services.llm-chat.autoscaling.max_replicas",), "write 10"),
    ("c10-sexagesimal-nested-behavior", ("          stabilization_window_seconds: 600\n",
                                         "          stabilization_window_seconds: 10:00\n"),
     ("services[0].autoscaling.behavior.scale_down.stabilization_window_seconds",), "write 600"),
    ("c10-binary-in-gateway-override", ("      gateway: {autoscaling: {min_replicas: 3, max_replicas: 10}}\n",
                                        "      gateway: {autoscaling: {min_replicas: 0b11, max_replicas: 10}}\n"),
     ("environments.prod.istio.gateway.autoscaling.min_replicas",), "write 3"),
    ("c10-octal-in-an-argument", ('"--max-model-len", "8192"]', '"--max-model-len", 017777]'),
     ("services[0].args[7]",), "octal"),
    ("c10-yes-as-a-branch", ("  branch: main\n", "  branch: yes\n"), ("gitops.branch",), "quote it"),
    ("c10-on-in-an-env-value", ('      VLLM_NO_USAGE_STATS: "1"\n', "      VLLM_NO_USAGE_STATS: on\n"),
     ("services[0].env.VLLM_NO_USAGE_STATS",), "quote it"),
    ("c10-null-as-a-label-value", ("    node_selector: {node-pool: gpu-a100}\n", "    node_selector: {node-pool: ~}\n"),
     ("services[3].node_selector.node-pool",), "null"),
    ("c10-float-version", ("  version: 1.30.3\n", "  version: 1.30\n"), ("istio.version",), "quote"),
]


def problems_of(data) -> list[str]:
    with pytest.raises(DescriptionError) as err:
        preflight.check(parse(data))
    return err.value.problems


def matches(problems: list[str], paths: tuple[str, ...], part: str, prefix: str = "") -> bool:
    return any(p.startswith(f"{prefix}{path}: ") and part in p for path in paths for p in problems)


@pytest.mark.parametrize("change, paths, part", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_refused_with_the_path_as_written(description, change, paths, part):
    problems = problems_of(change(description))
    assert matches(problems, paths, part), problems
    text = "\n".join(problems)
    assert not any(secret in text for secret in SECRETS), text


@pytest.mark.parametrize("change, paths, part", [c[1:] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES])
def test_yaml_traps_refused_with_the_value_to_write(change, paths, part):
    with pytest.raises(DescriptionError) as err:
        parse(load_yaml(text_of(change), "platform.yaml"))
    problems = err.value.problems
    assert matches(problems, paths, part, "platform.yaml: ") or matches(problems, paths, part), problems


def text_of(change: tuple[str, str]) -> str:
    text = (REPO / "platform.yaml").read_text()
    assert change[0] in text, change[0]
    return text.replace(change[0], change[1], 1)


@pytest.fixture(scope="module")
def dist(synthesized_dist) -> Path:
    return synthesized_dist


def synth_refuses(tmp_path: Path, dist: Path, capsys, text: str, paths: tuple[str, ...]) -> None:
    bad = tmp_path / "platform.yaml"
    bad.write_text(text)
    before = tree_hash(dist)
    assert main.main(["--description", str(bad), "--dist", str(dist), "--render-cache", "off"]) == 2
    err = capsys.readouterr().err
    assert any(f"{path}: " in err for path in paths), err
    assert "Traceback" not in err
    assert not any(secret in err for secret in SECRETS)
    assert tree_hash(dist) == before


@pytest.mark.parametrize("change, paths", [c[1:3] for c in CASES], ids=[c[0] for c in CASES])
def test_the_synth_exits_2_and_leaves_dist_as_it_was(tmp_path, dist, default_description, capsys, change, paths):
    synth_refuses(tmp_path, dist, capsys, yaml.safe_dump(change(default_description), sort_keys=False), paths)


@pytest.mark.parametrize("change, paths", [c[1:3] for c in TEXT_CASES], ids=[c[0] for c in TEXT_CASES])
def test_the_synth_refuses_yaml_traps(tmp_path, dist, capsys, change, paths):
    synth_refuses(tmp_path, dist, capsys, text_of(change), paths)


# --------------------------------------------------------------------------- tricky but valid: accepted and correct


def _routes(docs: list[dict], public: bool) -> set[int]:
    [vs] = [d for d in find(docs, "VirtualService") if (d["spec"]["gateways"] != ["mesh"]) == public]
    return {r["destination"]["port"]["number"] for h in vs["spec"].get("http") or [] for r in h["route"]}


def _caller_ports(docs: list[dict]) -> set[str]:
    [policy] = find(docs, "AuthorizationPolicy")
    return {p for rule in policy["spec"]["rules"] if "from" in rule for to in rule["to"] for p in to["operation"]["ports"]}


def check_triton_metrics_first(platform) -> None:
    # 6. the metrics port listed first is neither routed nor admitted to callers
    docs = synth_service(platform.services[3])
    assert _routes(docs, public=True) == {8000, 8001} and 8002 not in _routes(docs, public=False)
    assert _caller_ports(docs) == {"8000", "8001"}
    [netpol] = find(docs, "NetworkPolicy")
    callers = [r for r in netpol["spec"]["ingress"]
               if any(f["namespaceSelector"].get("matchLabels", {}).get("kubernetes.io/metadata.name") == "ai-apps"
                      for f in r["from"])]
    assert {p["port"] for r in callers for p in r["ports"]} == {8000, 8001}


def check_tei_custom_metrics_name(platform) -> None:
    docs = synth_service(platform.services[1])
    assert _routes(docs, public=True) == {8080} and _caller_ports(docs) == {"8080"}


def check_same_namespace_caller(platform) -> None:
    docs = synth_service(platform.services[1])
    [netpol] = find(docs, "NetworkPolicy")
    namespaces = {f["namespaceSelector"]["matchLabels"].get("kubernetes.io/metadata.name")
                  for r in netpol["spec"]["ingress"] for f in r["from"]}
    assert "ai-retrieval" in namespaces


def check_query(expected: str) -> Callable:
    def check(platform) -> None:
        assert platform.services[2].autoscaling.signals[0].query == expected
    return check


VALID: list[tuple[str, Callable[[dict], dict], Callable | None]] = [
    ("v-legit-env-names", edit(lambda d: env_of(d, "llm-chat").update(
        MAX_TOKENS="4096", TOKENIZERS_PARALLELISM="false", HF_TOKEN_PATH="/cache/token", CACHE_KEY_PREFIX="x",
        VLLM_ATTENTION_BACKEND="FLASH_ATTN", PASSTHROUGH_MODE="1", BYPASS_PROXY="1", KEYBOARD="us")), None),
    ("v-secret-refs-for-credentials", edit(lambda d: env_of(d, "llm-chat").update(
        DB_PASS={"secret": "db", "key": "password"}, OPENAI_API_KEY={"secret": "openai", "key": "key"})), None),
    ("v-args-from-env", edit(lambda d: svc(d, "llm-chat")["args"].extend(["--api-key", "$(VLLM_API_KEY)"])
                             or env_of(d, "llm-chat").update(VLLM_API_KEY={"secret": "vllm", "key": "api-key"})), None),
    ("v-tokenizer-args", edit(lambda d: svc(d, "llm-chat")["args"].extend(
        ["--tokenizer", "hf-internal-testing/llama-tokenizer", "--max-num-batched-tokens", "8192",
         "--disable-log-requests", "--key-cache-dtype=fp8"])), None),
    ("v-ssh-git-url", edit(lambda d: d["gitops"].update(repository_url="ssh://git@github.com/example/ai-platform.git")),
     None),
    ("v-in-cluster-prometheus-fqdn", edit(lambda d: d["observability"]["prometheus"].update(
        url="http://prometheus-operated.monitoring.svc.cluster.local:9090/prometheus")), None),
    ("v-nested-aggregation", prometheus_signal("max(sum by (pod) (rerank_queue_depth))"),
     check_query("max(sum by (pod) (rerank_queue_depth))")),
    ("v-subquery-inside", prometheus_signal("max_over_time(sum(rerank_queue_depth)[10m:1m])"), None),
    ("v-offset-and-at", prometheus_signal("sum(rerank_queue_depth offset 1m) or sum(rerank_queue_depth @ end())"), None),
    ("v-one-to-one-arithmetic", prometheus_signal(
        "sum(rerank_queue_depth) / on() group_left sum(rerank_workers) * 10"), None),
    ("v-histogram-by-le", prometheus_signal(
        "histogram_quantile(0.9, sum by (le) (rate(rerank_latency_bucket[5m])))"), None),
    ("v-or-vector", prometheus_signal("sum(rate(rerank_requests_total[2m])) or vector(0)"), None),
    ("v-metrics-port-first", edit(lambda d: svc(d, "vision").update(ports=[
        {"name": "http-metrics", "port": 8002}, {"name": "grpc-api", "port": 8001, "protocol": "grpc"},
        {"name": "http-api", "port": 8000}])), check_triton_metrics_first),
    ("v-tei-custom-metrics-name", edit(lambda d: svc(d, "embeddings").update(
        ports=[{"name": "http-prom", "port": 9000}, {"name": "http-api", "port": 8080}],
        scrape={"port": "http-prom", "path": "/metrics"})), check_tei_custom_metrics_name),
    ("v-same-namespace-caller", edit(lambda d: svc(d, "embeddings")["callers"].append(
        {"namespace": "ai-retrieval", "service_account": "reranker"})), check_same_namespace_caller),
    ("v-topology-same-key-both-modes", edit(lambda d: svc(d, "vision").update(topology_spread=[
        {"over": "zone"}, {"over": "zone", "when_unsatisfiable": "DoNotSchedule", "max_skew": 2}])), None),
    ("v-egress-listed-twice", edit(lambda d: d["istio"]["egress"].extend(["huggingface.co", "*.hf.co"])),
     None),
    ("v-same-name-override", edit(lambda d: prod(d)["services"]["llm-chat"].update(name="llm-chat")
                                  or prod(d).update(name="ai-platform")), None),
    ("v-versions-differ-per-environment", edit(lambda d: prod(d)["services"]["llm-chat"].update(
        versions=[{"name": "v2", "weight": 100, "env": {"MODEL_ID": "Qwen/Qwen2.5-7B-Instruct"}}])), None),
    ("v-gateway-on-istio-root", edit(lambda d: d["istio"]["gateway"].update(namespace="istio-system")), None),
    ("v-clusterip-gateway-with-tls", edit(lambda d: d["istio"]["gateway"].update(service_type="ClusterIP")), None),
    ("v-route-paths-case-and-slash", edit(lambda d: svc(d, "llm-chat")["traffic"].update(matches=[
        {"uri_prefix": "/V1/"}, {"uri_exact": "/v1/models/"}, {"uri_prefix": "/v1/chat:stream"}])), None),
    ("v-probe-path-with-query", edit(lambda d: svc(d, "embeddings")["probes"].update(
        readiness={"path": "/health?ready=1"})), None),
]


@pytest.mark.parametrize("change, check", [c[1:] for c in VALID], ids=[c[0] for c in VALID])
def test_tricky_but_valid_is_accepted(description, change, check):
    platform = parse(change(description))
    preflight.check(platform)
    if check is not None:
        check(platform)


def test_hex_and_signed_numbers_are_numbers():
    # YAML 1.1 and 1.2 agree on hex and a sign: no trap, nothing to refuse.
    text = text_of(("      max_replicas: 4\n", "      max_replicas: 0x4\n"))
    text = text.replace("      min_replicas: 2\n", "      min_replicas: +2\n", 1)
    platform = parse(load_yaml(text, "platform.yaml"))
    assert platform.services[0].autoscaling.max_replicas == 4 and platform.services[1].autoscaling.min_replicas == 2


# --------------------------------------------------------------------------- 10. strings dist/ keeps strings

#: Strings PyYAML writes plain although YAML 1.1 readers in Go (go-yaml v2: kubectl, Argo CD, sigs.k8s.io/yaml)
#: or YAML 1.2 ones (go-yaml v3: Flux's kustomize) read them as booleans, numbers or timestamps.
GO_TRAPS = ("y", "n", "Y", "N", "1e3", "1.5e3", "0o17", "0X1F", "2024-1-5", "+1", ".5", "1_0", "0b1", "yes", "~")


def test_the_writer_quotes_what_other_yaml_readers_take_for_no_string():
    from inference_platform.fast.yaml_writer import dump_all
    text = dump_all([{"values": list(GO_TRAPS), **{trap: "key" for trap in GO_TRAPS}}])
    for trap in GO_TRAPS:
        assert f"- {trap}\n" not in text and f"\n{trap}: key" not in text, (trap, text)
    assert yaml.safe_load_all(text).__next__()["values"] == list(GO_TRAPS)


def test_strings_like_booleans_reach_dist_quoted(description):
    svc(description, "vision")["node_selector"] = {"gpu": "y", "tier": "n", "pool": "Y"}
    env_of(description, "llm-chat").update(FLAG="n", RATIO="1e3", MODE="0o17", SINCE="2024-1-5")
    svc(description, "reranker")["traffic"]["matches"][1]["headers"] = {"x-tenant": "y"}
    description["namespaces"][0]["labels"] = {"y": "N"}
    files = synth_files(parse(description))
    text = "\n".join(t for p, t in files.items() if p.startswith("prod/"))
    for plain in (": y\n", ": n\n", ": Y\n", ": N\n", ": 1e3\n", ": 0o17\n", ": 2024-1-5\n", "\n  y: "):
        assert plain not in text, plain
    assert "gpu: 'y'" in text and "value: 'n'" in text and "value: '1e3'" in text and "exact: 'y'" in text
