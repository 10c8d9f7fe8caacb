"""Environment variables: literal values, keys of Secrets and ConfigMaps, and values from the pod itself.

The same forms serve the model server (``env``, ``versions[].env``) and every container beside it
(``init_containers[].env``): a string, ``{secret: <name>, key: <key>}`` / ``{config_map: <name>, key: <key>}``
(:class:`~inference_platform.description.pod.EnvFrom`), ``{field: status.podIP}`` (:class:`PodField`, the
Downward API's ``fieldRef``) or ``{resource: limits.memory}`` (:class:`ResourceField`, its
``resourceFieldRef``). See https://kubernetes.io/docs/concepts/workloads/pods/downward-api/.
"""
from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Discriminator, Field, Tag

from inference_platform.description.base import Model
from inference_platform.description.pod import EnvFrom
from inference_platform.kube_names import EnvName, EnvValue, Quantity, dns_label

__all__ = ["Env", "PodField", "ResourceField", "POD_FIELDS", "RESOURCE_FIELDS"]

#: The pod fields an environment variable can read (fieldRef.fieldPath values the API server accepts for env).
POD_FIELDS = ("metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName",
              "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs")
#: The container resources an environment variable can read (resourceFieldRef.resource).
RESOURCE_FIELDS = ("limits.cpu", "limits.memory", "limits.ephemeral-storage", "requests.cpu", "requests.memory",
                   "requests.ephemeral-storage")


class PodField(Model):
    """A value the kubelet fills in from the pod when it starts it (e.g. the pod IP a KV-transfer side channel
    announces to its peers)."""

    field: Literal[POD_FIELDS] = Field(description=(
        "The pod field (Downward API fieldRef): metadata.name, metadata.namespace, metadata.uid, spec.nodeName, "
        "spec.serviceAccountName, status.hostIP(s) or status.podIP(s)."))


class ResourceField(Model):
    """A container's request or limit as a number (e.g. the memory limit a server sizes its cache from)."""

    resource: Literal[RESOURCE_FIELDS] = Field(description=(
        "The resource (Downward API resourceFieldRef): limits.cpu, limits.memory, limits.ephemeral-storage or the "
        "same under requests."))
    container: dns_label() | None = Field(None, description=(
        "The container whose resource is read (`server` or an init container's name); null: the container this "
        "environment belongs to."))
    divisor: Quantity | None = Field(None, description=(
        "Unit of the value (e.g. `1Mi` gives mebibytes, `1m` millicores); null: Kubernetes' default of 1 (cores, "
        "bytes), rounded up."))


def _form(value: Any) -> str:
    """Which form an environment value is written in, told by its keys (so a problem is reported in that form's
    terms, not as every form's at once): ``field`` the pod's, ``resource`` a container's, any other mapping a
    Secret's or ConfigMap's; anything else is read as a string."""
    if isinstance(value, dict):
        return "PodField" if "field" in value else "ResourceField" if "resource" in value else "EnvFrom"
    if isinstance(value, (PodField, ResourceField, EnvFrom)):
        return type(value).__name__
    return "str"


#: One environment value: a string or one of the mappings above.
EnvSource = Annotated[Annotated[EnvValue, Tag("str")] | Annotated[EnvFrom, Tag("EnvFrom")]
                      | Annotated[PodField, Tag("PodField")] | Annotated[ResourceField, Tag("ResourceField")],
                      Discriminator(_form)]
#: An environment: variable name → value.
Env = dict[EnvName, EnvSource]
