"""IstioRendered: Istio's official charts rendered with ``helm template`` into plain manifests.

The rendered mode writes what the charts would install into dist/, so a reviewer sees every
object an Istio upgrade changes and the GitOps controller only applies plain YAML. The
charts are rendered with ``helm template`` (see :func:`render_chart`) with the same values as the
controller-managed mode (``inference_platform.catalog.istio_values``), split into three parts that
separate layers apply in order:

- ``crds``: only the CustomResourceDefinitions of the ``base`` chart;
- ``control-plane``: the rest of ``base`` (istio-reader RBAC, default-revision webhook) and ``istiod``;
- ``gateway``: the ``gateway`` chart (release and Deployment named ``istio.gateway.name``).

Charts come from ``istio.chart_repository`` at ``istio.version`` (network access at synth
time), or from ``chart_source``: a local folder holding ``<chart>-<version>.tgz`` archives
or unpacked ``<chart>/`` folders (for air-gapped or reviewed-vendor builds).
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Callable

import yaml
from cdk8s import ApiObject, Include
from constructs import Construct

from inference_platform.description import Istio
from inference_platform.catalog.istio_releases import BASE, GATEWAY, ISTIOD, IstioRelease

__all__ = ["IstioRendered", "PARTS", "locate_chart", "render_chart"]

PARTS = ("crds", "control-plane", "gateway")
CRD_KIND = "CustomResourceDefinition"


def locate_chart(chart: str, version: str, *, repository: str, chart_source: str | None) -> dict[str, str]:
    """Where ``helm template`` finds ``chart`` at ``version``: where to find it (``chart`` plus ``repo``/``version`` for a repository).

    Without ``chart_source`` the chart is pulled from ``repository``. With it, the folder must
    hold ``<chart>-<version>.tgz`` or an unpacked ``<chart>/`` whose Chart.yaml has that
    version; anything else raises ``ValueError`` naming the folder and what was looked for.
    """
    if chart_source is None:
        return {"chart": chart, "repo": repository, "version": version}
    folder = Path(chart_source).expanduser().resolve()
    if not folder.is_dir():
        raise ValueError(f"Chart source {str(folder)!r} is not a folder; it must hold "
                         f"'{chart}-{version}.tgz' or an unpacked '{chart}/' chart.")
    archive = folder / f"{chart}-{version}.tgz"
    if archive.is_file():
        found = _archive_version(archive, chart)
        if found != version:
            raise ValueError(f"Chart archive {str(archive)!r} holds {chart} version {found!r}, not {version!r}.")
        return {"chart": str(archive)}
    unpacked = folder / chart / "Chart.yaml"
    if unpacked.is_file():
        found = str((yaml.safe_load(unpacked.read_text(encoding="utf-8")) or {}).get("version"))
        if found != version:
            raise ValueError(f"Chart {str(unpacked.parent)!r} is version {found!r}, not {version!r}; "
                             f"put '{chart}-{version}.tgz' or the {version} chart there.")
        return {"chart": str(unpacked.parent)}
    present = sorted(p.name for p in folder.iterdir() if p.name.startswith(chart))
    raise ValueError(f"Chart source {str(folder)!r} has no {chart!r} chart for version {version!r}: "
                     f"expected '{archive.name}' or '{chart}/Chart.yaml'"
                     f"{'; found ' + ', '.join(present) if present else ''}.")


def _archive_version(archive: Path, chart: str) -> str:
    with tarfile.open(archive) as tar:
        member = tar.extractfile(f"{chart}/Chart.yaml")
        if member is None:
            raise ValueError(f"Chart archive {str(archive)!r} has no '{chart}/Chart.yaml'.")
        return str((yaml.safe_load(member.read()) or {}).get("version"))


def render_chart(scope: Construct, id: str, *, chart: str, version: str, repository: str,
                 chart_source: str | None, release_name: str, namespace: str, values: dict[str, Any],
                 kube_version: str, keep: Callable[[ApiObject], bool] = lambda _: True,
                 source_setting: str = "istio.chart_source (or the ISTIO_CHART_SOURCE environment variable)") -> Include:
    """``helm template`` one chart into ``scope`` and drop the objects ``keep`` rejects.

    CRDs are always rendered (``--include-crds``: charts that ship them in ``crds/`` would
    otherwise lose them), and ``--kube-version`` pins the Kubernetes version the templates
    see, so the output depends on the description alone, not on helm's built-in default.
    ``source_setting`` names where a user points at local charts (in the offline hint).
    helm runs here rather than through cdk8s's ``Helm`` construct, which leaves its
    ``cdk8s-helm-*`` work folder in the temp directory on every synth; ours is removed as soon
    as cdk8s's ``Include`` has read the rendered file.
    """
    helm_binary = shutil.which("helm")
    if helm_binary is None:
        raise ValueError("Rendering Istio's charts needs the 'helm' binary on PATH "
                         "('make setup' installs it into .venv/bin).")
    where = locate_chart(chart, version, repository=repository, chart_source=chart_source)
    with tempfile.TemporaryDirectory(prefix="ai-platform-helm-") as work:
        values_file = Path(work, "values.json")
        values_file.write_text(json.dumps(values), encoding="utf-8")
        args = [helm_binary, "template", "-f", str(values_file)]
        if "repo" in where:
            args += ["--repo", where["repo"], "--version", where["version"]]
        args += ["--namespace", namespace, "--include-crds", "--kube-version", f"v{kube_version}.0",
                 release_name, where["chart"]]
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            hint = ("" if chart_source is not None else
                    f" Without network access, point rendered mode at local charts: set {source_setting} "
                    f"to a folder holding "
                    f"'{chart}-{version}.tgz', e.g. one filled by `helm pull {chart} --repo {repository} "
                    f"--version {version}`.")
            raise ValueError(f"helm template of the {chart!r} chart {version} failed: "
                             f"{done.stderr.strip() or done.stdout.strip()}.{hint}")
        rendered_file = Path(work, "chart.yaml")
        rendered_file.write_text(done.stdout, encoding="utf-8")
        rendered = Include(scope, id, url=str(rendered_file))
    for obj in rendered.api_objects:
        if not keep(obj):
            rendered.node.try_remove_child(obj.node.id)
    return rendered


def _is_crd(obj: ApiObject) -> bool:
    return obj.kind == CRD_KIND


def _is_not_crd(obj: ApiObject) -> bool:
    return obj.kind != CRD_KIND


class IstioRendered(Construct):
    """One part (``crds``, ``control-plane`` or ``gateway``) of Istio's charts as plain manifests.

    ``chart_source`` None pulls the charts from ``istio.chart_repository``; otherwise it is a
    local folder of ``<chart>-<version>.tgz`` archives or unpacked ``<chart>/`` folders.
    ``kube_version`` (``1.34``) is the Kubernetes version the templates see. Construct ids
    ``Base``, ``Istiod`` and ``Gateway`` hold the rendered objects.
    """

    def __init__(self, scope: Construct, id: str, *, istio: Istio, part: str, chart_source: str | None,
                 kube_version: str) -> None:
        super().__init__(scope, id)
        if part not in PARTS:
            raise ValueError(f"IstioRendered: 'part' ({part!r}) must be one of {', '.join(PARTS)}.")

        def render(release: IstioRelease, keep: Callable[[ApiObject], bool] = lambda _: True) -> Include:
            return render_chart(self, release.id, chart=release.chart, version=istio.version,
                                repository=istio.chart_repository, chart_source=chart_source,
                                release_name=release.release_name(istio), namespace=release.namespace(istio),
                                values=release.values(istio), kube_version=kube_version, keep=keep)

        if part == "crds":
            if not render(BASE, keep=_is_crd).api_objects:
                raise ValueError(f"Istio {istio.version}'s base chart rendered no {CRD_KIND}s; "
                                 "the crds layer would install nothing.")
        elif part == "control-plane":
            render(BASE, keep=_is_not_crd)
            render(ISTIOD)
        else:
            render(GATEWAY)
