"""Pod rules: pinned images, disk volumes within the ephemeral-storage limit, liveness apart from readiness.

A gateway's ``image: auto`` (filled in by the injection template named in
``inject.istio.io/templates``) counts as pinned, as Istio's own charts render it.
"""
from __future__ import annotations

from typing import Iterator

from inference_platform.description import image_pinning
from inference_platform.gate.model import Finding
from inference_platform.gate.rules.base import Index, join_path, pod_template, quantity, rule, size_text


# --------------------------------------------------------------------------- images, identity


def image_problem(image: str) -> str | None:
    """Why an image reference is not pinned, or None (a digest or a non-latest tag pins it)."""
    pinning = image_pinning(image)
    if pinning == "untagged":
        return f"image {image!r} is not pinned; add a version tag or an @sha256: digest"
    if pinning == "moving":
        return f"image {image!r} uses a moving tag; pin a version tag or an @sha256: digest"
    return None


@rule("image-unpinned", "Container images are pinned by a version tag or a digest.")
def image_unpinned(index: Index) -> Iterator[Finding]:
    for doc in index.docs:
        found = pod_template(doc)
        if found is None:
            continue
        template, base = found
        injected = "inject.istio.io/templates" in ((template.get("metadata") or {}).get("annotations") or {})
        spec = template.get("spec") or {}
        for group in ("initContainers", "containers", "ephemeralContainers"):
            for i, c in enumerate(spec.get(group) or []):
                image = (c or {}).get("image")
                if not isinstance(image, str) or (injected and image == "auto"):
                    continue
                problem = image_problem(image)
                if problem:
                    yield doc.finding(join_path(base, f"spec.{group}[{i}].image"), "image-unpinned", problem)
