"""Patches on a service's generated objects: the escape hatch for what the description cannot say.

A patch names one object of the service's file by kind and name and changes it with a strategic
merge patch (``merge``, as ``kubectl patch`` / kustomize take one) or an RFC 6902 JSON patch
(``json_patch``). The synth applies them, so dist/ shows the result and the gate checks it like everything
else; a patch that matches no object, fails to apply, or changes what the platform owns (kinds and
names, namespaces, selectors and the labels they select on, Istio's injection and sidecar labels and
annotations, the hosts and gateways it routes) is refused, with its path.
"""
from __future__ import annotations

from typing import Annotated, Any, Iterator, Literal

from pydantic import Field

from inference_platform.description.base import Items, Model, rule
from inference_platform.kube_names import Checked, DnsSubdomain

__all__ = ["Patch", "PatchTarget", "JsonOperation"]

Kind = Annotated[str, Checked("is not a Kubernetes kind (e.g. 'Deployment', 'Service')", r"[A-Z][A-Za-z0-9]*", 63)]
#: A JSON pointer (RFC 6901): '' or '/'-separated tokens.
Pointer = Annotated[str, Checked("is not a JSON pointer ('/spec/template/spec/hostIPC'; '~1' for '/' in a key, "
                                 "'~0' for '~', '-' for the end of a list)", r"(/([^~]|~[01])*)*", 1024)]


class PatchTarget(Model):
    """The generated object a patch changes (one of the service's file)."""

    kind: Kind = Field(description="Its kind, e.g. `Deployment`, `Service`, `VirtualService`.")
    name: DnsSubdomain = Field(description="Its name, e.g. `llm-chat-v1` (a version's Deployment) or `llm-chat`.")


class JsonOperation(Model):
    """One RFC 6902 operation."""

    op: Literal["add", "remove", "replace", "move", "copy", "test"] = Field(description="The operation.")
    path: Pointer = Field(description="JSON pointer of the location it acts on.")
    value: Any = Field(None, description="The value (add, replace, test).")
    from_: Pointer | None = Field(None, alias="from", description="JSON pointer of the source (move, copy).")

    @rule
    def _fields_of_op(self) -> Iterator[tuple[str, str]]:
        if self.op in ("move", "copy") and self.from_ is None:
            yield "from", f"required for op: {self.op}"
        if self.op not in ("move", "copy") and self.from_ is not None:
            yield "from", "only used by op: move and op: copy"
        if self.op in ("add", "replace", "test") and "value" not in self.model_fields_set:
            yield "value", f"required for op: {self.op}"
        if self.op in ("remove", "move", "copy") and "value" in self.model_fields_set:
            yield "value", f"not used by op: {self.op}"


class Patch(Model):
    """A change to one generated object: a strategic merge patch or an RFC 6902 JSON patch."""

    target: PatchTarget = Field(description="The object, by kind and name.")
    merge: dict[str, Any] | None = Field(None, description=(
        "Strategic merge patch: mappings merge, `null` removes a key, lists of containers, env, volumes, volume "
        "mounts, ports and pull secrets merge by their key (name, mountPath, containerPort/port; an item with "
        "`$patch: delete` removes it), other lists are replaced."))
    json_patch: Items[JsonOperation] | None = Field(None, description=(
        "RFC 6902 JSON patch: operations applied in order."))

    @rule
    def _one_form(self) -> Iterator[tuple[str, str]]:
        if (self.merge is None) == (self.json_patch is None):
            yield "target", "give exactly one of merge (strategic merge patch) and json_patch (RFC 6902 operations)"
