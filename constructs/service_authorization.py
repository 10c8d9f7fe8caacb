"""ServiceAuthorization: who a service is and who may call it: ServiceAccount and AuthorizationPolicy.

The ServiceAccount gives the pods their mesh identity (and no API token). The ALLOW
AuthorizationPolicy admits the ingress gateway and the service's named in-mesh callers, by
their SPIFFE principals, on the service port only; with mesh-wide STRICT mTLS every other
caller is refused. See https://istio.io/latest/docs/reference/config/security/authorization-policy/.
"""
from __future__ import annotations

from typing import Sequence

from cdk8s import ApiObjectMetadata
from cdk8s_plus_27 import k8s
from constructs import Construct

from imports.istio.io.istio import security as istio_sec
from inference_platform.description import Caller

__all__ = ["ServiceAuthorization"]


class ServiceAuthorization(Construct):
    """ServiceAccount and AuthorizationPolicy ``name`` in ``namespace`` for pods labelled ``app: <name>``.

    ``principals`` are always admitted (the ingress gateway); ``callers`` are admitted by their
    namespace and service account in ``trust_domain`` (default ``cluster.local``).
    """

    def __init__(self, scope: Construct, id: str, *, name: str, namespace: str, labels: dict[str, str],
                 port: int, principals: Sequence[str], callers: Sequence[Caller],
                 trust_domain: str = "cluster.local") -> None:
        super().__init__(scope, id)
        self.service_account = k8s.KubeServiceAccount(
            self, "ServiceAccount", metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels),
            automount_service_account_token=False)
        admitted = [*principals, *(f"{trust_domain}/ns/{c.namespace}/sa/{c.service_account}" for c in callers)]
        self.policy = istio_sec.AuthorizationPolicy(
            self, "AuthorizationPolicy",
            metadata=ApiObjectMetadata(name=name, namespace=namespace, labels=labels),
            spec=istio_sec.AuthorizationPolicySpec(
                selector=istio_sec.AuthorizationPolicySpecSelector(match_labels={"app": name}),
                action=istio_sec.AuthorizationPolicySpecAction.ALLOW,
                rules=[istio_sec.AuthorizationPolicySpecRules(
                    from_=[istio_sec.AuthorizationPolicySpecRulesFrom(
                        source=istio_sec.AuthorizationPolicySpecRulesFromSource(principals=admitted))],
                    to=[istio_sec.AuthorizationPolicySpecRulesTo(
                        operation=istio_sec.AuthorizationPolicySpecRulesToOperation(ports=[str(port)]))],
                )],
            ),
        )
