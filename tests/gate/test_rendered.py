"""Rendered Istio mode through the whole validation gate (issue 13, items 6 and 7): the platform
synthesized with `helm template` output in dist/, checked for schemas, cross-object rules and checkov
like `make validate` checks the committed tree; and the gateway's disruption budget and security
context as the chart renders them from our values."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from inference_platform.catalog import charts
from inference_platform.description import parse
from inference_platform.gate import check_tree
from inference_platform.gate.policy import CHECKOV

from conftest import ISTIO_CHARTS, REPO, one, require_shared, synth_files

pytestmark = pytest.mark.slow  # helm-rendered Istio charts through the whole gate, checkov included

GATEWAY_LAYER = "layers/30-istio-gateway"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> Path:
    """dist/ of platform.yaml in rendered mode (charts from PLATFORM_ISTIO_CHARTS), written to a temp folder."""
    if not all((ISTIO_CHARTS / f"{chart}-1.30.3.tgz").is_file() for chart in charts.CHARTS):
        require_shared(f"Istio 1.30.3 charts missing in {ISTIO_CHARTS}")
    data = yaml.safe_load((REPO / "platform.yaml").read_text())
    data["istio"] |= {"mode": "rendered", "chart_source": str(ISTIO_CHARTS)}
    # dev on VirtualService routing, so its ingress is the gateway chart's (one replica; gateway-api routing has
    # no gateway chart); prod keeps its own (three replicas and the inference Gateway beside them)
    data["environments"]["dev"]["istio"]["routing"] = "virtualservice"
    root = tmp_path_factory.mktemp("rendered") / "dist"
    for rel, text in synth_files(parse(data)).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    assert all((root / "dev/layers" / folder).is_dir()
               for folder in ("10-istio-crds", "20-istio-control-plane", "30-istio-gateway"))
    return root


def docs(root: Path, rel: str) -> list[dict]:
    return [d for p in sorted((root / rel).glob("*.yaml")) for d in yaml.safe_load_all(p.read_text()) if d]


@pytest.fixture(scope="module")
def gate_report(rendered) -> list[str]:
    """`make validate` on the rendered dev environment: schemas, rules and checkov (run once, slow)."""
    if not CHECKOV.exists():
        require_shared(f"checkov not installed at {CHECKOV}; run `make setup`")
    report = check_tree(rendered / "dev", policy=True)
    assert report.documents > 0
    return [str(f) for f in report]


def test_rendered_mode_passes_checkov(gate_report):
    assert [f for f in gate_report if "[checkov:" in f] == []


def test_rendered_mode_passes_the_whole_gate(gate_report):
    assert gate_report == []


def test_rendered_gateway_runs_as_a_high_non_root_uid(rendered):
    deployment = one(docs(rendered, f"dev/{GATEWAY_LAYER}"), "Deployment", "istio-ingressgateway")
    pod = deployment["spec"]["template"]["spec"]
    [proxy] = pod["containers"]
    for context in (pod["securityContext"], proxy["securityContext"]):
        assert context["runAsUser"] >= 10000 and context["runAsNonRoot"] is True
        assert context["seccompProfile"] == {"type": "RuntimeDefault"}
    # Replacing the chart's pod securityContext must keep what lets a non-root Envoy bind 80 and 443.
    assert {"name": "net.ipv4.ip_unprivileged_port_start", "value": "0"} in pod["securityContext"]["sysctls"]
    assert proxy["securityContext"]["capabilities"] == {"drop": ["ALL"]}
    assert proxy["securityContext"]["readOnlyRootFilesystem"] is True


def test_rendered_gateway_has_a_disruption_budget_when_it_runs_several_replicas(rendered):
    gateway = docs(rendered, f"prod/{GATEWAY_LAYER}")
    assert one(gateway, "HorizontalPodAutoscaler", "istio-ingressgateway")["spec"]["minReplicas"] == 3
    pdb = one(gateway, "PodDisruptionBudget", "istio-ingressgateway")
    assert pdb["spec"]["maxUnavailable"] == 1
    assert pdb["spec"]["unhealthyPodEvictionPolicy"] == "AlwaysAllow"
    labels = one(gateway, "Deployment", "istio-ingressgateway")["spec"]["template"]["metadata"]["labels"]
    assert all(labels.get(k) == v for k, v in pdb["spec"]["selector"]["matchLabels"].items())


def test_single_replica_gateway_gets_no_budget_that_would_block_drains(rendered):
    # The chart skips the budget at minReplicas 1 (kubernetes#93476); dev runs one gateway replica.
    assert [d for d in docs(rendered, f"dev/{GATEWAY_LAYER}") if d["kind"] == "PodDisruptionBudget"] == []


def test_every_install_mode_gets_the_same_gateway_budget_and_security(rendered):
    values = charts.gateway_values(parse({}).istio)
    assert values["podDisruptionBudget"] == {"maxUnavailable": 1, "unhealthyPodEvictionPolicy": "AlwaysAllow"}
    assert values["securityContext"]["runAsUser"] == values["containerSecurityContext"]["runAsUser"] >= 10000
    # Controller-managed mode hands the same dict to Flux (HelmRelease values) and Argo CD (valuesObject).
    flux = synth_files(parse({"istio": {"mode": "controller-managed"}}))
    releases = [d for d in yaml.safe_load_all(flux["default/layers/10-istio/istio.yaml"]) if d]
    assert one(releases, "HelmRelease", "istio-ingressgateway")["spec"]["values"] == values
    argo = [d for d in yaml.safe_load_all(flux["default/argocd/apps/applications.yaml"]) if d]
    [gateway_app] = [d for d in argo if d["kind"] == "Application" and d["spec"]["source"].get("chart") == "gateway"]
    assert gateway_app["spec"]["source"]["helm"]["valuesObject"] == values
