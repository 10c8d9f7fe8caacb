"""The gate's pod rules whose cause is in the description, run by the synth before anything is written.

Some of the validation gate's rules read fields the description sets: a cache variable pointing at
the read-only root filesystem (``cache-env-writable``), a liveness probe asking readiness's question
with readiness's budget (``liveness-distinct-from-readiness``). So that ``make synth`` refuses what
``make validate`` would, each rule's one owner (its function in :mod:`inference_platform.gate.rules`)
is applied here to the pod template :mod:`inference_platform.service_objects` builds for each
version, and its findings come back as description problems, at the path the user wrote (exit
status 2, dist/ unchanged).

This runs after the description loaded (it needs valid services to build pods from), which is
why it is not a rule of the description model: that would make the description import the objects
built from it.
"""
from __future__ import annotations

from typing import Iterator

from inference_platform.catalog.servers import CACHE_ENV_NAMES
from inference_platform.description import DescriptionError, Platform, Service
from inference_platform.description.errors import Loc, Problem, show
from inference_platform.gate.rules.pods import liveness_findings
from inference_platform.gate.rules.servers import cache_env_findings
from inference_platform.service_objects.model_version import pod_template, version_labels

__all__ = ["check", "service_problems"]


def mount_problems(service: Service) -> Iterator[Problem]:
    """Mounts of the init containers that name no volume of the pod :mod:`inference_platform.service_objects`
    builds (which volumes there are follows the cache type, the GPU and the server), or need a path."""
    if not any(c.mounts for c in service.init_containers):
        return
    version = service.versions[0]  # every version's pod has the same volumes
    spec = pod_template(service=service, version=version,
                        labels=version_labels(service, version, {"app": service.name}))["spec"]
    volumes = [v["name"] for v in spec.get("volumes") or ()]
    server = {m["name"] for c in spec["containers"] for m in c.get("volumeMounts") or ()}
    for j, container in enumerate(service.init_containers):
        for k, mount in enumerate(container.mounts):
            if mount.volume not in volumes:
                yield (("init_containers", j, "mounts", k, "volume"),
                       f"{show(mount.volume)} is not a volume of this service's pods; volumes: {', '.join(volumes)}")
            elif mount.path is None and mount.volume not in server:
                yield (("init_containers", j, "mounts", k, "path"),
                       f"required: the server does not mount {show(mount.volume)}, so there is no path to default to")


def service_problems(service: Service) -> Iterator[Problem]:
    """The gate's description-caused pod findings for each version of ``service``, located in the service."""
    seen: set[Problem] = set(mount_problems(service))
    yield from sorted(seen, key=str)
    for j, version in enumerate(service.versions):
        # What the platform writes by itself the gate checks in dist/: only a description that sets a
        # cache variable or asks liveness over HTTP/gRPC can fail these rules (and costs the pod's build).
        if service.probes.liveness.type == "tcp" and not any(
                name in CACHE_ENV_NAMES for name in (*service.env, *version.env,
                                                     *(n for c in service.init_containers for n in c.env))):
            continue
        template = pod_template(service=service, version=version,
                                labels=version_labels(service, version, {"app": service.name}))
        found: list[Problem] = [(("probes", "liveness"), message) for _, message in liveness_findings(template)]
        for group, i, name, message in cache_env_findings(template):
            if group == "initContainers":
                where: Loc = ("init_containers", i, "env", name)
            else:
                where = (("versions", j, "env", name) if name in version.env else ("env", name)
                         if name in service.env else ("env",))
            found.append((where, message))
        for problem in found:
            if problem not in seen:
                seen.add(problem)
                yield problem


def check(platform: Platform) -> None:
    """Raise :class:`DescriptionError` with every such problem, each where the user wrote its cause.

    A problem of a service as the top level describes it is reported there once; an environment's
    own (its overrides caused it) under ``environments.<env>``.
    """
    problems: list[Problem] = []
    base: dict[str, set[Problem]] = {}
    for i, service in enumerate(platform.services):
        base[service.name] = set(service_problems(service))
        problems += [(("services", i, *loc), text) for loc, text in sorted(base[service.name], key=str)]
    for env, resolved in platform.resolved_environments().items():
        if resolved is platform:
            continue
        for i, service in enumerate(resolved.services):
            for loc, text in service_problems(service):
                if (loc, text) not in base.get(service.name, set()):
                    problems.append((platform.as_written(env, ("services", i, *loc)), text))
    if problems:
        raise DescriptionError.of(problems)
