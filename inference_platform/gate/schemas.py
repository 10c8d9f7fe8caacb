"""Schema validation: core kinds against Kubernetes' own schemas, custom resources against CRDs.

* Core kinds use kubernetes-validate's strict schemas (unknown fields are errors) for the
  target Kubernetes minor version.
* Custom resources use the ``openAPIV3Schema`` of the served version of their CRD, read from
  the pinned CRD files (``PLATFORM_CRDS_DIR``, default ``../shared/crds``) plus any CRD in the
  checked tree. The structural schema is turned into JSON Schema the way the API server
  prunes: an object with ``properties`` and neither ``additionalProperties`` nor
  ``x-kubernetes-preserve-unknown-fields`` rejects other fields; ``x-kubernetes-int-or-string``,
  ``nullable`` and ``x-kubernetes-embedded-resource`` are honoured. CEL rules
  (``x-kubernetes-validations``) and ``format`` are not evaluated.
* A kind that is neither core nor defined by a known CRD is an error.

Two engines, one verdict: python ``jsonschema`` reports the findings, and
:class:`~inference_platform.fast.json_schema.SchemaValidator` lets ``jsonschema_rs`` pass the
valid documents first, where the two are known to agree (see that module).

About 300 lines on purpose: the CRD index, the structural-to-JSON-Schema conversion and the check
that uses them are one reading of "what the API server would accept".
"""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator, NamedTuple

import jsonschema
import jsonschema_rs
from jsonschema.exceptions import best_match
from referencing import Registry, Resource

from inference_platform.catalog.pinned import DEFAULT_KUBERNETES, KUBERNETES_VERSIONS
from inference_platform.fast.json_schema import SchemaValidator, engines_agree
from inference_platform.gate.cache import DocumentCache
from inference_platform.catalog.crds import crds_dir
from inference_platform.gate.model import Document, Finding, load_documents

#: Kubernetes minors the platform supports (Istio 1.30's range): the description's table.
SUPPORTED_VERSIONS = KUBERNETES_VERSIONS
DEFAULT_VERSION = DEFAULT_KUBERNETES
_SCHEMAS = Path(__import__("kubernetes_validate").__file__).parent / "kubernetes-json-schema"


def field_path(parts: Iterable[Any]) -> str:
    """``spec.template.spec.containers[0].image`` from a JSON path."""
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# --------------------------------------------------------------------------- both engines

#: Where kubernetes-validate's schemas find Kubernetes' shared definitions (their ``$id``).
_DEFINITIONS = "https://kubernetes.io/api/_definitions.json"

class _Registries(NamedTuple):
    """Kubernetes' shared definitions of one version, for each engine (``fast`` None: python only)."""

    python: Registry
    fast: jsonschema_rs.Registry | None


# --------------------------------------------------------------------------- core kinds


def _check_version(version: str) -> str:
    if version not in SUPPORTED_VERSIONS:
        raise ValueError(f"Kubernetes version {version!r} is not supported; allowed: "
                         f"{', '.join(SUPPORTED_VERSIONS)}")
    return version


def _folder(version: str) -> Path:
    return _SCHEMAS / f"v{version}.0-local-strict"


@functools.lru_cache(maxsize=None)
def _core_registries(version: str) -> _Registries:
    definitions = json.loads((_folder(version) / "_definitions.json").read_text(encoding="utf-8"))
    fast = None
    if engines_agree(definitions):
        try:
            fast = jsonschema_rs.Registry([(definitions.get("$id", _DEFINITIONS), definitions)])
        except Exception:  # python alone, as before
            pass
    return _Registries(Resource.from_contents(definitions) @ Registry(), fast)


@functools.lru_cache(maxsize=None)
def core_validator(version: str, api_version: str, kind: str) -> SchemaValidator | None:
    """Strict validator of a core kind, or None when the version does not serve it."""
    folder = _folder(_check_version(version))
    # kubernetes-validate names files <kind>-<first group label>-<version>.json
    short = re.sub(r"^([^./]*)(?:\.[^/]*)?/", r"\1-", api_version)
    path = folder / f"{kind.lower()}-{short}.json"
    if not kind or not path.is_file():
        return None
    schema = json.loads(path.read_text(encoding="utf-8"))
    enum = ((schema.get("properties") or {}).get("apiVersion") or {}).get("enum")
    if enum and api_version not in enum:
        return None  # e.g. networking.istio.io/v1 must not match networking.k8s.io/v1 kinds
    registries = _core_registries(version)
    return SchemaValidator.of(
        jsonschema.Draft202012Validator(schema, registry=Resource.from_contents(schema) @ registries.python),
        registries.fast)


# --------------------------------------------------------------------------- CRDs


def _exclusive(out: dict, node: dict, key: str, bound: str) -> None:
    # OpenAPI 3.0 writes exclusiveMinimum: true next to minimum; JSON Schema wants the number.
    if node.get(key) is True and bound in node:
        out[key] = node[bound]
        out.pop(bound, None)


_KEEP = ("required", "enum", "pattern", "minimum", "maximum", "minLength", "maxLength", "minItems",
         "maxItems", "uniqueItems", "minProperties", "maxProperties", "multipleOf")


#: Go's regexp (the API server's) takes inline flags anywhere; Python's ``re`` only at the start.
_LEADING_FLAGS = re.compile(r"^\^(\(\?[imsU]+\))")


def _python_pattern(pattern: Any) -> Any:
    """A CRD ``pattern`` as Python reads it: flags set just after the leading ``^`` (prometheus-operator's
    ``^(?i)(abort|warn)?$``) moved before it, which matches the same strings."""
    return _LEADING_FLAGS.sub(r"\1^", pattern) if isinstance(pattern, str) else pattern


def structural_to_json_schema(node: Any, *, branch: bool = False) -> Any:
    """JSON Schema for one node of a CRD structural schema (see the module docstring)."""
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {k: node[k] for k in _KEEP if k in node}
    if "pattern" in out:
        out["pattern"] = _python_pattern(out["pattern"])
    _exclusive(out, node, "exclusiveMinimum", "minimum")
    _exclusive(out, node, "exclusiveMaximum", "maximum")
    preserve = node.get("x-kubernetes-preserve-unknown-fields") is True
    if node.get("x-kubernetes-int-or-string"):
        out["type"] = ["integer", "string"]
    elif "type" in node:
        out["type"] = node["type"]
    props = dict(node.get("properties") or {})
    if node.get("x-kubernetes-embedded-resource") and props:
        props.setdefault("apiVersion", {"type": "string"})
        props.setdefault("kind", {"type": "string"})
        props.setdefault("metadata", {"type": "object", "x-kubernetes-preserve-unknown-fields": True})
    if props:
        out["properties"] = {k: structural_to_json_schema(v) for k, v in props.items()}
    if "items" in node:
        out["items"] = structural_to_json_schema(node["items"])
    if "additionalProperties" in node:
        out["additionalProperties"] = structural_to_json_schema(node["additionalProperties"])
    elif props and not preserve and not branch:
        out["additionalProperties"] = False
    for key in ("oneOf", "anyOf", "allOf"):
        if key in node:
            out[key] = [structural_to_json_schema(b, branch=True) for b in node[key]]
    if "not" in node:
        out["not"] = structural_to_json_schema(node["not"], branch=True)
    if node.get("nullable") and "type" in out:
        types = out["type"] if isinstance(out["type"], list) else [out["type"]]
        out["type"] = [*types, "null"]
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


class CrdIndex:
    """The custom resource definitions known to the gate, by (group, kind)."""

    def __init__(self, crds: Iterable[dict] = ()) -> None:
        self._crds: dict[tuple[str, str], dict] = {}
        self._validators: dict[tuple[str, str, str], SchemaValidator] = {}
        for crd in crds:
            self.add(crd)

    def add(self, crd: dict) -> None:
        spec = crd.get("spec") or {}
        kind = (spec.get("names") or {}).get("kind")
        if spec.get("group") and kind:
            self._crds.setdefault((spec["group"], kind), crd)

    def with_documents(self, docs: Iterable[Document]) -> "CrdIndex":
        """This index plus the CRDs defined in ``docs`` (e.g. a rendered Istio base chart)."""
        extra = [d.obj for d in docs if d.kind == "CustomResourceDefinition"
                 and d.group == "apiextensions.k8s.io"]
        if not extra:
            return self
        merged = CrdIndex()
        merged._crds = dict(self._crds)
        merged._validators = self._validators
        for crd in extra:
            merged.add(crd)
        return merged

    def lookup(self, group: str, kind: str) -> dict | None:
        return self._crds.get((group, kind))

    def validator(self, crd: dict, version: str) -> SchemaValidator | None:
        spec = crd["spec"]
        key = (spec["group"], spec["names"]["kind"], version)
        if key not in self._validators:
            for v in spec.get("versions") or []:
                if v.get("name") == version and v.get("served"):
                    raw = ((v.get("schema") or {}).get("openAPIV3Schema")) or {"type": "object"}
                    schema = structural_to_json_schema(raw)
                    props = schema.setdefault("properties", {})
                    props["apiVersion"] = {"const": f"{spec['group']}/{version}"}
                    props["kind"] = {"const": spec["names"]["kind"]}
                    props["metadata"] = {"$ref": _OBJECT_META}
                    schema["additionalProperties"] = False
                    registries = _core_registries(DEFAULT_VERSION)
                    self._validators[key] = SchemaValidator.of(
                        jsonschema.Draft202012Validator(schema, registry=registries.python), registries.fast)
                    break
            else:
                return None
        return self._validators[key]

    def __len__(self) -> int:
        return len(self._crds)


#: Kubernetes' strict ObjectMeta: a custom resource's metadata is not described by its CRD.
_OBJECT_META = f"{_DEFINITIONS}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"


@functools.lru_cache(maxsize=None)
def _load_crds(folder: str, cache: DocumentCache | None) -> tuple[dict, ...]:
    crds = []
    for path in sorted(Path(folder).glob("*.yaml")):
        for doc in load_documents(path.read_text(encoding="utf-8"), cache=cache):
            if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition":
                crds.append(doc)
    return tuple(crds)


def load_crds(folder: str | Path | None = None, *, cache: DocumentCache | None = None) -> CrdIndex:
    """The CRDs of every ``*.yaml`` in ``folder`` (default :func:`crds_dir`), cached per folder
    (and, with a ``cache``, parsed only when a file changed)."""
    folder = Path(folder) if folder is not None else crds_dir()
    if not folder.is_dir():
        raise FileNotFoundError(f"CRD folder {str(folder)!r} does not exist; set PLATFORM_CRDS_DIR")
    return _cached_index(str(folder.resolve()), cache)


@functools.lru_cache(maxsize=None)
def _cached_index(folder: str, cache: DocumentCache | None) -> CrdIndex:
    return CrdIndex(_load_crds(folder, cache))


# --------------------------------------------------------------------------- validation


def _deepest(error: jsonschema.ValidationError) -> jsonschema.ValidationError:
    """The most specific cause of an anyOf/oneOf failure, for a readable message."""
    while error.context:
        error = best_match(error.context)
    return error


def _message(error: jsonschema.ValidationError) -> str:
    text = error.message
    return text if len(text) <= 300 else text[:297] + "..."


def _errors(doc: Document, validator: SchemaValidator, rule: str, against: str) -> Iterator[Finding]:
    seen = set()
    for error in sorted(validator.iter_errors(doc.obj), key=lambda e: list(map(str, e.absolute_path))):
        error = _deepest(error)
        path = field_path(error.absolute_path)
        if (path, error.message) in seen:
            continue
        seen.add((path, error.message))
        yield doc.finding(path, f"{_message(error)} ({against})", rule=rule)


def check_schema(doc: Document, *, kubernetes_version: str = DEFAULT_VERSION,
                 crds: CrdIndex | None = None) -> list[Finding]:
    """Every schema error of one document (all of them, not just the first)."""
    if not doc.api_version or not doc.kind:
        missing = "apiVersion" if not doc.api_version else "kind"
        return [doc.finding(missing, f"{missing} is required", rule="schema")]
    crds = crds if crds is not None else load_crds()
    crd = crds.lookup(doc.group, doc.kind)
    if crd is not None:
        version = doc.api_version.rpartition("/")[2]
        validator = crds.validator(crd, version)
        if validator is None:
            served = [v["name"] for v in crd["spec"].get("versions") or [] if v.get("served")]
            return [doc.finding("apiVersion", f"{doc.api_version!r} is not served by CRD {crd['metadata']['name']}; "
                                f"served: {', '.join(served) or 'none'}", rule="schema")]
        return list(_errors(doc, validator, "schema", f"CRD {crd['metadata']['name']} {version}"))
    validator = core_validator(kubernetes_version, doc.api_version, doc.kind)
    if validator is None:
        return [doc.finding("kind", f"{doc.kind} ({doc.api_version}) is neither a Kubernetes {kubernetes_version} "
                            f"kind nor defined by a known CRD", rule="unknown-kind")]
    return list(_errors(doc, validator, "schema", f"Kubernetes {kubernetes_version}"))
