"""MeshEgress: the hosts outside the mesh the services may reach, as Istio ServiceEntries.

With ``istio.mesh.outbound_traffic_policy: REGISTRY_ONLY`` the sidecars refuse every host the
mesh has no ServiceEntry for; model servers download weights at start (the Hugging Face hub,
an internal registry), so those hosts are declared: ``istio.egress`` for every namespace
(ServiceEntries ``egress``/``egress-wildcard`` in the Istio root namespace, exported to all),
a service's ``egress`` for its namespace only (``<service>-egress``, exported to ``.``).
Every host is TLS on port 443 (the client's SNI names the host); exact hosts resolve through
DNS, ``*.domain`` hosts cannot be resolved, so they get their own entry with resolution NONE.
See https://istio.io/latest/docs/reference/config/networking/service-entry/.
"""
from __future__ import annotations

from typing import Sequence

from cdk8s import ApiObjectMetadata
from constructs import Construct

from imports.istio.io.istio import networking as istio_net
from inference_platform.description import Istio, Service

__all__ = ["MeshEgress"]


class MeshEgress(Construct):
    """ServiceEntries for ``istio.egress`` (mesh-wide) and each service's ``egress`` (its namespace)."""

    def __init__(self, scope: Construct, id: str, *, istio: Istio, services: Sequence[Service]) -> None:
        super().__init__(scope, id)
        self.service_entries: list[istio_net.ServiceEntry] = []
        self._add("egress", istio.root_namespace, istio.egress, export_to=["*"])
        for svc in services:
            self._add(f"{svc.name}-egress", svc.namespace, svc.egress, export_to=["."])

    def _add(self, name: str, namespace: str, hosts: Sequence[str], *, export_to: list[str]) -> None:
        exact = sorted({h for h in hosts if not h.startswith("*.")})
        wildcard = sorted({h for h in hosts if h.startswith("*.")})
        for suffix, group, resolution in (("", exact, istio_net.ServiceEntrySpecResolution.DNS),
                                          ("-wildcard", wildcard, istio_net.ServiceEntrySpecResolution.NONE)):
            if not group:
                continue
            self.service_entries.append(istio_net.ServiceEntry(
                self, f"{name}{suffix}",
                metadata=ApiObjectMetadata(name=f"{name}{suffix}", namespace=namespace),
                spec=istio_net.ServiceEntrySpec(
                    hosts=group, export_to=export_to,
                    location=istio_net.ServiceEntrySpecLocation.MESH_UNDERSCORE_EXTERNAL,
                    ports=[istio_net.ServiceEntrySpecPorts(name="tls", number=443, protocol="TLS")],
                    resolution=resolution)))
