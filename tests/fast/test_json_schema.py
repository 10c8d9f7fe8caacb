"""The gate's fast path: jsonschema_rs passes a document only when python jsonschema finds nothing.

Differential: the two verdicts are compared on every committed manifest, on systematic mutations
of one manifest of each kind, on every keyword of every served version of the pinned CRDs, and on
strings drawn from each CRD pattern. Where Rust is documented as the stricter engine (``$``
before a final newline, ``.`` and ``\\r``, NaN, values JSON lacks) only soundness is asserted:
Rust's "valid" implies python's.
"""
from __future__ import annotations

import copy
import datetime
import functools
import json
import math
import re
from collections import Counter
from typing import Any, Callable, Iterator

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import DIST
from inference_platform.gate import check_schema, load_crds
from inference_platform.gate.model import Document, environments_of, read_files
from inference_platform.fast.json_schema import SchemaValidator
from inference_platform.gate.schemas import DEFAULT_VERSION, SUPPORTED_VERSIONS, CrdIndex, _core_registries, core_validator


#: Characters Rust's regex treats more strictly than Python's ``re`` (``$``, ``.``).
STRICTER_IN_RUST = ("\n", "\r", "\u2028", "\u2029")


@functools.lru_cache(maxsize=1)
def committed() -> list[tuple[Document, CrdIndex]]:
    out = []
    for env in environments_of(read_files(DIST)):
        crds = load_crds().with_documents(env.documents)
        out.extend((doc, crds) for doc in env.documents)
    return out


def validator_of(doc: Document, crds: CrdIndex, version: str = DEFAULT_VERSION) -> SchemaValidator:
    crd = crds.lookup(doc.group, doc.kind)
    validator = (crds.validator(crd, doc.api_version.rpartition("/")[2]) if crd is not None
                 else core_validator(version, doc.api_version, doc.kind))
    assert validator is not None, doc.ref
    return validator


def python_valid(validator: SchemaValidator, obj: Any) -> bool:
    return next(iter(validator.python.iter_errors(obj)), None) is None


def json_exact(obj: Any) -> bool:
    """Whether ``obj`` is plain JSON without the values Rust is documented to judge more strictly."""
    if isinstance(obj, dict):
        return all(isinstance(k, str) and json_exact(v) for k, v in obj.items())
    if isinstance(obj, list):
        return all(map(json_exact, obj))
    if isinstance(obj, str):
        return not any(c in obj for c in STRICTER_IN_RUST)
    if isinstance(obj, float):
        return math.isfinite(obj)
    return obj is None or isinstance(obj, (bool, int))


class Verdicts:
    """Compares verdicts and counts them, so a test can show it compared something."""

    def __init__(self) -> None:
        self.count = Counter[str]()
        self.disagreements: list[str] = []

    def compare(self, validator: SchemaValidator, obj: Any, what: str) -> None:
        assert validator.fast is not None, f"{what}: no fast path to compare"
        fast, python = validator.passes(obj), python_valid(validator, obj)
        self.count["valid" if python else "invalid"] += 1
        if fast and not python:
            self.disagreements.append(f"UNSOUND {what}: Rust passes what python rejects")
        elif fast != python and json_exact(obj):
            self.disagreements.append(f"{what}: Rust {fast}, python {python}")
        elif fast != python:
            self.count["stricter-in-rust"] += 1

    def check(self, minimum: int) -> None:
        assert self.disagreements == []
        assert self.count["valid"] + self.count["invalid"] >= minimum, self.count


# --------------------------------------------------------------------------- committed manifests


@pytest.mark.slow
def test_every_schema_the_committed_tree_uses_has_a_fast_path():
    for doc, crds in committed():
        assert validator_of(doc, crds).fast is not None, doc.ref


@pytest.mark.slow
def test_verdicts_agree_on_every_committed_manifest_for_every_kubernetes_version():
    verdicts = Verdicts()
    docs = committed()
    for doc, crds in docs:
        for version in SUPPORTED_VERSIONS if crds.lookup(doc.group, doc.kind) is None else [DEFAULT_VERSION]:
            verdicts.compare(validator_of(doc, crds, version), doc.obj, f"{doc.ref} ({version})")
    verdicts.check(len(docs))
    assert verdicts.count["invalid"] == 0  # the committed tree passes the gate


# --------------------------------------------------------------------------- mutations

Path_ = tuple[Any, ...]


def nodes(obj: Any, path: Path_ = (), *, every_item: bool = True) -> Iterator[tuple[Path_, Any]]:
    """Every node below ``obj`` with its path; of a list's items only the first unless ``every_item``
    (the others have the same schema)."""
    yield path, obj
    if isinstance(obj, dict):
        for key, value in obj.items():
            yield from nodes(value, (*path, key), every_item=every_item)
    elif isinstance(obj, list):
        for index, value in enumerate(obj if every_item else obj[:1]):
            yield from nodes(value, (*path, index), every_item=every_item)


def replaced(obj: Any, path: Path_, make: Callable[[Any], Any] | None) -> Any:
    """A copy of ``obj`` with the node at ``path`` replaced by ``make(node)`` (deleted for None);
    only the containers on the path are copied, ``obj`` is left alone."""
    if not path:
        assert make is not None
        return make(obj)
    out = copy.copy(obj)
    if len(path) == 1 and make is None:
        del out[path[0]]
    else:
        out[path[0]] = replaced(obj[path[0]], path[1:], make)
    return out


#: What every node is replaced with: wrong types, empties, None, strings where objects go.
ANY_NODE: list[Callable[[Any], Any]] = [
    lambda v: None, lambda v: "x", lambda v: 1, lambda v: True, lambda v: 1.5, lambda v: [], lambda v: {},
    lambda v: [v], lambda v: {"x": v}, lambda v: datetime.date(2026, 1, 1),
]
STRING_NODE: list[Callable[[str], Any]] = [
    lambda s: "", str.upper, lambda s: s + "x", lambda s: s + "\n", lambda s: s * 40, lambda s: s + "\u0661",
]
NUMBER_NODE: list[Callable[[Any], Any]] = [
    lambda n: 0, lambda n: -n - 1, lambda n: float(n), lambda n: n + 0.5, lambda n: str(n), lambda n: 2 ** 31,
    lambda n: 2 ** 64 + 1, lambda n: -(10 ** 30), lambda n: float("nan"),
]
DICT_NODE: list[Callable[[dict], Any]] = [
    lambda d: {**d, "zzUnknown": "x"}, lambda d: {**d, 1: "x"}, lambda d: list(d.items()),
]
LIST_NODE: list[Callable[[list], Any]] = [
    lambda items: items + items[:1], lambda items: [None, *items],
    lambda items: [tuple(i) if isinstance(i, (list, dict)) else (i,) for i in items],
]


def mutations(obj: dict) -> Iterator[tuple[str, Any]]:
    for path, node in nodes(obj, every_item=False):
        where = "/".join(map(str, path))
        if path:
            yield f"delete {where}", replaced(obj, path, None)
        makers: list[Callable[[Any], Any]] = list(ANY_NODE)
        if isinstance(node, str):
            makers += STRING_NODE
        elif isinstance(node, (int, float)) and not isinstance(node, bool):
            makers += NUMBER_NODE
        elif isinstance(node, dict):
            makers += DICT_NODE
        elif isinstance(node, list):
            makers += LIST_NODE
        for number, make in enumerate(makers):
            yield f"{where} mutation {number}", replaced(obj, path, make)


@functools.lru_cache(maxsize=1)
def one_of_each_kind() -> dict[str, tuple[Document, CrdIndex]]:
    """The largest committed manifest of each apiVersion and kind."""
    chosen: dict[str, tuple[Document, CrdIndex]] = {}
    for doc, crds in committed():
        key = f"{doc.api_version} {doc.kind}"
        if key not in chosen or len(json.dumps(doc.obj)) > len(json.dumps(chosen[key][0].obj)):
            chosen[key] = (doc, crds)
    return chosen


def committed_kinds() -> list[str]:
    """``apiVersion kind`` of every committed document, read from the top-level lines the synth writes: the
    parametrization below needs them at collection, where parsing the tree and the CRDs took 5 s of every
    run (``one_of_each_kind`` raises KeyError for a kind this misses)."""
    kinds = set()
    for path, text in read_files(DIST).items():
        if path.rsplit("/", 1)[-1] == "kustomization.yaml":
            continue
        for document in text.split("\n---\n"):
            version, kind = re.search(r"^apiVersion: (.+)$", document, re.M), re.search(r"^kind: (.+)$", document, re.M)
            if version and kind:
                kinds.add(f"{version.group(1)} {kind.group(1)}")
    return sorted(kinds)


@pytest.mark.slow
@pytest.mark.parametrize("kind", committed_kinds())
def test_verdicts_agree_on_mutations_of_a_committed_manifest(kind):
    doc, crds = one_of_each_kind()[kind]
    validator = validator_of(doc, crds)
    verdicts = Verdicts()
    for what, obj in mutations(doc.obj):
        verdicts.compare(validator, obj, f"{doc.ref}: {what}")
    verdicts.check(len(list(nodes(doc.obj, every_item=False))) * len(ANY_NODE))
    assert verdicts.count["valid"] > 0 and verdicts.count["invalid"] > 0


# --------------------------------------------------------------------------- CRD keywords


def served_crd_validators() -> list[tuple[str, SchemaValidator]]:
    crds = load_crds()
    out = []
    for (group, kind), crd in sorted(crds._crds.items()):
        for version in crd["spec"]["versions"]:
            if version.get("served"):
                out.append((f"{group}/{version['name']} {kind}", crds.validator(crd, version["name"])))
    return out


KEYWORDS = ("enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength",
            "maxLength", "minItems", "maxItems", "minProperties", "maxProperties", "required", "oneOf", "anyOf",
            "allOf", "not", "additionalProperties", "type")


def subschemas(schema: Any) -> Iterator[dict]:
    """Every schema node below ``schema`` (property maps are walked, not yielded)."""
    if isinstance(schema, dict):
        yield schema
        for key, value in schema.items():
            if key == "properties":
                for sub in value.values():
                    yield from subschemas(sub)
            elif key in ("items", "additionalProperties", "not"):
                yield from subschemas(value)
            elif key in ("oneOf", "anyOf", "allOf"):
                for sub in value:
                    yield from subschemas(sub)


def sample(schema: Any, depth: int = 0) -> Any:
    """A value of the shape ``schema`` describes, every property filled (three levels deep)."""
    if not isinstance(schema, dict):
        return "x"
    if "const" in schema:
        return schema["const"]
    if schema.get("enum"):
        return schema["enum"][0]
    if "$ref" in schema:
        return {"name": "x"}
    kind = schema.get("type")
    kind = next((t for t in kind if t != "null"), None) if isinstance(kind, list) else kind
    if kind == "object" or "properties" in schema:
        if depth > 2:
            return {}
        if "properties" in schema:
            return {k: sample(v, depth + 1) for k, v in schema["properties"].items()}
        extra = schema.get("additionalProperties")
        return {"k": sample(extra, depth + 1)} if isinstance(extra, dict) else {}
    if kind == "array":
        return [sample(schema.get("items"), depth + 1)]
    return {"integer": 1, "number": 1.5, "boolean": True, "string": "a"}.get(kind, "x")


def probes(schema: dict, strings: list[str]) -> Iterator[Any]:
    yield from (None, True, False, 0, 1, -1, 2 ** 31, 2 ** 63, -(2 ** 63) - 1, 10 ** 30, 1.0, 1.5, -0.5, 1e300,
                "", "a", "A", "0", "1", "-1", "é", "\u0661", "a" * 300, [], ["a"], [1], [None], {}, {"a": 1})
    for value in [*(schema.get("enum") or []), *([schema["const"]] if "const" in schema else [])]:
        yield value
        if isinstance(value, str):
            yield from (value.upper(), value.lower(), value + "x", value[1:], value + "\n")
    if "pattern" in schema:
        yield from strings
    bounds = [schema[k] for k in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum") if k in schema]
    for bound in bounds:
        yield from (bound, bound - 1, bound + 1, bound - 0.5, bound + 0.5, float(bound), str(bound))
    for key in ("minLength", "maxLength"):
        if key in schema:
            yield from ("a" * schema[key], "a" * (schema[key] + 1), "a" * max(schema[key] - 1, 0))
    for key in ("minItems", "maxItems"):
        if schema.get(key, 1000) <= 100:  # Istio's maxItems 4096 lists of objects cost seconds
            item = sample(schema.get("items"))
            yield from ([item] * schema[key], [item] * (schema[key] + 1), [item] * max(schema[key] - 1, 0))
    if any(k in schema for k in ("required", "oneOf", "anyOf", "not", "minProperties", "maxProperties")):
        full = sample(schema)
        if isinstance(full, dict):
            yield full
            yield {k: v for k, v in full.items() if k in schema.get("required", [])}
            for key in full:  # each property alone, and each one missing
                yield {key: full[key]}
                yield {k: v for k, v in full.items() if k != key}
            yield {**full, "zzUnknown": 1}


def committed_strings() -> list[str]:
    """Every distinct string of the committed tree (keys and values): realistic pattern probes."""
    seen: set[str] = set()
    for doc, _ in committed():
        for path, node in nodes(doc.obj):
            seen.update(p for p in path if isinstance(p, str))
            if isinstance(node, str):
                seen.add(node)
    extra = ["30s", "1h30m", "10ms", "500m", "2Gi", "1.5", "+1e3", "*", "*.example.com", "http://x", "https://x:8080",
             "oci://ghcr.io/x", "ssh://git@x", "System", "a/b", "a.b/c", "-a", "a-", "A_b", "a" * 64, "f" * 64]
    return sorted(seen | set(extra))


@pytest.mark.slow
def test_verdicts_agree_on_every_keyword_of_the_pinned_crds():
    strings = committed_strings()
    registries = _core_registries(DEFAULT_VERSION)
    verdicts = Verdicts()
    seen: set[str] = set()
    for name, crd_validator in served_crd_validators():
        for schema in subschemas(crd_validator.python.schema):
            key = json.dumps(schema, sort_keys=True)
            if key in seen or not any(k in schema for k in KEYWORDS):
                continue
            seen.add(key)
            validator = SchemaValidator.of(jsonschema.Draft202012Validator(schema, registry=registries.python),
                                           registries.fast)
            if validator.fast is None:  # PrometheusRule's ^(?i)... pattern: python alone (see below)
                assert "(?i)" in key, key
                continue
            for probe in probes(schema, strings):
                verdicts.compare(validator, probe, f"{name} {key[:200]} <- {probe!r:.80}")
    verdicts.check(60_000)


@functools.cache
def crd_patterns() -> dict[str, SchemaValidator]:
    """Every pattern of the pinned CRDs that has a fast path, as a validator of strings."""
    found = {schema["pattern"] for _, validator in served_crd_validators()
             for schema in subschemas(validator.python.schema) if isinstance(schema.get("pattern"), str)}
    fast = _core_registries(DEFAULT_VERSION).fast
    validators = {p: SchemaValidator.of(jsonschema.Draft202012Validator({"type": "string", "pattern": p}), fast)
                  for p in sorted(found)}
    return {p: v for p, v in validators.items() if v.fast is not None}


@pytest.mark.slow
@settings(max_examples=300, derandomize=True, deadline=None)
@given(data=st.data())
def test_strings_drawn_from_each_crd_pattern_get_the_same_verdict(data):
    pattern = data.draw(st.sampled_from(sorted(crd_patterns())))
    text = data.draw(st.one_of(st.from_regex(pattern), st.text(max_size=12),
                               st.from_regex(pattern).map(lambda s: s[:-1] + "~" if s else "~")))
    validator = crd_patterns()[pattern]
    fast, python = validator.passes(text), python_valid(validator, text)
    assert python or not fast, (pattern, text)
    if not any(c in text for c in STRICTER_IN_RUST):
        assert fast == python, (pattern, text)


# --------------------------------------------------------------------------- python alone


def model_crd(field: dict) -> dict:
    return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": "models.ai.example.com"},
            "spec": {"group": "ai.example.com", "scope": "Namespaced",
                     "names": {"kind": "Model", "plural": "models", "singular": "model", "listKind": "ModelList"},
                     "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                         "type": "object", "properties": {"spec": {"type": "object", "properties": {
                             "name": field}}}}}}]}}


def model_problems(crds: CrdIndex, name: Any) -> list[tuple[str, str]]:
    doc = Document("x.yaml", 0, {"apiVersion": "ai.example.com/v1", "kind": "Model",
                                 "metadata": {"name": "m", "namespace": "apps"}, "spec": {"name": name}})
    return [(f.path, f.message) for f in check_schema(doc, crds=crds)]


def test_python_alone_decides_a_schema_rust_cannot_compile():
    # jsonschema_rs checks schemas against the metaschema (a negative maxLength is no schema);
    # python jsonschema applies the keyword as written, so every string is too long.
    crds = CrdIndex([model_crd({"type": "string", "maxLength": -1})])
    validator = crds.validator(crds.lookup("ai.example.com", "Model"), "v1")
    assert validator.fast is None
    assert model_problems(crds, "") == [
        ("spec.name", "'' is too long (CRD models.ai.example.com v1)")]


def test_python_alone_decides_a_pattern_the_engines_read_differently():
    # \D is any non-digit in Rust's ASCII reading, so Rust would pass "١" (ARABIC-INDIC DIGIT ONE);
    # Python's re reads Unicode digits and rejects it.
    crds = CrdIndex([model_crd({"type": "string", "pattern": r"^\D+$"})])
    assert crds.validator(crds.lookup("ai.example.com", "Model"), "v1").fast is None
    assert model_problems(crds, "\u0661") == [
        ("spec.name", "'\u0661' does not match '^\\\\D+$' (CRD models.ai.example.com v1)")]
    assert model_problems(crds, "abc") == []


def test_prometheus_rules_are_decided_by_python_alone():
    # Their partial_response_strategy pattern ^(?i)(abort|warn)?$ puts a global flag after ^,
    # which Python 3.11's re refuses to compile: python jsonschema's error must not be skipped.
    crds = load_crds()
    crd = crds.lookup("monitoring.coreos.com", "PrometheusRule")
    assert crds.validator(crd, "v1").fast is None


def test_values_json_lacks_go_to_python():
    crds = CrdIndex([model_crd({"type": "string"})])
    assert model_problems(crds, datetime.date(2026, 1, 1)) == [
        ("spec.name", "datetime.date(2026, 1, 1) is not of type 'string' (CRD models.ai.example.com v1)")]


def test_a_valid_document_is_passed_without_asking_python(monkeypatch):
    crds = CrdIndex([model_crd({"type": "string"})])
    validator = crds.validator(crds.lookup("ai.example.com", "Model"), "v1")
    monkeypatch.setattr(type(validator.python), "iter_errors", lambda self, obj: pytest.fail("python was asked"))
    assert model_problems(crds, "chat") == []
