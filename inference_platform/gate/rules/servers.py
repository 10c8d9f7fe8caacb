"""Model-server rules: no credential written in a manifest, every server cache on a writable volume.

``credential-in-manifest`` reads every string of every document (keys included) for the token
shapes and URL userinfo of :mod:`inference_platform.credentials`, the same owner the description
loader asks: whatever field a later change adds, a credential cannot reach dist/ through it.

The pod annotation ``inference-platform.io/server`` names the server preset
(:mod:`inference_platform.catalog.servers`) whose cache environment the pod must set: with a read-only
root filesystem, a cache or ``$HOME`` left on the image's default path makes the server fail at
its first write (vLLM's compile cache, the hub cache, Triton's and PyTorch's caches).
"""
from __future__ import annotations

import posixpath
from typing import Iterator

from inference_platform.contract import POD_SERVER_ANNOTATION
from inference_platform.credentials import (credential_arguments, credential_header, credential_in,
                                            looks_like_credential, redact)
from inference_platform.gate.model import Finding
from inference_platform.gate.rules.base import join_path, rule
from inference_platform.catalog.servers import CACHE_ENV_NAMES, PRESETS


def _strings(value: object, path: str) -> Iterator[tuple[str, str]]:
    """(field path, string) of every string below ``value``, mapping keys included."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            sub = join_path(path, str(key))
            if isinstance(key, str):
                yield sub, key
            yield from _strings(item, sub)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, join_path(path, i))


@rule("credential-in-manifest",
      "No string of any object holds a known token shape (hf_, ghp_, sk-, AKIA, JWT, private key...) or URL userinfo.")
def credential_in_manifest(index) -> Iterator[Finding]:
    for doc in index.docs:
        for path, text in _strings(doc.obj, ""):
            what = credential_in(text)
            if what is not None:
                yield doc.finding(redact(path),
                                  f"holds {what}; dist/ is committed and applied as it is, so everyone who can read "
                                  "the repository or the object has it: keep it in a Secret created in the cluster "
                                  "and reference it (secretKeyRef, a GitRepository/HelmRepository secretRef, a KEDA "
                                  "TriggerAuthentication)")


@rule("env-credential-literal",
      "Environment variables and command-line flags named like credentials (*_TOKEN, *_KEY, *_SECRET, "
      "*_CREDENTIALS, *PASSWORD*, --api-key...) and header matches on credential headers (authorization, cookie, "
      "x-api-key) come from a Secret, not a literal.")
def env_credential_literal(index) -> Iterator[Finding]:
    for doc, template, base in index.pod_templates():
        for group in ("initContainers", "containers"):
            for i, c in enumerate((template.get("spec") or {}).get(group) or []):
                for j, env in enumerate((c or {}).get("env") or []):
                    name = (env or {}).get("name")
                    if isinstance(name, str) and looks_like_credential(name) and "value" in env:
                        yield doc.finding(join_path(base, f"spec.{group}[{i}].env[{j}].value"),
                                          f"{name} looks like a credential and is written in the manifest; read it "
                                          "from a Secret (valueFrom.secretKeyRef)")
                for field in ("command", "args"):
                    for k, flag in credential_arguments([a for a in (c or {}).get(field) or [] if isinstance(a, str)]):
                        yield doc.finding(join_path(base, f"spec.{group}[{i}].{field}[{k}]"),
                                          f"{flag} passes a credential written in the manifest; read it from a Secret "
                                          f"into the environment and pass {flag} $(NAME)")
    # A route matching a credential header's exact value writes the credential into the VirtualService.
    for doc in index.docs:
        if doc.kind != "VirtualService":
            continue
        for i, route in enumerate((doc.obj.get("spec") or {}).get("http") or []):
            for j, match in enumerate((route or {}).get("match") or []):
                for name in ((match or {}).get("headers") or {}):
                    if isinstance(name, str) and credential_header(name):
                        yield doc.finding(f"spec.http[{i}].match[{j}].headers.{name}",
                                          f"matches the value of {name}, a credential header, so the credential is "
                                          "written in the manifest; authenticate callers by their mTLS principal or a "
                                          "RequestAuthentication instead")


def _writable_mounts(spec: dict, container: dict) -> list[str]:
    """Mount paths of the container's volumes the server can write to."""
    volumes = {v.get("name"): v for v in spec.get("volumes") or [] if isinstance(v, dict)}
    out = []
    for mount in container.get("volumeMounts") or []:
        volume = volumes.get((mount or {}).get("name")) or {}
        claim = volume.get("persistentVolumeClaim") or {}
        if mount.get("readOnly") or claim.get("readOnly") or "configMap" in volume or "secret" in volume \
                or "projected" in volume or "downwardAPI" in volume:
            continue
        out.append(posixpath.normpath(mount.get("mountPath") or "/"))
    return out


def _on(path: str, mounts: list[str]) -> bool:
    path = posixpath.normpath(path)
    return any(path == m or path.startswith(m.rstrip("/") + "/") for m in mounts)


def cache_env_findings(template: dict) -> Iterator[tuple[int, str, str]]:
    """(container index, variable name, sentence) for each cache variable of a pod template's server preset (and
    each known cache variable set) that is not on a writable mount of a read-only-root container.

    The rule's one owner: the gate applies it to every pod template of dist/, the description loader to the
    Deployment it would write for each version of a service (so the synth refuses what the gate would).
    """
    spec = template.get("spec") or {}
    server = ((template.get("metadata") or {}).get("annotations") or {}).get(POD_SERVER_ANNOTATION)
    required = tuple(PRESETS[server].cache_env) if server in PRESETS else ()
    for i, c in enumerate(spec.get("containers") or []):
        c = c or {}
        if not (c.get("securityContext") or {}).get("readOnlyRootFilesystem"):
            continue
        mounts = _writable_mounts(spec, c)
        env = {e.get("name"): e for e in c.get("env") or [] if isinstance(e, dict)}
        for name in sorted(set(required) | (set(CACHE_ENV_NAMES) & set(env))):
            value = (env.get(name) or {}).get("value")
            if name not in env:
                yield i, name, (f"{name} is not set, so the {server} server keeps that cache under the image's "
                                "default path on the read-only root filesystem; point it at the cache volume")
            elif not isinstance(value, str) or not value.startswith("/"):
                yield i, name, f"{name} is not an absolute path ({value!r}); the cache must be on a writable mount"
            elif not _on(value, mounts):
                yield i, name, (f"{name}={value} is not on a writable mount (writable: {', '.join(mounts) or 'none'})"
                                "; with a read-only root filesystem the server fails at its first write there")


@rule("cache-env-writable",
      "Every cache path of the pod's server preset (and every known cache variable set) is on a writable mount.")
def cache_env_writable(index) -> Iterator[Finding]:
    for doc, template, base in index.pod_templates():
        for i, _, message in cache_env_findings(template):
            yield doc.finding(join_path(base, f"spec.containers[{i}].env"), message)
