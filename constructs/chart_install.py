"""How the platform installs a pinned chart, in each mode, for any :class:`~inference_platform.catalog.charts.ChartRelease` row.

* :class:`FluxChartInstall` (controller-managed, Flux): a HelmRepository and one HelmRelease per
  row, chained with ``dependsOn`` in table order (Istio's CRDs before istiod, istiod with its
  injection webhook before the gateway, whose pods need injection). The install policy is
  written once: the chart pinned to a version from a HelmRepository in the Flux namespace, the
  release and its Helm storage in the target namespace (as ``helm install -n`` would), CRDs
  created and replaced on install and upgrade, failed installs retried, failed upgrades retried
  and then rolled back. See https://fluxcd.io/flux/components/helm/helmreleases/.
* :class:`ArgoChartInstall` (controller-managed, Argo CD): one Application per row, sourcing the
  chart straight from its repository with ``helm.valuesObject``, in the row's sync wave, applied
  server-side (Istio's CRDs exceed client-side apply's annotation limit) and ignoring what the
  row's controllers patch at runtime. See https://argo-cd.readthedocs.io/en/stable/user-guide/helm/
  and https://argo-cd.readthedocs.io/en/stable/user-guide/diffing/.
* :class:`RenderedChart` (rendered): rows rendered with ``helm template`` (:func:`render_chart`)
  into plain manifests that a layer applies, so a reviewer sees every object an upgrade changes
  and the GitOps controller only applies plain YAML. Charts come from the row's repository at
  the pinned version (network access at synth time), or from a local folder holding
  ``<chart>-<version>.tgz`` archives or unpacked ``<chart>/`` folders (air-gapped or
  reviewed-vendor builds).

Values, names and namespaces are the row's (:mod:`inference_platform.catalog.charts`), the same in
every mode, so switching ``istio.mode`` never changes what a chart is configured to do. One module
for the three (not one construct per module): they are one matrix, charts by modes, and read
best side by side.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any, Callable, Sequence

import yaml
from cdk8s import ApiObject, ApiObjectMetadata, Include
from constructs import Construct

import imports.argocd.io.argoproj as argo
from constructs.argocd_application import ArgoCdApplication
from imports.flux.io.fluxcd.toolkit import helm, source
from inference_platform.catalog.charts import ChartRelease, source_hint
from inference_platform.description import GitOps

__all__ = ["FluxChartInstall", "ArgoChartInstall", "RenderedChart", "crds_only", "without_crds", "everything",
           "REMEDIATION_RETRIES", "HELM_TIMEOUT", "ARGO_SYNC_OPTIONS", "locate_chart", "render_chart"]

CRD_KIND = "CustomResourceDefinition"
#: Failed installs/upgrades are retried this many times before the release is left failed.
REMEDIATION_RETRIES = 3
#: How long one Helm action may take; charts with Deployments wait for their rollouts.
HELM_TIMEOUT = "10m"
ARGO_SYNC_OPTIONS = (
    # CRDs exceed the 256 KiB last-applied-configuration annotation of client-side apply.
    "ServerSideApply=true",
    # Keep the runtime patches the rows name when Argo CD syncs for another reason.
    "RespectIgnoreDifferences=true",
)


# --------------------------------------------------------------------------- Flux


class FluxChartInstall(Construct):
    """HelmRepository ``<row.repository>`` and one HelmRelease per row of ``releases``, in the Flux namespace.

    ``settings`` are the description's settings the rows read (``istio`` or ``keda``: the chart
    repository URL and version). Object names are the release names, never construct paths.
    ``repository`` is the HelmRepository, ``releases`` the HelmReleases in install order.
    """

    def __init__(self, scope: Construct, id: str, *, settings: Any, releases: Sequence[ChartRelease],
                 gitops: GitOps) -> None:
        super().__init__(scope, id)
        namespace, interval = gitops.flux_namespace, f"{gitops.interval_minutes}m"
        name = releases[0].repository
        if any(row.repository != name for row in releases):
            raise ValueError(f"FluxChartInstall: 'releases' ({[row.chart for row in releases]!r}) come from more "
                             "than one HelmRepository; install each repository's rows on their own.")
        self.repository = source.HelmRepository(
            self, "HelmRepository", metadata=ApiObjectMetadata(name=name, namespace=namespace),
            spec=source.HelmRepositorySpec(url=settings.chart_repository, interval=interval))
        self.releases: list[helm.HelmRelease] = []
        for row in releases:
            previous = self.releases[-1].name if self.releases else None
            self.releases.append(_helm_release(self, row.id, name=row.release_name(settings), namespace=namespace,
                                               interval=interval, target_namespace=row.namespace(settings),
                                               chart=row.chart, version=settings.version, repository=name,
                                               values=row.values(settings), depends_on=previous))


def _helm_release(scope: Construct, id: str, *, name: str, namespace: str, interval: str,
                      target_namespace: str, chart: str, version: str, repository: str,
                      values: Any, depends_on: str | None = None) -> helm.HelmRelease:
    """HelmRelease ``name`` (release name too) of ``chart`` at ``version`` from HelmRepository ``repository``."""
    return helm.HelmRelease(
        scope, id,
        metadata=ApiObjectMetadata(name=name, namespace=namespace),
        spec=helm.HelmReleaseSpec(
            interval=interval,
            timeout=HELM_TIMEOUT,
            release_name=name,
            target_namespace=target_namespace,
            # Helm keeps its release record beside the release, as `helm install -n` would.
            storage_namespace=target_namespace,
            chart=helm.HelmReleaseSpecChart(spec=helm.HelmReleaseSpecChartSpec(
                chart=chart, version=version, interval=interval,
                source_ref=helm.HelmReleaseSpecChartSpecSourceRef(
                    kind=helm.HelmReleaseSpecChartSpecSourceRefKind.HELM_REPOSITORY,
                    name=repository, namespace=namespace))),
            depends_on=[helm.HelmReleaseSpecDependsOn(name=depends_on)] if depends_on else None,
            install=helm.HelmReleaseSpecInstall(
                crds=helm.HelmReleaseSpecInstallCrds.CREATE_REPLACE,
                remediation=helm.HelmReleaseSpecInstallRemediation(retries=REMEDIATION_RETRIES)),
            upgrade=helm.HelmReleaseSpecUpgrade(
                crds=helm.HelmReleaseSpecUpgradeCrds.CREATE_REPLACE,
                remediation=helm.HelmReleaseSpecUpgradeRemediation(
                    retries=REMEDIATION_RETRIES, remediate_last_failure=True,
                    strategy=helm.HelmReleaseSpecUpgradeRemediationStrategy.ROLLBACK)),
            values=values,
        ))


# --------------------------------------------------------------------------- Argo CD


class ArgoChartInstall(Construct):
    """One Application ``<prefix>-<row.application_suffix>`` per row of ``releases``.

    They live in ``namespace`` (Argo CD's), belong to the AppProject ``project`` and sync in the
    row's wave; ``settings`` as for :class:`FluxChartInstall`. ``applications`` lists them.
    """

    def __init__(self, scope: Construct, id: str, *, settings: Any, releases: Sequence[ChartRelease], prefix: str,
                 namespace: str, project: str) -> None:
        super().__init__(scope, id)
        if not project:
            raise ValueError(f"ArgoChartInstall: 'project' ({project!r}) must name an Argo CD AppProject")
        self.applications = [
            ArgoCdApplication(
                self, row.id,
                name=f"{prefix}-{row.application_suffix}", namespace=namespace, project=project,
                repo_url=settings.chart_repository, chart=row.chart, target_revision=settings.version,
                release_name=row.release_name(settings), helm_values=row.values(settings),
                destination_namespace=row.namespace(settings), sync_wave=row.sync_wave,
                sync_options=ARGO_SYNC_OPTIONS,
                ignore_differences=[argo.ApplicationSpecIgnoreDifferences(group=group, kind=kind,
                                                                          jq_path_expressions=list(paths))
                                    for group, kind, paths in row.runtime_patches])
            for row in releases]


# --------------------------------------------------------------------------- rendered


def crds_only(obj: ApiObject) -> bool:
    """A :class:`RenderedChart` filter: the CustomResourceDefinitions only."""
    return obj.kind == CRD_KIND


def without_crds(obj: ApiObject) -> bool:
    """A :class:`RenderedChart` filter: everything but the CustomResourceDefinitions."""
    return obj.kind != CRD_KIND


def everything(obj: ApiObject) -> bool:
    """A :class:`RenderedChart` filter: every object."""
    return True


class RenderedChart(Construct):
    """Rows rendered with ``helm template`` into plain manifests, each keeping the objects its filter accepts.

    ``parts`` are ``(row, keep)`` pairs rendered in order (``keep``: :func:`crds_only`,
    :func:`without_crds`, :func:`everything`); ``settings`` as for :class:`FluxChartInstall`.
    ``chart_source`` None pulls the charts from the repository; otherwise it is a local folder of
    ``<chart>-<version>.tgz`` archives or unpacked ``<chart>/`` folders. ``kube_version``
    (``1.34``) is the Kubernetes version the templates see. Fails when nothing is kept: the layer
    would install nothing. ``rendered`` holds each part's Include.
    """

    def __init__(self, scope: Construct, id: str, *, settings: Any,
                 parts: Sequence[tuple[ChartRelease, Callable[[ApiObject], bool]]], chart_source: str | None,
                 kube_version: str) -> None:
        super().__init__(scope, id)
        self.rendered = [
            render_chart(self, row.id, chart=row.chart, version=settings.version, repository=settings.chart_repository,
                         chart_source=chart_source, release_name=row.release_name(settings),
                         namespace=row.namespace(settings), values=row.values(settings), kube_version=kube_version,
                         keep=keep, source_setting=source_hint(row.setting))
            for row, keep in parts]
        if not any(part.api_objects for part in self.rendered):
            charts = " and ".join(dict.fromkeys(row.chart for row, _ in parts))
            raise ValueError(f"RenderedChart: {charts} {settings.version} rendered no objects to keep; "
                             "the layer would install nothing.")


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
                 source_setting: str = source_hint("istio")) -> Include:
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
        raise ValueError(f"Rendering the {chart!r} chart needs the 'helm' binary on PATH "
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
