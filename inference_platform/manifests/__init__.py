"""Per-service Kubernetes and Istio objects as plain data: the synth's hot path, without jsii.

Why this package exists. A cdk8s construct renders by shipping its props to the jsii kernel (a
Node.js process) and its ``to_json()`` back; every call is a round trip through a pipe. For the
wiring charts (namespaces, Istio, KEDA, Flux, Argo CD: a few dozen objects per environment)
that cost is nothing. For the ``50-apps`` layer it was ~85 % of a synth: 10-20 objects per
service, each a deep payload, times services, times environments. Constructs created per
service cost a round trip each too (~0.4 ms per Construct, ~3 ms per App + Chart), so a fleet
of 1 000 services in two environments cannot render in a few seconds through the bridge at all.

So the objects of one service are built here, by pure functions of the description (one module
per part, mirroring the constructs: :mod:`.service_authorization`, :mod:`.model_version`,
:mod:`.model_autoscaler`, :mod:`.service_traffic`, and :mod:`.ai_service` composing them), and
the constructs in ``constructs/`` are thin wrappers that hand these documents to cdk8s:

* composed freely in any cdk8s Chart (tests, another app), each construct adds ``ApiObject``\\ s
  carrying the documents, so ``Chart.to_json()`` and ``cdk8s synth`` render them exactly as the
  typed ``imports/`` bindings did (the documents are built in cdk8s's own output form, see
  :func:`api_object`);
* placed in a :class:`~constructs.manifest_chart.ManifestChart` (what ``build.PlatformApp`` does
  for the apps layer), ``AiService`` is one construct per service that carries its inputs and
  hands its documents to the output path: no ApiObject, no ``to_json()`` round trip.

These modules import nothing from cdk8s or jsii, so they also run in worker processes (both
cores, see :mod:`inference_platform.output`), and a service's documents are a function of its
:class:`~.ai_service.ServiceInputs` alone, which is what the render cache keys on.

What the typed bindings checked (field names and types) is checked by the validation gate's
schemas (every object of dist/ against the Kubernetes and CRD OpenAPI schemas) and by the
dist/ and snapshot tests, which hold the output byte for byte.
"""
from __future__ import annotations

import re
from functools import cached_property
from typing import Any

from inference_platform.description import Service

__all__ = ["api_object", "sanitize", "ServiceView"]

_ARRAY_INDEX = re.compile(r"(0|[1-9][0-9]{0,9})\Z")


def _js_key_order(key: str) -> tuple:
    """Where a key lands in a JavaScript object built in sorted order (what cdk8s renders).

    cdk8s sorts keys with ``Array.sort()`` (UTF-16 code units) and builds a new object; a
    JavaScript object lists integer-like keys (array indices) first, ascending by value.
    """
    if _ARRAY_INDEX.match(key) and int(key) < 2**32 - 1:
        return (0, int(key), b"")
    return (1, 0, key.encode("utf-16-be") if not key.isascii() else key.encode())


def _ordered(keys) -> list[str]:
    out = sorted(keys)
    # Plain sorting is JavaScript's order unless a key may be an array index (it sorts before
    # ":") or holds a character outside ASCII (UTF-16 code units differ from code points).
    if out and (out[0][:1] <= "9" or not all(map(str.isascii, out))):
        out.sort(key=_js_key_order)
    return out


def sanitize(value: Any) -> Any:
    """cdk8s's ``sanitizeValue``: mappings sorted by key (JavaScript's order), ``None`` values dropped."""
    kind = type(value)
    if kind is dict:
        return {key: sanitize(value[key]) for key in _ordered(value) if value[key] is not None}
    if kind is list or kind is tuple:
        return [sanitize(v) for v in value]
    if isinstance(value, dict):
        return sanitize(dict(value))
    return value


def _metadata(name: str, namespace: str | None, labels: dict[str, str] | None,
              annotations: dict[str, str] | None) -> dict:
    meta: dict[str, Any] = {"name": name}
    if namespace is not None:
        meta["namespace"] = namespace
    if annotations:
        meta["annotations"] = annotations
    if labels:
        meta["labels"] = labels
    return sanitize(meta)


def api_object(api_version: str, kind: str, *, name: str, namespace: str | None = None,
               labels: dict[str, str] | None = None, annotations: dict[str, str] | None = None,
               **fields: Any) -> dict:
    """One object as cdk8s's ``ApiObject.to_json()`` renders it.

    ``apiVersion``, ``kind``, ``metadata`` first, then the other top-level fields by key;
    every mapping below sorted by key and without ``None`` values; empty labels/annotations
    left out of the metadata. ``labels`` are the object's complete labels (the Chart's
    included: cdk8s puts a Chart's labels on every object in it).
    """
    doc: dict[str, Any] = {"apiVersion": api_version, "kind": kind,
                           "metadata": _metadata(name, namespace, labels, annotations)}
    for key in _ordered(fields):
        if fields[key] is not None:
            doc[key] = sanitize(fields[key])
    return doc


class ServiceView:
    """A :class:`Service` whose derived facts are computed once per render.

    ``port_list`` and friends build port models on every access (a few dozen times per
    service); here each is computed on first use, by the description's own code (the
    properties and methods of :class:`Service` run with this view as ``self``).
    """

    def __init__(self, service: Service) -> None:
        self._service = service

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service, name)

    server_preset = cached_property(Service.server_preset.fget)
    port_list = cached_property(Service.port_list.fget)
    metrics_port = cached_property(Service.metrics_port.fget)
    metrics_path = cached_property(Service.metrics_path.fget)
    metrics_share_the_api_port = cached_property(Service.metrics_share_the_api_port.fget)
    api_ports = cached_property(Service.api_ports.fget)
    cache_env = cached_property(Service.cache_env.fget)
    spread_pods = cached_property(Service.spread_pods.fget)
    probe_port = Service.probe_port
    probe_path = Service.probe_path
