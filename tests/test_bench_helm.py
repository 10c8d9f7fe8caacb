"""`make bench`'s Helm chart renders exactly the synth's per-service objects (issue 14: same kinds and fields)."""
from __future__ import annotations

import copy
import shutil
import subprocess

import pytest
import yaml

import main
from tools.bench_description import generate
from tools.bench_helm import CHART, helm_values, same_objects

HELM = shutil.which("helm")

#: Services using what the default ones do not: declared ports (grpc, tcp, a scrape port),
#: ConfigMap/Secret env, pull secrets, an ephemeral cache, placement, security overrides, an HPA
#: on cpu+memory, scale to zero on the gateway's rate, a GPU server without metrics merging.
EXTRA_SERVICES = [
    {"name": "custom", "namespace": "ai-vision", "image": "example.com/custom:1.0",
     "ports": [{"name": "http-api", "port": 9000}, {"name": "grpc-api", "port": 9001, "protocol": "grpc"},
               {"name": "tcp-raw", "port": 9100, "protocol": "tcp"}, {"name": "http-metrics", "port": 9200}],
     "scrape": {"port": "http-metrics", "path": "/prom"},
     "env": {"A": "1", "CFG": {"config_map": "cfg", "key": "k", "optional": True}, "S": {"secret": "s", "key": "k"}},
     "image_pull_secrets": ["regcred"],
     "resources": {"cpu": "1", "memory": "2Gi", "gpu": 1},
     "cache": {"type": "ephemeral", "size": "30Gi", "storage_class": "fast"},
     "node_affinity": [{"key": "a", "operator": "Exists"}],
     "tolerations": [{"key": "t"}, {"key": "u", "operator": "Equal", "value": "v"}],
     "priority_class_name": "high", "pod_anti_affinity": "required",
     "topology_spread": [{"over": "host", "max_skew": 2, "when_unsatisfiable": "DoNotSchedule"}],
     "run_as_user": 20000, "fs_group": 3000, "read_only_root_filesystem": True,
     "probes": {"startup": {"type": "grpc", "initial_delay_seconds": 5}, "readiness": {"path": "/ready"}},
     "autoscaling": {"min_replicas": 0, "max_replicas": 3, "cpu_utilization": None, "signals": [
         {"signal": "gateway_request_rate", "target": 0.5, "activation_threshold": 0.25},
         {"signal": "request_rate", "target": 3}]},
     "versions": [{"name": "a", "weight": 70, "image": "example.com/custom:2.0", "env": {"A": "2"}},
                  {"name": "b", "weight": 30}],
     "traffic": {"hosts": ["custom.ai.example.com"],
                 "matches": [{"uri_exact": "/x", "headers": {"a": "b"}}, {"headers": {"c": "d"}}]}},
    {"name": "plain", "namespace": "ai-vision", "image": "example.com/plain:1.0",
     "autoscaling": {"min_replicas": 2, "max_replicas": 5, "cpu_utilization": 70, "memory_utilization": 80,
                     "behavior": {"scale_up": {"select_policy": "Max",
                                               "policies": [{"type": "Percent", "value": 50, "period_seconds": 60}]}}}},
    {"name": "tgi", "namespace": "ai-llm", "server": "tgi", "image": "ghcr.io/huggingface/text-generation-inference:3.0",
     "resources": {"cpu": "4", "memory": "16Gi", "gpu": 2},
     "autoscaling": {"min_replicas": 1, "max_replicas": 3, "cpu_utilization": 60,
                     "signals": [{"signal": "request_rate", "target": 10}]}},
]


def _variant() -> dict:
    description = generate(4)
    description["observability"]["prometheus"]["monitor_labels"] = {"release": "kube-prometheus-stack"}
    description["services"] += copy.deepcopy(EXTRA_SERVICES)
    return description


@pytest.mark.skipif(HELM is None, reason="helm is not on PATH (make setup installs it into .venv/bin)")
@pytest.mark.parametrize("description", [generate(4), _variant()], ids=["bench-shaped", "every-field"])
def test_helm_template_renders_the_synths_apps_objects(tmp_path, monkeypatch, description):
    for var in ("ALLOW_PRUNE", "PLATFORM_DESCRIPTION", "PLATFORM_DIST", "CDK8S_OUTDIR", "PLATFORM_RENDER_CACHE"):
        monkeypatch.delenv(var, raising=False)
    source, dist = tmp_path / "platform.yaml", tmp_path / "dist"
    source.write_text(yaml.safe_dump(description, sort_keys=False))
    assert main.main(["--description", str(source), "--dist", str(dist), "--render-cache", "off"]) == 0
    values = tmp_path / "values.yaml"
    values.write_text(yaml.safe_dump(helm_values(source), sort_keys=False))
    rendered = tmp_path / "helm.yaml"
    with rendered.open("wb") as out:
        subprocess.run([HELM, "template", "bench", str(CHART), "-f", str(values)], stdout=out, check=True)

    count, differ = same_objects(rendered, dist)

    assert differ == []
    assert count == sum(1 for p in dist.glob("*/layers/50-apps/*.yaml") if p.name != "kustomization.yaml"
                        for line in p.read_text().splitlines() if line.startswith("kind:"))
