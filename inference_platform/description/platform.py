"""The whole description: Istio, GitOps wiring, namespaces, services, and per-environment overrides.

``environments.<env>`` overrides any key; ``services`` there maps a service name to its
overrides, merged deeply (lists are replaced). Each environment is resolved once, when the
Platform is made, and its problems are named where the user wrote them
(``environments.prod.services.llm-chat.resources.cpu``).

Over 300 lines on purpose: the rules that cross services and namespaces (derived names, hosts,
bypass peers, platform namespaces) need the whole ``Platform`` they are declared on, and the
environment merge beside them reports each problem where the user wrote it (``as_written``).
"""
from __future__ import annotations

from typing import Annotated, Any, Iterator, Literal

from pydantic import Field, PrivateAttr

from inference_platform.description.autoscaling import Keda, Observability
from inference_platform.credentials import credential_in
from pydantic import ValidationError

from inference_platform.description.base import POISON, Model, each_valid, field_adapter, rule, strings, validate_top
from inference_platform.description.errors import DescriptionError, Loc, Problem, show
from inference_platform.description.mesh import Istio
from inference_platform.description.service import Items, Service
from inference_platform.description.traffic import Retries
from inference_platform.kube_names import (RESERVED_NAMESPACES, RESERVED_PREFIX, Checked, DnsLabel, LabelKey, LabelValue, dns_label,
                                           owned_label)
from inference_platform.contract import version_object_names
from inference_platform.layout import CLASSIC_INGRESS, GATEWAY_API, LAYERS, prune_folders, prune_keys
from inference_platform.catalog.pinned import DEFAULT_KUBERNETES, KUBERNETES_VERSIONS

__all__ = ["Namespace", "GitOps", "Platform"]

KubernetesVersion = Annotated[str, Checked(
    f"is outside Istio 1.30's supported range; allowed: {', '.join(KUBERNETES_VERSIONS)}", choices=KUBERNETES_VERSIONS)]
RepositoryUrl = Annotated[str, Checked(
    "is not a Git URL (https://host/path, ssh://[user@]host[:port]/path or user@host:path)",
    r"https?://[^\s/]+/\S+|ssh://([^\s@/]+@)?[^\s/:]+(:\d+)?/\S+|[A-Za-z0-9._-]+@[^\s/:]+:\S+", 2048)]
Branch = Annotated[str, Checked(
    "is not a branch name (non-empty, no spaces, '..', '~', '^', ':', '?', '*', '[' or '\\', not starting with '-' "
    "or '/', at most 255 characters)", r"(?!-)(?!/)(?!.*\.\.)(?!.*//)[^\s~^:?*\[\\]+(?<!/)(?<!\.lock)", 255)]
DistPath = Annotated[str, Checked(
    "is not a relative path inside the repository (folders of letters, digits, '.', '_' or '-' separated by '/'; "
    "no '..', '.', leading '/' or trailing '/')", r"(?!\.\.?(/|$))[\w.-]+(/(?!\.\.?(/|$))[\w.-]+)*", 1024)]


#: `<name>-<layer>` names the Flux Kustomizations, and kustomize-controller labels every object it applies with
#: it (kustomize.toolkit.fluxcd.io/name): a label value, at most 63 characters.
PLATFORM_NAME_MAX = 63 - 1 - max(len(layer.name) for layer in LAYERS)


class Namespace(Model):
    name: DnsLabel = Field(description="Namespace name; labelled for sidecar injection.")
    labels: dict[LabelKey, LabelValue] = Field({}, description=(
        "Extra labels; not the ones the platform, Istio or the GitOps engines own (istio-injection, *istio.io/*, "
        "app.kubernetes.io/part-of, ...)."))

    @rule
    def _labels_not_owned(self) -> Iterator[tuple[tuple, str]]:
        for key in self.labels:
            owner = owned_label(key)
            if owner is not None:
                yield ("labels", key), (f"is set by {owner}; a namespace label cannot set or override it (a user "
                                        "label beside the platform's injection label could turn the sidecar, and "
                                        "with it mTLS and the AuthorizationPolicy, off): remove it")


class GitOps(Model):
    """Where the controllers find dist/ and which entry points to write."""

    engines: Items[Literal["flux", "argocd"]] = Field(("flux", "argocd"), min_length=1,
                                                     description="Entry points to emit.")
    repository_url: RepositoryUrl = Field("https://github.com/example/ai-platform.git",
                                          description="Git URL of this repository (Flux needs https:// or ssh://).")
    branch: Branch = Field("main", description="Branch the controllers follow.")
    dist_path: DistPath = Field("dist", description="Path of dist/ inside the repository (relative).")
    flux_namespace: DnsLabel = Field("flux-system", description="Flux namespace.")
    argocd_namespace: DnsLabel = Field("argocd", description="Argo CD namespace.")
    interval_minutes: int = Field(10, ge=1, le=1440, description="Reconcile interval (at most a day).")

    @rule
    def _engines_once(self) -> Iterator[tuple[str, str]]:
        if len(set(self.engines)) != len(self.engines):
            yield "engines", f"{show(list(self.engines))} lists an engine twice"

    @rule
    def _flux_url(self) -> Iterator[tuple[str, str]]:
        if "flux" in self.engines and "://" not in self.repository_url:
            user_host, path = self.repository_url.split(":", 1)
            yield "repository_url", (f"{show(self.repository_url)} is scp-like, which Flux's GitRepository rejects; "
                                     f"write it as 'ssh://{user_host}/{path}'")


class Platform(Model):
    """The whole description. ``environments`` maps a name to overrides of the keys above."""

    name: dns_label(PLATFORM_NAME_MAX) = Field("ai-platform", description=(
        "Platform name (GitOps object names `<name>-<layer>`, which Flux puts in a label of every object it applies: "
        "at most 63 characters in all)."))
    kubernetes_version: KubernetesVersion = Field(DEFAULT_KUBERNETES, description=(
        "Target Kubernetes minor version (validation schemas); quote it: '1.34'."))
    istio: Istio = Field(Istio(), description="Istio install.")
    gitops: GitOps = Field(GitOps(), description="GitOps wiring.")
    observability: Observability = Field(Observability(), description=(
        "Where metrics go: the Prometheus that scrapes the PodMonitors and answers KEDA's queries."))
    keda: Keda = Field(Keda(), description="KEDA, the engine for every signal beyond cpu/memory.")
    namespaces: Items[Namespace] = Field((), description="Application namespaces.")
    services: Items[Service] = Field((), description="AI services.")
    environments: dict[dns_label(30), dict[str, Any]] = Field({}, description=(
        "Per-environment overrides: any key above; `services` is a map from service name to "
        "overrides. Each environment is written to dist/<env>/."))
    allow_prune: Items[str] = Field((), description=(
        "Layers (`<env>/<NN-layer>`, e.g. `prod/50-apps`, or an entry folder such as `prod/flux`) allowed to "
        "lose most of their objects in this synth (prune guard)."))

    _resolved: dict[str, "Platform"] = PrivateAttr(default_factory=dict)

    # ----------------------------------------------------------------- rules across objects

    def _platform_namespaces(self) -> list[tuple[tuple, str, str]]:
        """(field, namespace, owner) of every namespace the platform's own components live in."""
        return [(("gitops", "flux_namespace"), self.gitops.flux_namespace, "Flux"),
                (("gitops", "argocd_namespace"), self.gitops.argocd_namespace, "Argo CD"),
                (("istio", "root_namespace"), self.istio.root_namespace, "Istio"),
                (("istio", "gateway", "namespace"), self.istio.gateway.namespace, "the ingress gateway"),
                (("keda", "namespace"), self.keda.namespace, "KEDA")]

    @rule
    def _platform_namespaces_apart(self) -> Iterator[tuple[tuple, str]]:
        # Each component owns its namespace (labels, injection, what a GitOps engine prunes); only the
        # ingress gateway may share Istio's root namespace, as Istio's own installs allow.
        first: dict[str, tuple[tuple, str]] = {}
        # The one the user wrote is named in a conflict, not a default beside it.
        for where, name, owner in sorted(self._platform_namespaces(), key=lambda entry: self._written(entry[0])):
            with each_valid():
                if name in RESERVED_NAMESPACES:
                    yield where, f"{show(name)} is reserved for Kubernetes; give {owner} a namespace of its own"
                    continue
                if name in first and {first[name][1], owner} != {"Istio", "the ingress gateway"}:
                    other, other_owner = first[name]
                    yield where, (f"{show(name)} is already {other_owner}'s namespace ({'.'.join(other)}); "
                                  f"give {owner} a namespace of its own")
                first.setdefault(name, (where, owner))

    def _written(self, where: tuple) -> bool:
        """Whether the field at ``where`` (e.g. ``("istio", "gateway", "namespace")``) was written, not defaulted."""
        obj: Any = self
        for name in where[:-1]:
            if where[-1:] and name not in getattr(obj, "model_fields_set", ()):
                return False
            obj = getattr(obj, name)
        return where[-1] in getattr(obj, "model_fields_set", ())

    @rule
    def _namespaces(self) -> Iterator[tuple[tuple, str]]:
        reserved = {**{name: owner for _, name, owner in reversed(self._platform_namespaces()) if name is not POISON},
                    **{ns: "Kubernetes" for ns in RESERVED_NAMESPACES}}
        first: dict[str, int] = {}
        for i, ns in enumerate(self.namespaces):
            with each_valid():
                if ns.name in first:
                    yield ("namespaces", i, "name"), f"duplicate namespace {show(ns.name)}"
                first.setdefault(ns.name, i)
                if ns.name in reserved:
                    yield ("namespaces", i, "name"), f"{show(ns.name)} is reserved for {reserved[ns.name]}"
                elif ns.name.startswith(RESERVED_PREFIX):
                    yield ("namespaces", i, "name"), (f"{show(ns.name)} starts with {RESERVED_PREFIX!r}, which Kubernetes "
                                                      "keeps for its system namespaces; choose another name")

    @rule
    def _no_credentials(self) -> Iterator[tuple[tuple, str]]:
        # Every string, not only env values: the description is committed and copied into dist/.
        # (Each environment's overrides are checked where they are resolved, named as written.)
        for loc, text in strings(self, skip=frozenset({"environments"})):
            what = credential_in(text)
            if what is None:
                continue
            if loc[-1:] == (text,):  # a key: its path would repeat the credential, so name the mapping
                yield loc[:-1], (f"a key holds {what}; the description and dist/ are committed and readable by "
                                 f"everyone with the repository: {credential_home(loc)}")
                continue
            yield loc, (f"{show(text)} holds {what}; the description and dist/ are committed and "
                        f"readable by everyone with the repository: {credential_home(loc)}")

    @rule
    def _services(self) -> Iterator[tuple[tuple, str]]:
        first: dict[str, int] = {}
        for i, svc in enumerate(self.services):
            with each_valid():
                if svc.name in first:
                    yield ("services", i, "name"), f"duplicate service {show(svc.name)} (also services[{first[svc.name]}])"
                first.setdefault(svc.name, i)

    @rule
    def _derived_names_distinct(self) -> Iterator[tuple[tuple, str]]:
        # <service>-<version> names a version's objects: 'llm' + 'chat-v1' and 'llm-chat' + 'v1' are one Deployment.
        first: dict[tuple[str, str], tuple[int, str, str]] = {}
        for i, svc in enumerate(self.services):
            with each_valid():
                for j, version in enumerate(svc.versions):
                    with each_valid():
                        for name, what in version_object_names(svc.name, version.name).items():
                            key = (svc.namespace, name)
                            if key in first and first[key][0] != i:
                                other, other_version, other_what = first[key]
                                yield ("services", i, "versions", j, "name"), (
                                    f"{show(version.name)} makes {svc.name}'s objects named {name!r} ({what}), and "
                                    f"services[{other}] ({self.services[other].name}, version {other_version!r}) makes "
                                    f"{name!r} too ({other_what}) in namespace {svc.namespace!r}: one object written "
                                    "twice; rename the version or the service")
                            first.setdefault(key, (i, version.name, what))

    @rule
    def _namespaces_declared(self) -> Iterator[tuple[tuple, str]]:
        declared = [ns.name for ns in self.namespaces]
        if any(name is POISON for name in declared):
            return  # an invalid namespace name could be the one a service means
        for i, svc in enumerate(self.services):
            with each_valid():
                if svc.namespace not in declared:
                    yield ("services", i, "namespace"), (f"{show(svc.namespace)} is not declared; "
                                                         f"declared: {', '.join(declared) or 'none'}")

    @rule
    def _hosts(self) -> Iterator[tuple[tuple, str]]:
        served: dict[str, str] = {}
        for i, svc in enumerate(self.services):
            with each_valid():
                for j, host in enumerate(svc.traffic.hosts if svc.traffic else ()):
                    if served.get(host, svc.name) != svc.name:
                        yield ("services", i, "traffic", "hosts", j), f"{show(host)} is already served by {served[host]}"
                    served.setdefault(host, svc.name)

    @rule
    def _gateway_serves_the_hosts(self) -> Iterator[tuple[tuple, str]]:
        # The Gateway's HTTP server listens on the gateway Service's port 80: without it no public host answers.
        gateway = self.istio.gateway
        exposed = [p.port for p in gateway.ports]
        routed = [svc.name for svc in self.services if svc is not POISON and svc.traffic is not None]
        port = gateway.server_ports["http"]
        if routed and port not in exposed and not self.istio.gateway_api:
            yield ("istio", "gateway", "ports"), (
                f"exposes no port {port} (ports: {', '.join(map(str, exposed))}), where the Gateway's HTTP server "
                f"listens for the public hosts of {', '.join(routed)}: add {{name: http2, port: {port}, "
                f"target_port: {port}}}")

    @rule
    def _egress_admits_downloads(self) -> Iterator[tuple[tuple, str]]:
        # With REGISTRY_ONLY the sidecar answers a host without a ServiceEntry with a reset: the server
        # then fails to start on a download error far from its cause, so the description names the host.
        if self.istio.mesh.outbound_traffic_policy != "REGISTRY_ONLY":
            return
        for i, svc in enumerate(self.services):
            with each_valid():
                entries = (*self.istio.egress, *svc.egress)
                for host in svc.download_hosts:
                    if not any(host_covers(entry, host) for entry in entries):
                        yield ("services", i, "egress"), (
                            f"{svc.name} ({svc.server}) downloads weights from {show(host)}, which "
                            f"istio.mesh.outbound_traffic_policy REGISTRY_ONLY blocks; add {show(host)} to istio.egress "
                            "or to this service's egress (or serve the weights from cache.type: pvc)")

    @rule
    def _bypass_peers(self) -> Iterator[tuple[tuple, str]]:
        # A peer reaches a bypass port past its own sidecar only if that sidecar leaves the port alone too
        # (excludeOutboundPorts, which a pod sets for the ports it bypasses itself): else its sidecar takes the
        # connection, wraps it in mTLS the server cannot read, or (REGISTRY_ONLY) drops it.
        by_name = {svc.name: svc for svc in self.services if svc is not POISON}
        for i, svc in enumerate(self.services):
            with each_valid():
                for where, port in svc._declared_ports():
                    if port.mesh != "bypass" or port.peers is None:
                        continue
                    for k, peer in enumerate(port.peers):
                        with each_valid():
                            loc = ("services", i, *where, "peers", k)
                            other = by_name.get(peer.service)
                            namespace = peer.namespace or svc.namespace
                            if other is None:
                                yield (*loc, "service"), (f"{show(peer.service)} names no service; services: "
                                                          f"{', '.join(by_name)}")
                            elif other.namespace != namespace:
                                yield loc, (f"{peer.service} runs in namespace {show(other.namespace)}, not "
                                            f"{show(namespace)}" + ("" if peer.namespace else " (this service's; "
                                                                    f"write namespace: {other.namespace})"))
                            elif other is not svc and port.port not in {p.port for p in other.bypass_ports}:
                                yield loc, (f"{peer.service} would connect to port {port.port} through its own "
                                            "sidecar, which wraps the connection in mTLS (or, with REGISTRY_ONLY, "
                                            f"drops it): declare port {port.port} with mesh: bypass on {peer.service} "
                                            "too, so its pods send to it past their sidecar")

    @rule
    def _allow_prune(self) -> Iterator[tuple[tuple, str]]:
        envs = self.environment_names()
        folders = prune_folders()
        allowed = prune_keys(envs)
        for i, entry in enumerate(self.allow_prune):
            if entry is not POISON and entry not in allowed:
                yield ("allow_prune", i), (f"{show(entry)} names no layer; allowed: <env>/<folder> with env one of "
                                           f"{', '.join(envs)} and folder one of {', '.join(folders)}")

    @rule
    def _routes_retry_as_the_mesh(self) -> Iterator[tuple[tuple, str]]:
        # Gateway API v1.6's standard HTTPRoute has no retry field: a service routed by one (gateway-api routing, or
        # an InferencePool service's public route) retries as the mesh default (meshConfig.defaultHttpRetryPolicy),
        # which is the description's default retries.
        mesh = Retries()
        for i, svc in enumerate(self.services):
            with each_valid():
                if svc.traffic is None or not (self.istio.gateway_api or svc.inference is not None):
                    continue
                why = "istio.routing gateway-api" if self.istio.gateway_api else "inference (an HTTPRoute)"
                retries = svc.traffic.retries
                for key, value, default in (("attempts", retries.attempts, mesh.attempts),
                                            ("retry_on", retries.retry_on, mesh.retry_on)):
                    if value != default:
                        yield ("services", i, "traffic", "retries", key), (
                            f"{show(list(value) if isinstance(value, tuple) else value)} cannot be set per route with "
                            f"{why}: the Gateway API v1.6 standard HTTPRoute has no retry field, so every such route "
                            f"retries as the mesh default ({key}: "
                            f"{show(list(default) if isinstance(default, tuple) else default)}); remove it "
                            "(per_try_timeout_seconds still applies per route) or use istio.routing virtualservice "
                            "without inference")

    @property
    def inference(self) -> bool:
        """Whether a service has InferencePools."""
        return any(svc.inference is not None for svc in self.services)

    @property
    def layer_needs(self) -> frozenset[str]:
        """What decides the optional layers (:attr:`inference_platform.layout.Layer.needs`): the gateway chart's
        classic ingress (virtualservice routing) and the Gateway API's CRDs (gateway-api routing, InferencePools)."""
        needs = {GATEWAY_API} if self.istio.gateway_api or self.inference else set()
        return frozenset(needs | (set() if self.istio.gateway_api else {CLASSIC_INGRESS}))

    def settings(self, name: str) -> Any:
        """The description's ``istio`` or ``keda`` settings as the chart rows read them: ``istio.inference_extension``
        resolved (null: on when a service has InferencePools)."""
        if name == "istio" and self.istio.inference_extension is None:
            return self.istio.model_copy(update={"inference_extension": self.inference})
        return getattr(self, name)

    @rule
    def _inference_extension_on(self) -> Iterator[tuple[tuple, str]]:
        users = [svc.name for svc in self.services if svc is not POISON and svc.inference is not None]
        if self.istio.inference_extension is False and users:
            yield ("istio", "inference_extension"), (
                f"false leaves istiod blind to the InferencePools of {', '.join(users)}: remove it (null turns it on "
                "when a service has inference) or remove their inference")

    # ----------------------------------------------------------------- environments

    def environment(self, name: str) -> "Platform":
        """This platform with environment ``name``'s overrides applied (resolved once, then cached)."""
        if name not in self._resolved:
            resolved, problems = self._resolve(name)
            if problems:
                raise DescriptionError.of(problems)
            self._resolved[name] = resolved
        return self._resolved[name]

    def environment_names(self) -> list[str]:
        return list(self.environments) or ["default"]

    def resolved_environments(self) -> dict[str, "Platform"]:
        if not self.environments:
            return {"default": self}
        return {name: self.environment(name) for name in self.environments}

    def as_written(self, env: str, loc: Loc) -> Loc:
        """Where a problem found at ``loc`` in environment ``env``'s resolved platform is written
        (services by name under ``environments.<env>``, as the loader reports its own)."""
        if env not in self.environments:
            return loc
        base = self.model_dump(exclude_unset=True, by_alias=True, exclude={"environments", "allow_prune"})
        return _reroot(loc, ("environments", env), _service_keys(base, self.environments[env]))

    def _check_whole(self) -> list[Problem]:
        problems: list[Problem] = []
        for name in self.environments:
            resolved, found = self._resolve(name)
            problems += found
            if resolved is not None:
                self._resolved[name] = resolved
        return problems

    def _resolve(self, name: str) -> tuple["Platform | None", list[Problem]]:
        where: Loc = ("environments", name)
        problems: list[Problem] = []
        # allow_prune speaks for the whole synth (<env>/<folder>), not for one environment's platform.
        base = self.model_dump(exclude_unset=True, by_alias=True, exclude={"environments", "allow_prune"})
        merged = merge_overrides(base, self.environments[name], where, problems)
        if problems:
            return None, problems
        try:
            return validate_top(Platform, merged), []
        except DescriptionError as err:
            # Name each service as the environment writes it: by its base name, or its key when added here.
            names = _service_keys(base, self.environments[name])
            return None, [(_reroot(loc, where, names), text) for loc, text in err.located]


def _service_keys(base: dict, overrides: dict) -> list[Any]:
    """The name of each merged service as written: base services not dropped, then the ones added."""
    names = [s.get("name") for s in base.get("services", ())]
    services = overrides.get("services")
    if isinstance(services, list):
        return [s.get("name") if isinstance(s, dict) else None for s in services]
    if not isinstance(services, dict):
        return names
    kept = [n for n in names if not (n in services and services[n] is None)]
    return kept + [n for n, over in services.items() if n not in names and over is not None]


def credential_home(loc: Loc) -> str:
    """Where the credential found at ``loc`` belongs instead, as the end of a sentence."""
    if loc[:1] == ("gitops",):
        return ("Git credentials belong in a Secret that Flux's GitRepository names in spec.secretRef "
                "(and Argo CD's repository Secret); write the URL without them")
    if loc[:3] == ("observability", "prometheus", "url"):
        return ("KEDA reads Prometheus credentials from a TriggerAuthentication (authModes basic or bearer) "
                "referencing a Secret, never from serverAddress; write the URL without them")
    if "chart_repository" in loc:
        return "Helm repository credentials belong in a Secret named by the HelmRepository's spec.secretRef"
    if loc[:1] == ("services",):
        return ("keep it in a Secret in the service's namespace and read it into the environment: "
                "env: {NAME: {secret: <name>, key: <key>}} (arguments can use $(NAME))")
    return "keep it in a Secret in the cluster and reference it"


def host_covers(entry: str, host: str) -> bool:
    """Whether the egress ``entry`` (a host or ``*.domain``) admits ``host`` (a host or ``*.domain``)."""
    if entry == host:
        return True
    return entry.startswith("*.") and host.removeprefix("*.").endswith(entry[1:])


def _reroot(loc: Loc, where: Loc, names: list[Any]) -> Loc:
    """A location in the merged description, as written under ``environments.<env>``."""
    if len(loc) >= 2 and loc[0] == "services" and isinstance(loc[1], int) and loc[1] < len(names) \
            and isinstance(names[loc[1]], str):
        return (*where, "services", names[loc[1]], *loc[2:])
    return (*where, *loc)


def merge_overrides(base: dict, overrides: Any, where: Loc, problems: list[Problem]) -> dict:
    """Deep-merge overrides; ``services`` overrides are keyed by service name."""
    if not isinstance(overrides, dict):
        problems.append((where, f"{show(overrides)} is not a mapping"))
        return base
    merged = dict(base)  # _deep_merge builds new mappings; nothing below mutates ``base``
    for key, value in overrides.items():
        if key == "services":
            if isinstance(value, list):
                merged["services"] = value  # an explicit list replaces the environment's services
                continue
            if not isinstance(value, dict):
                problems.append(((*where, "services"), f"{show(value)} is not a mapping from service name to "
                                 "overrides (null drops a service) or a list of services"))
                continue
            services = list(merged.get("services", ()))
            by_name = {s["name"]: i for i, s in enumerate(services)}
            dropped: set[str] = set()
            for svc_name, svc_over in value.items():
                if svc_name not in by_name and svc_over is None:
                    problems.append(((*where, "services", svc_name),
                                     f"cannot drop an unknown service; known: {', '.join(by_name) or 'none'}"))
                elif svc_over is None:
                    dropped.add(svc_name)
                elif svc_name not in by_name and not (isinstance(svc_over, dict) and {"namespace", "image"} <= set(svc_over)):
                    problems.append(((*where, "services", svc_name), (
                        f"no such service; known: {', '.join(by_name) or 'none'} (a service only this environment "
                        "runs needs at least namespace and image)")))
                elif svc_name not in by_name:
                    # A service only this environment runs: written like a base service, named by its key.
                    if svc_over.get("name", svc_name) != svc_name:
                        problems.append(((*where, "services", svc_name, "name"),
                                         f"{show(svc_over['name'])} differs from its key {show(svc_name)}"))
                    services.append({"name": svc_name, **svc_over})
                    by_name[svc_name] = len(services) - 1
                else:
                    if isinstance(svc_over, dict) and svc_over.get("name", svc_name) != svc_name \
                            and _is_service_name(svc_over["name"]):  # an invalid name gets the name's own message
                        # A rename in one environment renames every object of the service there only.
                        problems.append(((*where, "services", svc_name, "name"), (
                            f"{show(svc_over['name'])} would rename service {svc_name!r} (and all its objects) in "
                            "this environment only; an override cannot rename a service: remove name (rename it at "
                            "the top level, in every environment at once)")))
                        continue
                    base_ns = services[by_name[svc_name]].get("namespace")
                    if isinstance(svc_over, dict) and "namespace" in svc_over and svc_over["namespace"] != base_ns:
                        # A namespace is part of every object's identity: a move is a rename of all of them.
                        problems.append(((*where, "services", svc_name, "namespace"), (
                            f"{show(svc_over['namespace'])} would move service {svc_name!r} (and all its objects, its "
                            f"mesh identity and its callers' policies) out of {show(base_ns)} in this environment only; "
                            "an override cannot move a service: remove namespace (move it at the top level, in every "
                            "environment at once)")))
                        continue
                    services[by_name[svc_name]] = _deep_merge(services[by_name[svc_name]], svc_over)
            merged["services"] = [s for s in services if not (isinstance(s, dict) and s.get("name") in dropped)]
        elif key == "environments":
            problems.append(((*where, "environments"), "environments cannot be nested"))
        elif key == "name" and value != base.get("name", Platform.model_fields["name"].default):
            problems.append(((*where, "name"), f"{show(value)} would rename the platform (its GitOps objects and the "
                                               "part-of label of every object) in this environment only; remove it"))
        elif key == "allow_prune":
            problems.append(((*where, "allow_prune"), "applies to the whole synth; list '<env>/<folder>' entries "
                                                     "in the top-level allow_prune"))
        else:
            merged[key] = _deep_merge(merged[key], value) if key in merged else value
    return merged


def _is_service_name(value: Any) -> bool:
    try:
        field_adapter(Service, "name").validate_python(value)
    except ValidationError:
        return False
    return True


def _deep_merge(base: Any, over: Any) -> Any:
    if isinstance(base, dict) and isinstance(over, dict):
        return {**base, **{k: _deep_merge(base[k], v) if k in base else v for k, v in over.items()}}
    return over
