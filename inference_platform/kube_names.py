"""Kubernetes-shaped values as annotated types: names, quantities, images, env, bounds.

Shared by the description model (field types) and the validation gate (``image_pinning``,
``owned_label``; what a credential looks like is :mod:`inference_platform.credentials`).
Each checker is a pydantic annotation that validates a string and adds ``pattern`` /
``maxLength`` to the JSON Schema, so editors flag the same values the loader rejects. A
failed check raises one ``PydanticCustomError`` of type :data:`INVALID` whose message is the
tail of a sentence: the description loader prefixes it with the field path and the value.

Bounds are what the Kubernetes API stores, so a value the loader accepts is one the API
server accepts: counts, ports, replicas and seconds are int32 fields in the API
(``INT32_MAX``); ports are 1-65535.
"""
from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import Field, GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic_core import PydanticCustomError, core_schema

__all__ = ["INVALID", "INT32_MAX", "KIB", "MIB", "Checked", "DnsLabel", "Dns1035Label", "DnsSubdomain", "dns_label", "HostName",
           "Quantity", "Image", "EnvName", "EnvValue", "Arg", "LabelKey", "LabelValue", "UrlPath", "RoutePath", "ROUTE_PATH", "Text",
           "Port", "Int32", "Seconds", "Percent", "image_pinning", "Bytes", "Memory", "Cpu", "HeaderValue",
           "ISTIO_PROXY_PORTS", "RESERVED_NAMESPACES", "RESERVED_PREFIX", "INJECTION_LABEL", "REVISION_LABEL", "owned_label"]

#: Error type of every failed check here (see the module docstring).
INVALID = "invalid"
INT32_MAX = 2**31 - 1
KIB, MIB = 1024, 1024 * 1024

#: Ports the Istio sidecar (and gateway) proxy binds in the pod ("Ports used by Istio",
#: istio.io/latest/docs/ops/deployment/requirements): an application port among them
#: collides with Envoy's admin, capture, HBONE, telemetry, health or DNS listeners.
ISTIO_PROXY_PORTS = {15000: "Envoy admin", 15001: "Envoy outbound capture", 15004: "debug",
                     15006: "Envoy inbound capture", 15008: "HBONE mTLS tunnel", 15009: "HBONE secure networks",
                     15020: "merged Prometheus telemetry", 15021: "health checks", 15053: "DNS capture",
                     15090: "Envoy Prometheus telemetry"}
#: Namespaces Kubernetes owns; sidecar injection or workloads there would be wrong ("default" has no
#: isolation of its own: checkov's CKV_K8S_21 refuses workloads there).
RESERVED_NAMESPACES = ("kube-system", "kube-public", "kube-node-lease", "default")
#: Namespace names Kubernetes keeps for its own system namespaces ("avoid creating namespaces with the prefix kube-").
RESERVED_PREFIX = "kube-"

#: Istio's namespace labels for sidecar injection: the default revision, or a named one.
INJECTION_LABEL, REVISION_LABEL = "istio-injection", "istio.io/rev"
#: Labels someone else decides on the objects the platform writes (exact keys), and who.
_OWNED_KEYS = {
    INJECTION_LABEL: "Istio's sidecar injection (the platform sets it from istio.revision)",
    "kubernetes.io/metadata.name": "the API server (it is the namespace's name)",
    "app.kubernetes.io/part-of": "the platform (its name, on every object)",
    "app.kubernetes.io/managed-by": "the platform (on every object)",
    "app.kubernetes.io/instance": "Argo CD's resource tracking",
}
#: Label key prefixes ("<prefix>/<name>") owned by Istio (any *.istio.io: injection, revision, dataplane
#: mode, waypoints) and by the GitOps engines (their tracking and prune labels).
_OWNED_PREFIXES = {"istio.io": "Istio (injection, revision, dataplane mode, waypoints)",
                   "toolkit.fluxcd.io": "Flux's ownership and prune tracking",
                   "argoproj.io": "Argo CD's resource tracking",
                   "pod-security.kubernetes.io": "Pod Security Admission (a namespace label could only lower the "
                                                 "cluster's pod security level for the model servers)"}


def owned_label(key: str, *, also: dict[str, str] | None = None) -> str | None:
    """Who owns label ``key`` on the objects the platform writes, or None when a user may set it.

    ``also`` adds keys owned where the label is used (e.g. a PodMonitor's ``app`` and ``version``).
    """
    # Compared without case: 'Istio-Injection' does nothing to Istio, and is refused as the careless spelling of
    # a label that would turn the sidecar off.
    owners = {k.lower(): v for k, v in {**_OWNED_KEYS, **(also or {})}.items()}
    key = key.lower()
    if key in owners:
        return owners[key]
    prefix = key.rpartition("/")[0]
    for domain, owner in _OWNED_PREFIXES.items():
        if prefix == domain or prefix.endswith("." + domain):
            return owner
    return None


@dataclass(frozen=True)
class Checked:
    """A string check with a sentence-shaped message and its JSON Schema shape."""

    #: the tail of the error message, e.g. "is not a Kubernetes quantity (e.g. '500m', '2', '16Gi')"
    message: str
    pattern: str | None = None
    max_length: int | None = None
    #: the only values allowed (a JSON Schema ``enum``: editors complete them)
    choices: tuple[str, ...] = ()

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler) -> dict:
        out = handler(schema)
        if self.pattern:
            out["pattern"] = f"^(?:{self.pattern})$"  # JSON Schema patterns search; the check matches whole
        if self.max_length:
            out["maxLength"] = self.max_length
        if self.choices:
            out["enum"] = list(self.choices)
        return out

    def check(self, value: str) -> str:
        if (self.max_length and len(value) > self.max_length) or (
                self.pattern and not re.fullmatch(self.pattern, value)) or (
                self.choices and value not in self.choices):
            raise PydanticCustomError(INVALID, self.message)
        return value


_LABEL = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?"
#: A DNS label of at most 63 characters (RFC 1035's limit, which Istio and cert-manager check in host names).
_HOST_LABEL = r"[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?"


def dns_label(limit: int = 63, *, rfc: Literal[1123, 1035] = 1123) -> Any:
    """A DNS label of at most ``limit`` characters (RFC 1123, or RFC 1035: starts with a letter)."""
    pattern = _LABEL if rfc == 1123 else r"[a-z]([-a-z0-9]*[a-z0-9])?"
    start = "an alphanumeric character" if rfc == 1123 else "a letter"
    return Annotated[str, Checked(
        f"is not a DNS-{rfc} label (lower-case letters, digits and '-', starting with {start} and ending "
        f"with an alphanumeric character, at most {limit} characters)", pattern, limit)]


DnsLabel = dns_label()
Dns1035Label = dns_label(rfc=1035)
DnsSubdomain = Annotated[str, Checked(
    "is not a DNS-1123 subdomain (dot-separated lower-case labels, at most 253 characters)",
    rf"{_LABEL}(\.{_LABEL})*", 253)]
HostName = Annotated[str, Checked(
    "is not a DNS host name (dot-separated DNS-1123 labels of at most 63 characters each, optionally starting "
    "with '*.', the last (top-level) label not all digits: an IP address is no host name for a Gateway, a "
    "certificate or a ServiceEntry; at most 253 characters)",
    rf"(?!.*\.[0-9]+$)(\*\.)?{_HOST_LABEL}(\.{_HOST_LABEL})+", 253)]
Quantity = Annotated[str, Checked(
    "is not a Kubernetes quantity (e.g. '500m', '2', '16Gi')",
    r"(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?", 32)]
#: C identifiers: what every shell and model server reads (Kubernetes itself allows more).
EnvName = Annotated[str, Checked(
    "is not an environment variable name (letters, digits and '_', not starting with a digit, at most 256 characters)",
    r"[A-Za-z_][A-Za-z0-9_]*", 256)]
#: 32 KiB per value or argument: Linux caps one "NAME=value" / argv string at 128 KiB
#: (MAX_ARG_STRLEN), and the pod template carrying them all must stay far below the API
#: server's 1.5 MiB object limit (see Service's size rule). Model ids and flags are short.
EnvValue = Annotated[str, Checked("is longer than 32 KiB (32768 characters)", None, 32 * KIB)]
Arg = EnvValue
#: Label keys: optional DNS-subdomain prefix and a name of at most 63 characters.
LabelKey = Annotated[str, Checked(
    "is not a label key ([prefix/]name: a DNS subdomain prefix of at most 253 characters, a name of at most 63 "
    "letters, digits, '-', '_' or '.')",
    r"((?=[^/]{1,253}/)[a-z0-9]([-a-z0-9.]*[a-z0-9])?/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?", 317)]
LabelValue = Annotated[str, Checked(
    "is not a label value (at most 63 letters, digits, '-', '_' or '.', starting and ending alphanumeric)",
    r"([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?", 63)]
UrlPath = Annotated[str, Checked("must start with '/' and have no spaces (at most 1024 characters)", r"/\S*", 1024)]
ROUTE_PATH = r"/|(/(?!\.\.?(/|$))[A-Za-z0-9._~!$&'()+,;=:@-]+)+/?"
#: A path a route matches (VirtualService ``uri.prefix`` / ``uri.exact``): Envoy compares it literally with the
#: request path after normalizing it (percent-decoding unreserved characters, resolving '.' and '..'), so a
#: wildcard or regex form, percent-encoding, a dot segment, a query or an empty segment can only match nothing or
#: something else than meant. A trailing '/' is allowed (``/v1/`` as a prefix).
RoutePath = Annotated[str, Checked(
    "is not a route path: Istio matches it literally against the normalized request path, so '*', '{', '}' and "
    "regex forms match only themselves, percent-encoding and a '.' or '..' (dot segment) or empty segment never "
    "match a normalized path, and a query ('?') or '#' is no part of the path; write '/' or '/'-separated segments "
    "of letters, digits and -._~!$&'()+,;=:@ (a trailing '/' allowed, at most 1024 characters)",
    ROUTE_PATH, 1024)]


#: Free text: bounded so no single value can bloat an object towards the 1.5 MiB limit.
Text = Annotated[str, Checked("is longer than 1024 characters", None, 1024)]
#: An HTTP header value Envoy accepts: visible characters, spaces and tabs (no control characters or line breaks,
#: which would make Envoy reject the route and istiod's push with it).
HeaderValue = Annotated[str, Checked(
    "is not an HTTP header value (visible characters, spaces and tabs, at most 1024 characters)",
    r"[^\x00-\x08\x0a-\x1f\x7f]*", 1024)]

# OCI distribution reference grammar (github.com/distribution/reference), without the
# upper-case-free check on the domain, which registries do not enforce either.
_DOMAIN = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?"
_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
IMAGE_REFERENCE = rf"(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?(?:@sha256:[0-9a-f]{{64}})?"
_IMAGE_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")


def image_pinning(image: str) -> Literal["pinned", "untagged", "moving"]:
    """How an image reference is pinned: a digest or a non-latest tag pins it.

    Shared by the description loader and the validation gate's ``image-unpinned`` rule.
    """
    if _IMAGE_DIGEST.search(image):
        return "pinned"
    last = image.rsplit("/", 1)[-1]
    if ":" not in last:
        return "untagged"
    return "moving" if last.rsplit(":", 1)[1] in ("latest", "") else "pinned"


def _check_image(value: str) -> str:
    pinning = image_pinning(value)
    if pinning == "untagged":
        raise PydanticCustomError(INVALID, "is not pinned; add a tag or an @sha256: digest")
    if pinning == "moving":
        raise PydanticCustomError(INVALID, "uses a moving tag; pin a version tag or an @sha256: digest")
    return value


class _Pinned:
    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_check_image, handler(source))


Image = Annotated[str, Checked("is not an image reference (e.g. 'vllm/vllm-openai:v0.11.0' or "
                               "'registry.example.com/team/model@sha256:<64 hex>', at most 512 characters)",
                               IMAGE_REFERENCE, 512), _Pinned()]

INT64_MAX = 2**63 - 1


@dataclass(frozen=True)
class Amount:
    """A quantity the API server stores as a whole number of ``unit`` (bytes: 1, CPU: 0.001 cores), at least
    ``minimum`` and at most int64 of units: '4096m' of memory is 4.096 bytes, which the kubelet cannot give."""

    unit: Decimal
    minimum: Decimal
    #: what the minimum is, for the message ("16Mi: below it no server starts")
    why: str

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def check(self, value: str) -> str:
        try:
            amount = quantity_value(value)
        except ValueError:
            return value  # the pattern's message says what a quantity is
        units = amount / self.unit
        if self.unit == 1 and units != units.to_integral_value():
            raise PydanticCustomError(INVALID, (
                f"is {amount.normalize():f} bytes, not a whole number of bytes: byte quantities take no milli "
                "('m') or fractions of a byte; write it with Ki, Mi, Gi (e.g. '4Gi')"))
        if amount < self.minimum:
            raise PydanticCustomError(INVALID, f"is too small; allowed: at least {self.why}")
        if units > INT64_MAX:
            raise PydanticCustomError(INVALID, "is larger than Kubernetes can store (int64 of the unit)")
        return value


Bytes = Annotated[str, Checked(
    "is not a Kubernetes quantity (e.g. '500Mi', '16Gi')", r"(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?", 32),
    Amount(Decimal(1), Decimal(2**20), "1Mi")]
Memory = Annotated[str, Checked(
    "is not a Kubernetes quantity (e.g. '500Mi', '16Gi')", r"(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?", 32),
    Amount(Decimal(1), Decimal(16 * 2**20), "16Mi (below it no server and no container runtime starts)")]
Cpu = Annotated[str, Checked(
    "is not a Kubernetes quantity (e.g. '500m', '2')", r"(\d+(\.\d+)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?", 32),
    Amount(Decimal("0.001"), Decimal("0.001"), "1m (one thousandth of a core)")]

Port = Annotated[int, Field(ge=1, le=65535)]
Int32 = Annotated[int, Field(ge=0, le=INT32_MAX)]
Seconds = Annotated[int, Field(ge=0, le=INT32_MAX)]
Percent = Annotated[int, Field(ge=1, le=100)]


#: Suffixes of Kubernetes quantities (k8s.io/apimachinery/pkg/api/resource): binary, decimal, and SI fractions.
_QUANTITY_SUFFIX = {"": 1, "n": Decimal("1e-9"), "u": Decimal("1e-6"), "m": Decimal("0.001"), "k": 10**3,
                    "M": 10**6, "G": 10**9, "T": 10**12, "P": 10**15, "E": 10**18,
                    "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "Pi": 2**50, "Ei": 2**60}
_QUANTITY_PARTS = re.compile(r"^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E))?$")


def quantity_value(quantity: str) -> Decimal:
    """The number a Kubernetes quantity stands for (``'16Gi'`` → 17179869184, ``'500m'`` → 0.5, ``'1e3'``).

    The one parser for quantities: the constructs add sizes with it, the gate and the scaling
    simulator read manifests with it. Raises ValueError for anything else.
    """
    match = _QUANTITY_PARTS.match(quantity.strip())
    if match is None:
        raise ValueError(f"{quantity!r} is not a Kubernetes quantity (e.g. '500m', '2', '16Gi')")
    number, exponent, suffix = match.groups()
    scale = Decimal(10) ** int(exponent) if exponent else _QUANTITY_SUFFIX[suffix or ""]
    return Decimal(number) * scale


def binary_quantity(value: Decimal | int) -> str:
    """A byte count as the largest binary suffix that divides it exactly (``67645734912`` → ``'63Gi'``)."""
    value = int(value)
    for suffix in ("Ei", "Pi", "Ti", "Gi", "Mi", "Ki"):
        unit = _QUANTITY_SUFFIX[suffix]
        if value and value % unit == 0:
            return f"{value // unit}{suffix}"
    return str(value)
