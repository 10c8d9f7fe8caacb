"""ServiceAuthorization: who a service is and who may call it: ServiceAccount and AuthorizationPolicy.

The ServiceAccount gives the pods their mesh identity (and no API token). The ALLOW
AuthorizationPolicy admits the ingress gateway and the service's named in-mesh callers, by
their SPIFFE principals, on the API ports only; with mesh-wide STRICT mTLS every other
caller is refused. See https://istio.io/latest/docs/reference/config/security/authorization-policy/.

Prometheus scrapes the pods from outside the mesh, in plain text: a PeerAuthentication makes
only the metrics port PERMISSIVE, and a second rule admits ``GET <metrics path>`` on that port
from anyone. A plain-text request carries no principal, so it matches nothing else: the API
stays mTLS-only even where the server serves metrics on its API port (vLLM, TGI).
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
                 ports: Sequence[int], principals: Sequence[str], callers: Sequence[Caller],
                 metrics_port: int | None = None, metrics_path: str = "/metrics",
                 trust_domain: str = "cluster.local") -> None:
        super().__init__(scope, id)
        self.service_account = k8s.KubeServiceAccount(
            self, "ServiceAccount", metadata=k8s.ObjectMeta(name=name, namespace=namespace, labels=labels),
            automount_service_account_token=False)
        admitted = [*principals, *(f"{trust_domain}/ns/{c.namespace}/sa/{c.service_account}" for c in callers)]
        selector = {"app": name}
        rules = [istio_sec.AuthorizationPolicySpecRules(
            from_=[istio_sec.AuthorizationPolicySpecRulesFrom(
                source=istio_sec.AuthorizationPolicySpecRulesFromSource(principals=admitted))],
            to=[istio_sec.AuthorizationPolicySpecRulesTo(
                operation=istio_sec.AuthorizationPolicySpecRulesToOperation(ports=[str(p) for p in ports]))])]
        self.peer_authentication: istio_sec.PeerAuthentication | None = None
        if metrics_port is not None:
            rules.append(istio_sec.AuthorizationPolicySpecRules(to=[istio_sec.AuthorizationPolicySpecRulesTo(
                operation=istio_sec.AuthorizationPolicySpecRulesToOperation(
                    ports=[str(metrics_port)], methods=["GET"], paths=[metrics_path]))]))
            self.peer_authentication = istio_sec.PeerAuthentication(
                self, "PeerAuthentication",
                metadata=ApiObjectMetadata(name=name, namespace=namespace, labels=labels),
                spec=istio_sec.PeerAuthenticationSpec(
                    selector=istio_sec.PeerAuthenticationSpecSelector(match_labels=selector),
                    mtls=istio_sec.PeerAuthenticationSpecMtls(mode=istio_sec.PeerAuthenticationSpecMtlsMode.STRICT),
                    port_level_mtls={str(metrics_port): istio_sec.PeerAuthenticationSpecPortLevelMtls(
                        mode=istio_sec.PeerAuthenticationSpecPortLevelMtlsMode.PERMISSIVE)}))
        self.policy = istio_sec.AuthorizationPolicy(
            self, "AuthorizationPolicy",
            metadata=ApiObjectMetadata(name=name, namespace=namespace, labels=labels),
            spec=istio_sec.AuthorizationPolicySpec(
                selector=istio_sec.AuthorizationPolicySpecSelector(match_labels=selector),
                action=istio_sec.AuthorizationPolicySpecAction.ALLOW,
                rules=rules,
            ),
        )
