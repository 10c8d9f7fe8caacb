"""Shared fixtures: the repository, the default description, and synthesis helpers."""
from __future__ import annotations

import copy
import os
from pathlib import Path

import cdk8s
import pytest
import yaml

from inference_platform.synth.app import PlatformApp
from inference_platform.catalog.charts import chart_sources
from inference_platform.description import load_file
from inference_platform.synth.render import render
from inference_platform.service_objects.ai_service import ServiceInputs, ai_service

REPO = Path(__file__).resolve().parents[1]
DIST = REPO / "dist"
FIXTURES = REPO / "tests" / "fixtures"
#: Data beside the repository (CRDs, charts), read where it lies and never copied in; `make`
#: exports the folders it found (offline ../shared, else what it fetched), env overrides each.
SHARED = Path(os.environ.get("SHARED") or REPO.parent / "shared")
CRDS = Path(os.environ.get("PLATFORM_CRDS_DIR") or SHARED / "crds")
ISTIO_CHARTS = Path(os.environ.get("PLATFORM_ISTIO_CHARTS") or SHARED / "charts" / "istio")
KEDA_CHARTS = Path(os.environ.get("KEDA_CHART_SOURCE") or SHARED / "charts" / "keda")


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
    """Every file of dist/ for ``platform``, rendered in this process with make's chart folders (env), as main.py does."""
    return render(PlatformApp(platform, chart_sources=chart_sources(os.environ)))


#: The labels every Chart of the platform ``ai-platform`` carries (see ``synth.app.PlatformApp``).
CHART_LABELS = {"app.kubernetes.io/part-of": "ai-platform", "app.kubernetes.io/managed-by": "cdk8s"}


def synth_construct(build, *, labels: dict[str, str] | None = None) -> list[dict]:
    """The documents of a one-off Chart (with the platform's labels) that ``build(chart)`` fills."""
    chart = cdk8s.Chart(cdk8s.App(), "test", labels=CHART_LABELS if labels is None else labels,
                        disable_resource_name_hashes=True)
    build(chart)
    return chart.to_json()


# ---------------------------------------------------------------------- one service

GATEWAY = "istio-ingress/ai-platform-gateway"
PRINCIPAL = "cluster.local/ns/istio-ingress/sa/istio-ingressgateway"


def service_inputs(service) -> ServiceInputs:
    """What the synth hands the apps layer for ``service`` of the platform ``ai-platform`` (default istio)."""
    return ServiceInputs(service=service, gateway=GATEWAY if service.traffic else None, ingress_principal=PRINCIPAL,
                         chart_labels=CHART_LABELS)


def synth_service(service) -> list[dict]:
    """One service's objects, built the way the synth builds them (``ai_service`` of its inputs)."""
    return ai_service(service_inputs(service))


@pytest.fixture(scope="module")
def platform():
    return load_file("platform.yaml")


@pytest.fixture(scope="module")
def llm(platform) -> list[dict]:
    return synth_service(platform.services[0])


@pytest.fixture(scope="module")
def embeddings(platform) -> list[dict]:
    return synth_service(platform.services[1])
