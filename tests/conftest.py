"""Shared fixtures: the repository, the default description, and synthesis helpers."""
from __future__ import annotations

import copy
import os
from pathlib import Path

import cdk8s
import pytest
import yaml

from cdk8s_plus_27 import k8s

from constructs.ai_service import AiService
from constructs.mesh_policy import MeshPolicy, ingress_principal
from inference_platform.build import PlatformApp
from inference_platform.description import Platform, load_file
from inference_platform.output import render

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def default_description() -> dict:
    """platform.yaml as plain data; tests deep-copy it before changing anything."""
    return yaml.safe_load((REPO / "platform.yaml").read_text())


@pytest.fixture
def description(default_description) -> dict:
    return copy.deepcopy(default_description)


def require_shared(message: str) -> None:
    """An optional input is missing (../shared data, a tool `make setup` installs): the one policy.

    In CI (``CI`` set, as `.ci/run` and GitHub Actions do) it must be present, so the test
    fails; elsewhere the test is skipped with ``message``.
    """
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def docs_of(files: dict[str, str], path: str) -> list[dict]:
    return [d for d in yaml.safe_load_all(files[path]) if d]


def find(docs: list[dict], kind: str, name: str | None = None) -> list[dict]:
    return [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]


def synth_files(platform) -> dict[str, str]:
    return render(PlatformApp(platform))


#: The labels every Chart of the platform ``ai-platform`` carries (see ``build.PlatformApp``).
CHART_LABELS = {"app.kubernetes.io/part-of": "ai-platform", "app.kubernetes.io/managed-by": "cdk8s"}


def synth_construct(build, *, labels: dict[str, str] | None = None) -> list[dict]:
    """The documents of a one-off Chart (with the platform's labels) that ``build(chart)`` fills."""
    chart = cdk8s.Chart(cdk8s.App(), "test", labels=CHART_LABELS if labels is None else labels,
                        disable_resource_name_hashes=True)
    build(chart)
    return chart.to_json()


# ---------------------------------------------------------------------- one AiService

GATEWAY = "istio-ingress/ai-platform-gateway"
PRINCIPAL = "cluster.local/ns/istio-ingress/sa/istio-ingressgateway"


def synth_service(service, *, namespace: str | None = None) -> list[dict]:
    """One AiService in a Chart of its own; its namespace and Gateway live in another Chart."""
    app = cdk8s.App()
    other = cdk8s.Chart(app, "platform", disable_resource_name_hashes=True)
    ns = k8s.KubeNamespace(other, "ns", metadata=k8s.ObjectMeta(name=namespace or service.namespace))
    istio = Platform().istio
    hosts = [(service.namespace, h) for h in service.traffic.hosts] if service.traffic else []
    gateway = MeshPolicy(other, "mesh", istio=istio, gateway_name="ai-platform-gateway", hosts=hosts).gateway
    return synth_construct(lambda c: AiService(c, "svc", service=service, namespace=ns, gateway=gateway,
                                               ingress_principal=ingress_principal(istio)))


@pytest.fixture(scope="module")
def platform():
    return load_file("platform.yaml")


@pytest.fixture(scope="module")
def llm(platform) -> list[dict]:
    return synth_service(platform.services[0])


@pytest.fixture(scope="module")
def embeddings(platform) -> list[dict]:
    return synth_service(platform.services[1])
