"""Model-server rules: no credential written in a manifest, every server cache on a writable volume.

The pod annotation ``inference-platform.io/server`` names the server preset
(:mod:`inference_platform.catalog.servers`) whose cache environment the pod must set: with a read-only
root filesystem, a cache or ``$HOME`` left on the image's default path makes the server fail at
its first write (vLLM's compile cache, the hub cache, Triton's and PyTorch's caches).
"""
from __future__ import annotations

import posixpath
from typing import Iterator

from inference_platform.contract import POD_SERVER_ANNOTATION
from inference_platform.gate.model import Finding
from inference_platform.gate.rules.base import join_path, rule
from inference_platform.kube_names import looks_like_credential
from inference_platform.catalog.servers import CACHE_ENV_NAMES, PRESETS



@rule("env-credential-literal",
      "Environment variables named like credentials (*_TOKEN, *_KEY, *PASSWORD*) come from a Secret, not a literal.")
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


@rule("cache-env-writable",
      "Every cache path of the pod's server preset (and every known cache variable set) is on a writable mount.")
def cache_env_writable(index) -> Iterator[Finding]:
    for doc, template, base in index.pod_templates():
        spec = template.get("spec") or {}
        server = ((template.get("metadata") or {}).get("annotations") or {}).get(POD_SERVER_ANNOTATION)
        required = tuple(PRESETS[server].cache_env) if server in PRESETS else ()
        for i, c in enumerate(spec.get("containers") or []):
            c = c or {}
            if not (c.get("securityContext") or {}).get("readOnlyRootFilesystem"):
                continue
            mounts = _writable_mounts(spec, c)
            env = {e.get("name"): e for e in c.get("env") or [] if isinstance(e, dict)}
            where = join_path(base, f"spec.containers[{i}].env")
            for name in sorted(set(required) | (set(CACHE_ENV_NAMES) & set(env))):
                value = (env.get(name) or {}).get("value")
                if name not in env:
                    yield doc.finding(where,
                                      f"{name} is not set, so the {server} server keeps that cache under the image's "
                                      "default path on the read-only root filesystem; point it at the cache volume")
                elif not isinstance(value, str) or not value.startswith("/"):
                    yield doc.finding(where,
                                      f"{name} is not an absolute path ({value!r}); the cache must be on a writable mount")
                elif not _on(value, mounts):
                    yield doc.finding(where,
                                      f"{name}={value} is not on a writable mount (writable: {', '.join(mounts) or 'none'})"
                                      "; with a read-only root filesystem the server fails at its first write there")
