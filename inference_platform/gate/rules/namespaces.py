"""Identity and namespaces: each object once, and in a namespace created before it is applied."""
from __future__ import annotations

from typing import Iterator

from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, rule


@rule("duplicate-object", "Each apiVersion group/kind/namespace/name appears once per environment.")
def duplicate_object(index: Index) -> Iterator[Finding]:
    seen: dict[tuple[str, str, str, str], Document] = {}
    for doc in index.docs:
        key = (doc.group, doc.kind, doc.namespace, doc.name)
        if key in seen:
            other = seen[key]
            yield doc.finding("metadata.name", "duplicate-object",
                              f"also defined in {other.file} (document {other.index + 1}); an object may "
                              "appear once per environment")
        else:
            seen[key] = doc
