"""The gate's caches: what a file's bytes determine, kept between runs in ``.build/gate-cache/``.

Two kinds of entry, both per file and both keyed by the SHA-256 of everything that determines
them (never in dist/, which is output):

* ``documents/``: a YAML file's parsed documents (:class:`DocumentCache`; the gate's own
  reading of dist/), and ``crds/`` the same for the pinned CRD files;
* ``checkov/``: checkov's failed checks for a file scanned on its own
  (:class:`~inference_platform.gate.policy.ResultCache`).

Both store through :class:`Entries`, one pack file each: an entry is its key, the SHA-256 of
its key and payload, and the payload; the pack is written to a temporary file and renamed (a reader
never sees half of one). An entry that fails its checksum is ignored and rewritten; a folder
that cannot be written costs speed, never a finding. Entries not used by the current run are
dropped once the pack holds four times as many as the run used.
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

from inference_platform.fast import yaml_reader

_REPO = Path(__file__).resolve().parents[2]
#: The CLI's cache folder (``make validate``; ``python -m inference_platform.gate --cache DIR``).
CACHE_ROOT = _REPO / ".build" / "gate-cache"


class Entries:
    """Verified entries in one pack file, ``folder/pack``, read once and written once per run.

    A pack is a sequence of entries, each a line ``<key> <SHA-256 of key and payload> <length>``
    and the payload. One file rather than a file per entry: creating thousands of small files costs more
    kernel time here (~0.5 ms each) than the parse they save. :meth:`save` writes the entries
    this run used first, then older ones while there are at most four times as many, to a
    temporary file renamed over the pack (a reader never sees half of one; two runs at once
    keep one's entries). An entry whose payload fails its checksum is ignored, and a damaged
    header ends the pack there.
    """

    PACK = "pack"

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.used: set[str] = set()
        self._stored: dict[str, tuple[bytes, bytes]] | None = None   # key → (seal, payload)
        self._new: dict[str, bytes] = {}

    def _load(self) -> dict[str, tuple[bytes, bytes]]:
        if self._stored is None:
            self._stored = {}
            try:
                raw = (self.folder / self.PACK).read_bytes()
            except OSError:
                raw = b""
            at = 0
            while at < len(raw):
                end = raw.find(b"\n", at, at + 200)
                parts = raw[at:end].split(b" ") if end != -1 else []
                if len(parts) != 3 or not parts[2].isdigit() or end + 1 + int(parts[2]) > len(raw):
                    break
                length = int(parts[2])
                self._stored[parts[0].decode(errors="replace")] = (parts[1], raw[end + 1:end + 1 + length])
                at = end + 1 + length
        return self._stored

    def read(self, key: str) -> bytes | None:
        """The payload stored under ``key``, or None when there is none or it does not prove itself."""
        self.used.add(key)
        if key in self._new:
            return self._new[key]
        seal, payload = self._load().get(key, (b"", b""))
        if not seal or seal.decode(errors="replace") != _seal(key, payload):
            return None
        return payload

    def write(self, key: str, payload: bytes) -> None:
        self.used.add(key)
        self._new[key] = payload

    def save(self) -> None:
        """Write the pack if this run added entries or it holds over four times the entries used."""
        stored = self._load()
        if not self._new and len(stored) <= 4 * len(self.used):
            return
        keep = [key for key in self.used if key in self._new or key in stored]
        keep.sort()
        keep += [key for key in stored if key not in self.used][:max(0, 4 * len(self.used) - len(keep))]
        out = []
        for key in keep:
            payload = self._new[key] if key in self._new else stored[key][1]
            seal = _seal(key, payload)
            if key not in self._new and seal != stored[key][0].decode(errors="replace"):
                continue  # damaged: dropped
            out.append(f"{key} {seal} {len(payload)}\n".encode())
            out.append(payload)
        tmp = self.folder / f".{self.PACK}.{os.getpid()}.tmp"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(b"".join(out))
            tmp.replace(self.folder / self.PACK)
        except OSError:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            return
        for entry in _old_entries(self.folder):  # one file per entry, as before the pack
            with contextlib.suppress(OSError):
                os.unlink(entry)


def _seal(key: str, payload: bytes) -> str:
    """The SHA-256 an entry carries: of its key and its payload (another key's payload fails it)."""
    return hashlib.sha256(key.encode() + b"\0" + payload).hexdigest()


def _old_entries(folder: Path) -> list[str]:
    try:
        return [e.path for e in os.scandir(folder)
                if len(e.name) == 64 and all(c in "0123456789abcdef" for c in e.name)]
    except OSError:
        return []


class DocumentCache:
    """A YAML file's documents as the gate's libyaml safe load reads them, reused while the
    file's bytes, Python, PyYAML and the gate's block reader are the same. Documents holding
    what ``marshal`` cannot store (dates, for one) are not kept."""

    FORMAT = "gate-documents-1"

    def __init__(self, folder: Path) -> None:
        self.entries = Entries(folder)
        reader = Path(yaml_reader.__file__).read_bytes()
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
