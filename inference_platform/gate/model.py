"""What the gate reads and reports: documents from YAML files, and findings about them."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from inference_platform.layout import PRESERVED, is_preserved

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

KUSTOMIZATION = "kustomization.yaml"


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

    def finding(self, path: str, rule: str, message: str) -> Finding:
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


def parse_file(display: str, text: str, env: str = "") -> tuple[list[Document], list[Finding]]:
    """The documents of one manifest file; YAML errors and non-objects become findings."""
    docs: list[Document] = []
    try:
        loaded = list(yaml.load_all(text, Loader=_Loader))
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


def environments_of(files: dict[str, str], display_root: str = "") -> list[Environment]:
    """Group files (relative path → text) by environment and parse them.

    A relative path ``<env>/...`` belongs to environment ``<env>``; when the files are one
    environment already (a top-level ``layers/`` folder), they form a single environment.
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
        docs, findings = parse_file(display, files[rel], name)
        env.documents.extend(docs)
        env.findings.extend(findings)
    return list(envs.values())


def read_files(root: Path) -> dict[str, str]:
    """Relative path → text of every ``*.yaml`` below ``root`` (or ``root`` itself if a file).

    :data:`PRESERVED` folders are not ours and are left out, as the synth's own inventory does.
    """
    if root.is_file():
        return {root.name: root.read_text(encoding="utf-8")}
    out = {}
    for path in sorted(root.rglob("*.yaml")):
        rel = path.relative_to(root).as_posix()
        if path.is_file() and not is_preserved(rel):
            out[rel] = path.read_text(encoding="utf-8")
    return out
