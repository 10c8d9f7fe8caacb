"""What the gate reads and reports: documents from YAML files, and findings about them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

import yaml

from inference_platform.fast import yaml_reader
from inference_platform.gate.cache import DocumentCache
from inference_platform.layout import is_preserved

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KUSTOMIZATION = "kustomization.yaml"
#: The line marks checkov's parser (``k8_yaml.SafeLineLoader``) puts in every mapping it reads.
MARKS = ("__startline__", "__endline__")


class _MarkedLoader(_Loader):  # type: ignore[misc, valid-type]
    """checkov's ``SafeLineLoader`` on libyaml's parser: the same documents, every mapping
    with the first and last line (from 1) it spans, as checkov numbers them."""

    def construct_mapping(self, node, deep=False):  # type: ignore[no-untyped-def]
        mapping = super().construct_mapping(node, deep=deep)
        mapping["__startline__"] = node.start_mark.line + 1
        mapping["__endline__"] = node.end_mark.line + 1
        return mapping


def load_marked(text: str) -> list[Any]:
    """Every document of ``text`` as checkov's parser reads it (``None`` for empty ones)."""
    return _read(text, marks=True)


def _read(text: str, marks: bool) -> list[Any]:
    """libyaml's documents of ``text`` (with checkov's marks if ``marks``): by the block reader
    when the text is in its subset (the synth's output is), else by libyaml itself."""
    if not marks:
        return yaml_reader.documents(text)
    docs = yaml_reader.read(text, marks)
    return docs if docs is not None else list(yaml.load_all(text, Loader=_MarkedLoader))


def _unmark(obj: Any) -> None:
    """Remove :data:`MARKS` from every mapping below ``obj``, in place."""
    todo = [obj]
    while todo:
        node = todo.pop()
        if type(node) is dict:
            node.pop("__startline__", None)
            node.pop("__endline__", None)
            todo.extend(v for v in node.values() if type(v) in (dict, list))
        elif type(node) is list:
            todo.extend(v for v in node if type(v) in (dict, list))


class MarkedSink(Protocol):
    """Where the gate's parse sends documents with checkov's line marks (a policy scan)."""

    def wants(self, rel: str) -> bool:
        """Whether the file at ``rel`` (relative to the checked folder) is to be fed."""

    def feed(self, rel: str, documents: list[Any]) -> None:
        """Take the file's documents; done with them on return (they are unmarked next)."""


@dataclass(frozen=True, order=True)
class Finding:
    """One problem: where it is (file, object, field path), which rule and what is wrong."""

    file: str
    object: str
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        where = " ".join(part for part in (self.object, self.path) if part)
        return f"{self.file}: {where + ': ' if where else ''}[{self.rule}] {self.message}"


@dataclass
class Document:
    """One YAML document of a manifest file (``index`` counts from 0 within the file)."""

    file: str
    index: int
    obj: dict[str, Any]
    env: str = ""

    @property
    def kind(self) -> str:
        return str(self.obj.get("kind") or "")

    @property
    def api_version(self) -> str:
        return str(self.obj.get("apiVersion") or "")

    @property
    def group(self) -> str:
        return self.api_version.rpartition("/")[0]

    @property
    def metadata(self) -> dict[str, Any]:
        meta = self.obj.get("metadata")
        return meta if isinstance(meta, dict) else {}

    @property
    def name(self) -> str:
        return str(self.metadata.get("name") or "")

    @property
    def namespace(self) -> str:
        return str(self.metadata.get("namespace") or "")

    @property
    def spec(self) -> dict[str, Any]:
        spec = self.obj.get("spec")
        return spec if isinstance(spec, dict) else {}

    @property
    def labels(self) -> dict[str, str]:
        labels = self.metadata.get("labels")
        return labels if isinstance(labels, dict) else {}

    @property
    def ref(self) -> str:
        """``Kind namespace/name`` (``Kind name`` when cluster-scoped), as findings name objects."""
        return f"{self.kind or '?'} {self.namespace + '/' if self.namespace else ''}{self.name or '?'}"

    def finding(self, path: str, message: str, *, rule: str = "") -> Finding:
        """A finding about this document at field ``path``; a cross-object rule's findings get its id
        from :func:`~inference_platform.gate.rules.base.rule`."""
        return Finding(self.file, self.ref, path, rule, message)


@dataclass
class Environment:
    """Everything under one ``dist/<env>/`` folder: the unit cross-object rules look at."""

    name: str
    documents: list[Document] = field(default_factory=list)
    #: relative file path → parsed Kustomization (kustomization.yaml files only)
    kustomizations: dict[str, Any] = field(default_factory=dict)
    #: every YAML file name in the environment (for Kustomization resource checks)
    files: set[str] = field(default_factory=set)
    findings: list[Finding] = field(default_factory=list)


def load_documents(text: str, *, marked: Callable[[list[Any]], None] | None = None,
                   cache: DocumentCache | None = None) -> list[Any]:
    """Every document of ``text`` (``None`` for empty ones), as libyaml's safe load reads them
    (read by :mod:`~inference_platform.fast.yaml_reader` where it can).

    With ``marked``, the text is parsed once for the gate and for checkov: ``marked`` first
    receives the documents with checkov's line marks (:func:`load_marked`), which are then
    removed (a text holding a mark's name itself is parsed a second time without marks). With
    a ``cache``, documents parsed before from the same text are read back instead.
    """
    key = cache.key(text) if cache is not None else ""
    if cache is not None and marked is None:
        loaded = cache.get(key)
        if loaded is not None:
            return loaded
    if marked is not None and not any(mark in text for mark in MARKS):
        loaded = load_marked(text)
        marked(loaded)
        _unmark(loaded)
    else:
        if marked is not None:
            marked(load_marked(text))
        loaded = _read(text, marks=False)
    if cache is not None:
        cache.put(key, loaded)
    return loaded


def parse_file(display: str, text: str, env: str = "", *, marked: Callable[[list[Any]], None] | None = None,
               cache: DocumentCache | None = None) -> tuple[list[Document], list[Finding]]:
    """The documents of one manifest file (:func:`load_documents`); YAML errors and non-objects become findings."""
    docs: list[Document] = []
    try:
        loaded = load_documents(text, marked=marked, cache=cache)
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        return [], [Finding(display, "", "", "yaml-syntax", f"not valid YAML{where}: {getattr(err, 'problem', err)}")]
    findings = []
    for index, obj in enumerate(loaded):
        if obj is None:
            continue
        if not isinstance(obj, dict):
            findings.append(Finding(display, f"document {index}", "", "yaml-syntax",
                                    f"a manifest document must be a mapping, not {type(obj).__name__}"))
            continue
        docs.append(Document(display, index, obj, env))
    return docs, findings


def environments_of(files: dict[str, str], display_root: str = "", *,
                    marked: MarkedSink | None = None, cache: DocumentCache | None = None) -> list[Environment]:
    """Group files (relative path → text) by environment and parse them.

    A relative path ``<env>/...`` belongs to environment ``<env>``; when the files are one
    environment already (a top-level ``layers/`` folder), they form a single environment.
    ``marked`` is fed the documents, with checkov's line marks, of each manifest it wants as
    it is parsed (see :func:`parse_file`; kustomization files are not checkov's to scan this way),
    and ``cache`` keeps each file's documents for the next run.
    """
    single = any(rel.startswith("layers/") for rel in files)
    envs: dict[str, Environment] = {}
    for rel in sorted(files):
        name = "" if single or "/" not in rel else rel.split("/", 1)[0]
        env = envs.setdefault(name, Environment(name))
        display = f"{display_root.rstrip('/')}/{rel}" if display_root else rel
        env.files.add(display)
        if rel.rsplit("/", 1)[-1] == KUSTOMIZATION:
            try:
                env.kustomizations[display] = yaml.load(files[rel], Loader=_Loader)
            except yaml.YAMLError as err:
                env.findings.append(Finding(display, "", "", "yaml-syntax", f"not valid YAML: {err}"))
            continue
        feed = (lambda loaded, rel=rel: marked.feed(rel, loaded)) if marked is not None and marked.wants(rel) else None
        docs, findings = parse_file(display, files[rel], name, marked=feed, cache=cache)
        env.documents.extend(docs)
        env.findings.extend(findings)
    return list(envs.values())


def read_files(root: Path) -> dict[str, str]:
    """Relative path → text of every ``*.yaml`` below ``root`` (or ``root`` itself if a file).

    :data:`~inference_platform.layout.PRESERVED` folders are not ours and are left out, as the synth's own inventory does.
    """
    if root.is_file():
        return {root.name: root.read_text(encoding="utf-8")}
    out = {}
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not is_preserved(rel):
            out[rel] = path.read_text(encoding="utf-8")
    return out
