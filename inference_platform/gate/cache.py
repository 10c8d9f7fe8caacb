"""The gate's caches: what a file's bytes determine, kept between runs in ``.build/gate-cache/``.

Two kinds of entry, both per file and both keyed by the SHA-256 of everything that determines
them (never in dist/, which is output):

* ``documents/``: a YAML file's parsed documents (:class:`DocumentCache`; the gate's own
  reading of dist/ and of the pinned CRD files);
* ``checkov/``: checkov's failed checks for a file scanned on its own
  (:class:`~inference_platform.gate.policy.ResultCache`).

Both store through :class:`Entries`: an entry is its key, the SHA-256 of its payload and the
payload, written to a temporary file and renamed (a reader never sees half of one). One that
names another key or fails its checksum is ignored and rewritten; a folder that cannot be
written costs speed, never a finding. Entries not used by the current run are removed once the
folder holds four times as many as the run used.
"""
from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

import yaml

_REPO = Path(__file__).resolve().parents[2]
#: The CLI's cache folder (``make validate``; ``python -m inference_platform.gate --cache DIR``).
CACHE_ROOT = _REPO / ".build" / "gate-cache"


class Entries:
    """Verified entries in ``folder``, one file each."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.used: set[str] = set()

    def read(self, key: str) -> bytes | None:
        """The payload stored under ``key``, or None when there is none or it does not prove itself."""
        self.used.add(key)
        path = self.folder / key
        try:
            raw = path.read_bytes()
        except OSError:
            return None
        head, _, payload = raw.partition(b"\n")
        name, _, seal = head.partition(b" ")
        if name.decode(errors="replace") != key or seal.decode(errors="replace") != hashlib.sha256(payload).hexdigest():
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # used now: kept by prune()
        return payload

    def write(self, key: str, payload: bytes) -> None:
        self.used.add(key)
        tmp = self.folder / f".{key}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(f"{key} {hashlib.sha256(payload).hexdigest()}\n".encode() + payload)
            tmp.replace(self.folder / key)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)

    def prune(self, since: float) -> int:
        """Entries not used since ``since`` (a time before this run started), removed once there are
        four times as many as this run used; how many were removed."""
        try:
            entries = [e for e in os.scandir(self.folder) if not e.name.startswith(".")]
        except OSError:
            return 0
        if len(entries) <= 4 * len(self.used):
            return 0
        removed = 0
        for entry in entries:
            with contextlib.suppress(OSError):
                if entry.name not in self.used and entry.stat().st_mtime < since:
                    os.unlink(entry.path)
                    removed += 1
        return removed


class DocumentCache:
    """A YAML file's documents as the gate's libyaml safe load reads them, reused while the
    file's bytes, Python, PyYAML and the gate's block reader are the same. Documents holding
    what ``marshal`` cannot store (dates, for one) are not kept."""

    FORMAT = "gate-documents-1"

    def __init__(self, folder: Path) -> None:
        self.entries = Entries(folder)
        reader = Path(__file__).with_name("block_reader.py").read_bytes()
        self._version = hashlib.sha256(
            f"{self.FORMAT}\0{sys.version}\0{yaml.__version__}\0{hasattr(yaml, 'CSafeLoader')}\0".encode()
            + reader).digest()

    def key(self, text: str) -> str:
        return hashlib.sha256(self._version + text.encode("utf-8", "surrogatepass")).hexdigest()

    def get(self, key: str) -> list[Any] | None:
        payload = self.entries.read(key)
        if payload is None:
            return None
        try:
            documents = marshal.loads(payload)
        except (ValueError, EOFError, TypeError):
            return None
        return documents if isinstance(documents, list) else None

    def put(self, key: str, documents: list[Any]) -> None:
        try:
            payload = marshal.dumps(documents)
        except ValueError:
            return
        self.entries.write(key, payload)
