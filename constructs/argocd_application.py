"""ArgoCdApplication: one Argo CD Application, with the sync policy every Application here shares.

Used for the layer Applications, the Istio chart Applications and the app-of-apps root, so the
policy (automated prune + selfHeal, bounded retries, namespaces never created implicitly) is
written once. There is deliberately no resources finalizer: deleting an Application must never
cascade to what it installed (for Istio's base chart that would be every mesh resource).
See https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/ and
https://argo-cd.readthedocs.io/en/stable/user-guide/sync-options/.
"""
from __future__ import annotations

from typing import Any, Sequence

from cdk8s import ApiObjectMetadata
from constructs import Construct

import imports.argocd.io.argoproj as argo
from inference_platform.contract import SYNC_WAVE_ANNOTATION

__all__ = ["ArgoCdApplication", "IN_CLUSTER"]

#: The cluster Argo CD runs in.
IN_CLUSTER = "https://kubernetes.default.svc"


class ArgoCdApplication(Construct):
    """An Application in ``namespace`` syncing a Git ``path`` or a Helm ``chart`` to ``destination_namespace``.

    Give ``path`` (a folder of plain manifests in ``repo_url`` at ``target_revision``) or
    ``chart`` (a chart in the Helm repository ``repo_url``, version ``target_revision``, with
    ``helm_values`` and ``release_name``). ``sync_wave`` orders it inside an app of apps
    (default: none). ``sync_options`` are added to ``CreateNamespace=false``.
    """

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, project: str, repo_url: str,
                 target_revision: str, destination_namespace: str | None, path: str | None = None,
                 chart: str | None = None, release_name: str | None = None,
                 helm_values: dict[str, Any] | None = None, sync_wave: int | None = None,
                 sync_options: Sequence[str] = (),
                 ignore_differences: Sequence[argo.ApplicationSpecIgnoreDifferences] = ()) -> None:
        super().__init__(scope, id)
        if (path is None) == (chart is None):
            raise ValueError(f"ArgoCdApplication {name!r}: give exactly one of 'path' ({path!r}) and 'chart' ({chart!r}).")
        annotations = {SYNC_WAVE_ANNOTATION: str(sync_wave)} if sync_wave is not None else None
        helm = (argo.ApplicationSpecSourceHelm(release_name=release_name, values_object=helm_values)
                if chart is not None else None)
        self.name = name
        self.api_object = argo.Application(
            self, "Resource",
            metadata=ApiObjectMetadata(name=name, namespace=namespace, annotations=annotations),
            spec=argo.ApplicationSpec(
                project=project,
                source=argo.ApplicationSpecSource(repo_url=repo_url, target_revision=target_revision,
                                                  path=path, chart=chart, helm=helm),
                destination=argo.ApplicationSpecDestination(server=IN_CLUSTER, namespace=destination_namespace),
                sync_policy=argo.ApplicationSpecSyncPolicy(
                    automated=argo.ApplicationSpecSyncPolicyAutomated(prune=True, self_heal=True),
                    # Namespaces are created (and labelled for injection) by the namespaces layer only.
                    sync_options=["CreateNamespace=false", *sync_options],
                    retry=argo.ApplicationSpecSyncPolicyRetry(
                        limit=5, backoff=argo.ApplicationSpecSyncPolicyRetryBackoff(
                            duration="10s", factor=2, max_duration="3m"))),
                ignore_differences=list(ignore_differences) or None,
            ),
        )
