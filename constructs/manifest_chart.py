"""ManifestChart: a Chart whose files are plain documents, handed to the output path without jsii.

The synth puts each environment's ``50-apps`` layer in one ManifestChart. An
:class:`~constructs.ai_service.AiService` placed directly in it does not build ApiObjects: it
registers its inputs as the file ``<id>.yaml`` and the output path renders them with the pure
functions of :mod:`inference_platform.service_objects` (or takes them from the render cache). Why:
every construct and every ``to_json()`` is a round trip through the jsii bridge, which made up
~85 % of a synth at fleet scale (see :mod:`inference_platform.service_objects`).

The chart is still a cdk8s Chart: it sits in an App, carries the platform's labels, and its
``to_json()`` (which cdk8s's ``App.synth()`` calls through jsii as well) returns every file's
documents. It holds AiServices only; :func:`add_api_object` refuses to put an ApiObject in it,
which ``to_json()`` would not render.
"""
from __future__ import annotations

from cdk8s import ApiObject, ApiObjectMetadata, Chart, JsonPatch
from constructs import Construct

from inference_platform.service_objects.ai_service import ServiceInputs

__all__ = ["ManifestChart", "add_api_object"]


class ManifestChart(Chart):
    """Chart ``id`` with ``labels`` on every object; its files are the sources added with :meth:`add_file`."""

    def __init__(self, scope: Construct, id: str, *, labels: dict[str, str] | None = None) -> None:
        super().__init__(scope, id, labels=labels, disable_resource_name_hashes=True)
        #: the Chart's labels, kept on the Python side (reading ``labels`` is a jsii call)
        self.chart_labels: dict[str, str] = dict(labels or {})
        self._files: dict[str, ServiceInputs] = {}

    def add_file(self, stem: str, source: ServiceInputs) -> None:
        """Add the file ``<stem>.yaml``; a stem is used once."""
        if stem in self._files:
            raise ValueError(f"ManifestChart: 'stem' ({stem!r}) already names a file of this chart.")
        self._files[stem] = source

    def files(self) -> dict[str, ServiceInputs]:
        """File stem → its source, in the order added."""
        return dict(self._files)

    def to_json(self) -> list[dict]:
        return [doc for source in self._files.values() for doc in source.documents()]


def add_api_object(scope: Construct, id: str, document: dict) -> ApiObject:
    """An ApiObject ``id`` in ``scope`` that renders exactly ``document`` (built by :mod:`inference_platform.service_objects`).

    Metadata goes in as metadata (cdk8s merges the Chart's labels, already in ``document``);
    every other top-level field is added as a JSON patch, in the document's order, so
    ``to_json()`` returns the document unchanged.
    """
    if isinstance(Chart.of(scope), ManifestChart):
        raise TypeError(f"{id}: a ManifestChart renders the files added to it, not ApiObjects; put "
                        "this construct in a plain cdk8s Chart.")
    meta = document["metadata"]
    obj = ApiObject(scope, id, api_version=document["apiVersion"], kind=document["kind"],
                    metadata=ApiObjectMetadata(name=meta["name"], namespace=meta.get("namespace"),
                                               labels=meta.get("labels"), annotations=meta.get("annotations")))
    for key, value in document.items():
        if key not in ("apiVersion", "kind", "metadata"):
            obj.add_json_patch(JsonPatch.add(f"/{key}", value))
    return obj
