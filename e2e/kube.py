"""A small Kubernetes API client over urllib: discovery, server-side apply, get/list/delete, waits.

Why not kubectl: CI has only what the project installs, and every check here is one HTTP call
the API server answers itself (server-side apply with ``fieldValidation=Strict``, its dry run),
so its messages reach the output unchanged. No third-party client library either.
"""
from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from typing import Any, Callable

import yaml

from e2e.pki import Pki
from e2e.procs import pause

FIELD_MANAGER = "e2e-harness"

try:  # the C loader reads kustomize output and the large CRD files several times faster
    _Base = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML without libyaml
    _Base = yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """Safe loading, plus YAML 1.1's ``=`` (the "value" tag) as the plain string, as Go's YAML reads
    it: prometheus-operator's CRDs list ``- =`` among label matcher operators."""


_Loader.add_constructor("tag:yaml.org,2002:value", lambda loader, node: loader.construct_scalar(node))


def documents(text: str) -> list[dict]:
    """The non-empty documents of a YAML stream: the harness's one reader of manifests."""
    return [d for d in yaml.load_all(text, Loader=_Loader) if d]


class ApiError(Exception):
    """The API server refused a request; ``str()`` is its own message."""

    def __init__(self, status: int, message: str, reason: str = ""):
        super().__init__(message)
        self.status = status
        self.reason = reason


class WaitTimeout(Exception):
    """A bounded wait ran out; the message says what was awaited and the object's conditions."""


def ref(obj: dict) -> str:
    """``Kind/namespace/name`` (``Kind/name`` for cluster-scoped objects) for messages."""
    meta = obj.get("metadata") or {}
    ns = f"{meta['namespace']}/" if meta.get("namespace") else ""
    return f"{obj.get('kind')}/{ns}{meta.get('name')}"


def conditions(obj: dict | None) -> str:
    """The object's status conditions on one line, for failure messages."""
    if not obj:
        return "object not found"
    status = obj.get("status") or {}
    conds = status.get("conditions") or []
    if not conds:
        return f"no conditions; status: {json.dumps(status, sort_keys=True)[:400]}"
    return "; ".join(f"{c.get('type')}={c.get('status')} ({c.get('reason', '')}): {c.get('message', '')}".strip()
                     for c in conds)


def condition(obj: dict | None, kind: str) -> dict:
    for c in ((obj or {}).get("status") or {}).get("conditions") or []:
        if c.get("type") == kind:
            return c
    return {}


class Kube:
    def __init__(self, server: str, pki: Pki):
        self.server = server
        self._ssl = ssl.create_default_context(cafile=str(pki.ca_crt))
        self._ssl.load_cert_chain(str(pki.admin_crt), str(pki.admin_key))
        self._kinds: dict[str, dict[str, tuple[str, bool]]] = {}  # apiVersion -> kind -> (plural, namespaced)

    # -- transport -----------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None, content_type: str = "application/json",
                query: dict[str, str] | None = None, timeout: float = 30) -> dict:
        url = self.server + path + (f"?{urllib.parse.urlencode(query)}" if query else "")
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        req = urllib.request.Request(url, data=data, method=method,
                                     headers={"Content-Type": content_type, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(req, context=self._ssl, timeout=timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as err:
            raw = err.read()
            try:
                status = json.loads(raw)
                raise ApiError(err.code, status.get("message", raw.decode(errors="replace")),
                               status.get("reason", "")) from None
            except json.JSONDecodeError:
                raise ApiError(err.code, raw.decode(errors="replace").strip()) from None
        return json.loads(raw) if raw else {}

    # -- discovery -----------------------------------------------------------------------------
    def resource(self, api_version: str, kind: str) -> tuple[str, bool]:
        """(plural, namespaced) of a kind; asks discovery again when a CRD may have appeared since."""
        for attempt in (0, 1):
            kinds = self._kinds.get(api_version)
            if kinds is None or (attempt and kind not in kinds):
                path = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
                try:
                    listing = self.request("GET", path)
                except ApiError as err:
                    if err.status != 404:
                        raise
                    listing = {"resources": []}
                kinds = {r["kind"]: (r["name"], r["namespaced"])
                         for r in listing.get("resources", []) if "/" not in r["name"]}
                self._kinds[api_version] = kinds
            if kind in kinds:
                return kinds[kind]
        raise ApiError(404, f'no kind "{kind}" is served in apiVersion "{api_version}" '
                            f"(is its CustomResourceDefinition installed?)", "NotFound")

    def path(self, api_version: str, kind: str, namespace: str | None = None, name: str | None = None) -> str:
        plural, namespaced = self.resource(api_version, kind)
        base = "/api/v1" if api_version == "v1" else f"/apis/{api_version}"
        if namespaced and namespace:
            base += f"/namespaces/{namespace}"
        return f"{base}/{plural}" + (f"/{name}" if name else "")

    def namespaced(self, api_version: str, kind: str) -> bool:
        return self.resource(api_version, kind)[1]

    # -- objects -------------------------------------------------------------------------------
    def _obj_path(self, obj: dict) -> str:
        meta = obj["metadata"]
        ns = meta.get("namespace") or ("default" if self.namespaced(obj["apiVersion"], obj["kind"]) else None)
        return self.path(obj["apiVersion"], obj["kind"], ns, meta["name"])

    def apply(self, obj: dict, dry_run: bool = False, manager: str = FIELD_MANAGER) -> dict:
        """Server-side apply with strict field validation (unknown fields are errors)."""
        query = {"fieldManager": manager, "force": "true", "fieldValidation": "Strict"}
        if dry_run:
            query["dryRun"] = "All"
        return self.request("PATCH", self._obj_path(obj), obj, "application/apply-patch+yaml", query)

    def get(self, api_version: str, kind: str, name: str, namespace: str | None = None) -> dict | None:
        try:
            return self.request("GET", self.path(api_version, kind, namespace, name))
        except ApiError as err:
            if err.status == 404:
                return None
            raise

    def get_like(self, obj: dict) -> dict | None:
        """The live version of ``obj`` (same kind, namespace and name), or None."""
        try:
            return self.request("GET", self._obj_path(obj))
        except ApiError as err:
            if err.status == 404:
                return None
            raise

    def list(self, api_version: str, kind: str, namespace: str | None = None,
             labels: str | None = None) -> list[dict]:
        query = {"labelSelector": labels} if labels else None
        return self.request("GET", self.path(api_version, kind, namespace), query=query).get("items", [])

    def delete(self, obj: dict) -> None:
        try:
            self.request("DELETE", self._obj_path(obj))
        except ApiError as err:
            if err.status != 404:
                raise

    def merge_patch(self, obj: dict, patch: dict, subresource: str = "") -> dict:
        path = self._obj_path(obj) + (f"/{subresource}" if subresource else "")
        return self.request("PATCH", path, patch, "application/merge-patch+json")

    # -- waiting -------------------------------------------------------------------------------
    @staticmethod
    def wait(what: str, done: Callable[[], Any], explain: Callable[[], str], timeout: float,
             interval: float = 0.5) -> Any:
        """Poll ``done`` until truthy; on timeout raise WaitTimeout naming ``what`` and ``explain()``."""
        deadline = time.monotonic() + timeout
        while True:
            result = done()
            if result:
                return result
            if time.monotonic() > deadline:
                raise WaitTimeout(f"{what}: not done after {timeout:.0f} s: {explain()}")
            pause(interval)
