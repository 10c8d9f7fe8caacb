"""kustomization.yaml checks: a valid Kustomization that lists exactly the folder's manifests."""
from __future__ import annotations

import posixpath
from typing import Any, Iterator

from inference_platform.gate.model import KUSTOMIZATION, Finding

API_VERSION = "kustomize.config.k8s.io/v1beta1"
RULE = "kustomization"


def check_kustomization(file: str, doc: Any, files: set[str]) -> Iterator[Finding]:
    """Problems of one kustomization.yaml; ``files`` are all YAML files of the tree (same prefix)."""
    ref = "Kustomization"

    def finding(path: str, message: str) -> Finding:
        return Finding(file, ref, path, RULE, message)

    if not isinstance(doc, dict):
        yield finding("", "a kustomization.yaml must be a mapping")
        return
    if doc.get("apiVersion") != API_VERSION or doc.get("kind") != "Kustomization":
        yield finding("kind", f"apiVersion/kind {doc.get('apiVersion')!r}/{doc.get('kind')!r} is not "
                              f"{API_VERSION}/Kustomization")
    resources = doc.get("resources")
    if not isinstance(resources, list) or not all(isinstance(r, str) for r in resources):
        yield finding("resources", "must be a list of file names")
        return
    folder = posixpath.dirname(file)
    for i, res in enumerate(resources):
        target = posixpath.normpath(posixpath.join(folder, res))
        if target not in files and not any(f.startswith(target + "/") for f in files):
            yield finding(f"resources[{i}]", f"{res!r} does not exist")
    listed = {posixpath.normpath(posixpath.join(folder, r)) for r in resources}
    for other in sorted(files):
        if posixpath.dirname(other) == folder and posixpath.basename(other) != KUSTOMIZATION and other not in listed:
            yield finding("resources", f"{posixpath.basename(other)!r} is in the folder but not listed, "
                                       "so kustomize (and Flux or Argo CD) would not apply it")
