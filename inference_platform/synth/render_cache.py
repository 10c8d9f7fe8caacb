"""The render cache: a service's rendered file, reused while nothing that determines it changed.

A file of the ``50-apps`` layer is a function of its :class:`~inference_platform.synth.render.DocumentSource`
(for a service: its resolved description and the environment's shared settings, see
:class:`~inference_platform.service_objects.ai_service.ServiceInputs`) and of the code that renders it.
The cache stores the file's text and inventory under the SHA-256 of both: the source's
``identity()`` and :func:`code_version` (every source file of ``inference_platform/`` but the
validation gate and the scaling simulator, which render nothing; ``constructs/``; the generated
bindings in ``imports/``; the versions of Python, PyYAML with or without libyaml, pydantic,
cdk8s, cdk8s-plus and jsii). So a synth after a one-service
change renders that service and reads every other file back.

An entry is trusted only when it proves itself: it must parse, name the key it was asked for,
and carry the SHA-256 of its own text and inventory. Anything else (a truncated or edited
file, an entry of another key, another format) is ignored and overwritten with a fresh render.
Entries are written to a temporary file and renamed, so a reader never sees half of one.

The cache lives in ``.build/render-cache/`` beside dist/ (never in dist/: it is not output),
one JSON file per entry; entries unused for a while are removed once the cache is much larger
than what the last synth used.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from importlib import metadata
from pathlib import Path

import yaml

__all__ = ["RenderCache", "code_version", "FORMAT"]

FORMAT = 1
REPO = Path(__file__).resolve().parents[2]
#: Folders whose files determine how a file renders...
CODE_FOLDERS = ("inference_platform", "constructs", "imports")
#: ...but these, which only read what was rendered.
NOT_RENDERING = ("inference_platform/gate", "inference_platform/scaling")
_PACKAGES = ("pyyaml", "pydantic", "pydantic-core", "cdk8s", "cdk8s-plus-27", "jsii", "constructs")
#: Entries unused for this long may be removed once the cache holds over 4x the entries a synth uses.
STALE_SECONDS = 7 * 24 * 3600


def code_version(root: Path = REPO) -> str:
    """SHA-256 of the rendering code and bindings (file contents, not times) and the library versions."""
    digest = hashlib.sha256()
    digest.update(f"format {FORMAT}\npython {sys.version}\nlibyaml {hasattr(yaml, 'CSafeDumper')}\n".encode())
    for package in _PACKAGES:
        try:
            version = metadata.version(package)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package} {version}\n".encode())
    for folder in CODE_FOLDERS:
        base = root / folder
        for dirpath, dirnames, filenames in os.walk(base):
            here = Path(dirpath).relative_to(root).as_posix()
            dirnames[:] = sorted(d for d in dirnames if d != "__pycache__" and f"{here}/{d}" not in NOT_RENDERING)
            for name in sorted(filenames):
                if name.endswith((".py", ".json", ".yaml", ".tgz")):
                    path = Path(dirpath, name)
                    digest.update(f"{path.relative_to(root).as_posix()}\0".encode())
                    digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _seal(text: str, inventory: list[list[str]]) -> str:
    return hashlib.sha256(json.dumps([text, inventory], separators=(",", ":")).encode()).hexdigest()


class RenderCache:
    """Entries in ``folder`` for the code ``version`` (default: :func:`code_version` of this checkout)."""

    def __init__(self, folder: Path, version: str | None = None) -> None:
        self.folder = Path(folder)
        self.version = version if version is not None else code_version()
        self.hits = self.misses = self.ignored = 0
        self._used: set[str] = set()

    def key(self, identity: str) -> str:
        return hashlib.sha256(f"{self.version}\0{identity}".encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / f"{key}.json"

    def get(self, key: str) -> tuple[str, frozenset[tuple[str, str, str]]] | None:
        """The entry's text and inventory, or None when there is none or it does not prove itself."""
        self._used.add(key)
        try:
            raw = self._path(key).read_bytes()
        except OSError:
            self.misses += 1
            return None
        try:
            entry = json.loads(raw)
            text, inventory = entry["text"], entry["inventory"]
            valid = (entry.get("format") == FORMAT and entry.get("key") == key and isinstance(text, str)
                     and isinstance(inventory, list) and all(isinstance(i, list) and len(i) == 3
                                                             and all(isinstance(x, str) for x in i) for i in inventory)
                     and entry.get("sha256") == _seal(text, inventory))
        except (ValueError, KeyError, TypeError, AttributeError):
            valid = False
        if not valid:
            self.ignored += 1
            self.misses += 1
            return None
        self.hits += 1
        return text, frozenset(tuple(i) for i in inventory)

    def put(self, key: str, text: str, inventory: frozenset[tuple[str, str, str]]) -> None:
        """Store an entry (atomically: a temporary file renamed into place); a failed write is skipped."""
        self._used.add(key)
        items = sorted([list(i) for i in inventory])
        data = json.dumps({"format": FORMAT, "key": key, "sha256": _seal(text, items), "text": text,
                           "inventory": items}, separators=(",", ":"))
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_text(data, encoding="utf-8")
            os.replace(tmp, self._path(key))
        except OSError:
            pass  # a cache that cannot be written (read-only, full) costs speed, never the synth
        finally:
            try:
                tmp.unlink(missing_ok=True)
            except OSError:
                pass

    def prune(self) -> int:
        """Remove stale unused entries once the cache holds over 4x what this synth used; how many were removed."""
        try:
            entries = [e for e in os.scandir(self.folder) if e.name.endswith(".json")]
        except OSError:
            return 0
        if len(entries) <= 4 * len(self._used) + 100:
            return 0
        now, removed = time.time(), 0
        for entry in entries:
            if entry.name[:-5] not in self._used:
                try:
                    if now - entry.stat().st_mtime > STALE_SECONDS:
                        os.unlink(entry.path)
                        removed += 1
                except OSError:
                    pass
        return removed
