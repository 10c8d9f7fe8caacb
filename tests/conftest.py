"""The one conftest: the repository and shared data paths, the skip policy, and the synth helpers.

Every test folder (mirroring the packages) imports from here (``from conftest import ...``);
nothing below is defined again in a test file.

* paths: :data:`REPO`, :data:`DIST`, the shared CRDs and charts (as ``make`` exports them);
* :func:`require_shared`: the one policy for a missing optional input (skip here, fail in CI);
* synthesis at three levels: :func:`run_synth` (``main.py`` on a description, into a dist
  folder; :func:`synthesized_dist` platform.yaml's, once per session, :func:`dist_copy` a copy to
  write over), :func:`synth_files` (every file, in this process; :func:`default_files` those of
  platform.yaml, once per session), :func:`synth_service` (one
  service's objects, as the synth builds them) and :func:`synth_construct` (a construct in a
  Chart of its own);
* reading documents back: :func:`docs_of`, :func:`find`, :func:`tree_hash`, and :func:`keep_only`
  to shrink a description.
"""
from __future__ import annotations

import copy
import hashlib
import os
import shutil
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

import cdk8s
import pytest
import yaml

import main
from inference_platform import layout
from inference_platform.synth.app import PlatformApp
from inference_platform.catalog.charts import chart_sources
from inference_platform.catalog.crds import crds_dir
from constructs.mesh_policy import ingress_principal
from inference_platform.description import DescriptionError, Istio, load_file, parse
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


def require_shared(message: str, *, required_by: str = "CI") -> None:
    """An optional input is missing (../shared data, a tool `make setup` installs, the e2e
    binaries `make e2e` builds): the one policy, no test skips on its own.

    Where the environment variable ``required_by`` is set it must be present, so the test fails:
    ``CI`` (set by `.ci/run` and GitHub Actions) for data and tools, ``E2E`` (set by `make e2e`,
    which builds the binaries first) for the e2e harness. Elsewhere the test is skipped with
    ``message``.
    """
    if os.environ.get(required_by):
        pytest.fail(message)
    pytest.skip(message)


def docs_of(files: dict[str, str], prefix: str) -> list[dict]:
    """The documents of the files (path below dist/ → text) whose path starts with ``prefix``: one
    file, or a folder's (``prod/layers/35-keda/``) without its kustomization.yaml."""
    paths = [path for path in sorted(files) if path.startswith(prefix) and not path.endswith("kustomization.yaml")]
    assert paths, f"no file below {prefix!r}"
    return [d for path in paths for d in yaml.safe_load_all(files[path]) if d]


def find(docs: list[dict], kind: str, name: str | None = None) -> list[dict]:
    """The ``kind`` documents (named ``name``, unless None)."""
    return [d for d in docs if d["kind"] == kind and (name is None or d["metadata"]["name"] == name)]


def one(docs: list[dict], kind: str, name: str) -> dict:
    """The one ``kind`` document named ``name`` (fails unless there is exactly one)."""
    [doc] = find(docs, kind, name)
    return doc


def problems_of(data: dict) -> list[str]:
    """The problems the description loader reports for ``data`` (it must reject it)."""
    with pytest.raises(DescriptionError) as err:
        parse(data)
    return err.value.problems


@pytest.fixture
def synth_env(monkeypatch):
    """No environment variable that changes what ``main.py`` does (make exports some)."""
    for var in ("ALLOW_PRUNE", "PLATFORM_DESCRIPTION", "PLATFORM_DIST", "CDK8S_OUTDIR", "PLATFORM_RENDER_CACHE"):
        monkeypatch.delenv(var, raising=False)


def run_synth(description: dict, dist: Path, *args: str) -> int:
    """``main.py`` on ``description`` (written beside ``dist``) into ``dist``, with ``args``; its exit status."""
    source = dist.parent / f"{dist.name}.platform.yaml"
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(yaml.safe_dump(description, sort_keys=False))
    return main.main(["--description", str(source), "--dist", str(dist), *args])


@pytest.fixture(scope="session")
def synthesized_dist(tmp_path_factory) -> Path:
    """dist/ as ``main.py`` writes it for platform.yaml, once per session. Read-only: a test expecting a refusal
    compares :func:`tree_hash` before and after; a test that writes takes :func:`dist_copy`."""
    target = tmp_path_factory.mktemp("synthesized") / "dist"
    assert main.main(["--description", str(REPO / "platform.yaml"), "--dist", str(target), "--render-cache", "off"]) == 0
    return target


@pytest.fixture
def dist_copy(tmp_path, synthesized_dist, capsys) -> Path:
    """A private copy of :func:`synthesized_dist` that the test may overwrite (the synth's output not captured)."""
    target = tmp_path / "dist"
    shutil.copytree(synthesized_dist, target)
    capsys.readouterr()
    return target


def keep_only(description: dict, name: str) -> dict:
    """``description`` with every service but ``name`` removed (overrides included)."""
    out = copy.deepcopy(description)
    out["services"] = [s for s in out["services"] if s["name"] == name]
    for env in out.get("environments", {}).values():
        env["services"] = {k: v for k, v in env.get("services", {}).items() if k == name}
    return out


def tree_hash(folder: Path) -> str:
    """SHA-256 of every file below ``folder``, by relative path and content."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def synth_files(platform) -> dict[str, str]:
    """Every file of dist/ for ``platform``, rendered in this process with make's chart folders (env), as main.py does."""
    return render(PlatformApp(platform, chart_sources=chart_sources(os.environ), crds_dir=crds_dir(os.environ)))


@pytest.fixture(scope="session")
def default_files() -> Mapping[str, str]:
    """:func:`synth_files` of platform.yaml, synthesized once per session; read-only (build a changed copy)."""
    return MappingProxyType(synth_files(load_file(REPO / "platform.yaml")))


def without_gateway_api_crds(files: Mapping[str, str], env: str) -> dict[str, str]:
    """``env``'s files without the pinned Gateway API CRDs (1.2 MB): for the rule cases that change one object
    and gate the environment again, where parsing that file, which no such rule reads, was most of each case."""
    crds = f"{layout.layer_unit(env, layout.GATEWAY_API_CRDS)}/"
    return {path: text for path, text in files.items() if path.startswith(f"{env}/") and not path.startswith(crds)}


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


def service_inputs(service, istio: Istio | None = None) -> ServiceInputs:
    """What the synth's apps layer hands ``AiService`` for ``service`` of the platform ``ai-platform``
    (``synth.app._apps``): its ingress follows ``istio`` (default: the description's defaults) and whether the
    service has InferencePools (a Gateway API Gateway beside the classic ingress)."""
    istio = istio if istio is not None else Istio()
    inference = service.inference is not None
    gateway = None
    if service.traffic:
        gateway = f"{istio.gateway.namespace}/{istio.ingress_name(inference)}" if istio.gateway_api or inference \
            else GATEWAY
    return ServiceInputs(service=service, gateway=gateway, ingress_principal=ingress_principal(istio, inference=inference),
                         chart_labels=CHART_LABELS, ingress_workload=istio.ingress_workload(inference),
                         ingress_namespace=istio.gateway.namespace, routing=istio.routing,
                         gateway_tls=istio.gateway.tls_credential_name is not None,
                         ingress_pods=istio.ingress_pod_labels(inference))


def synth_service(service, istio: Istio | None = None) -> list[dict]:
    """One service's objects, built the way the synth builds them (``ai_service`` of its inputs)."""
    return ai_service(service_inputs(service, istio))


@pytest.fixture(scope="module")
def platform():
    return load_file("platform.yaml")


@pytest.fixture(scope="module")
def llm(platform) -> list[dict]:
    return synth_service(platform.services[0], platform.istio)


@pytest.fixture(scope="module")
def llm_classic(platform) -> list[dict]:
    """llm-chat without InferencePools: its public route a VirtualService on the classic ingress."""
    service = platform.services[0]
    return synth_service(type(service).model_validate({**service.model_dump(exclude_unset=True), "inference": None}),
                         platform.istio)


@pytest.fixture(scope="module")
def embeddings(platform) -> list[dict]:
    return synth_service(platform.services[1])
