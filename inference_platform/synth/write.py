"""dist/ on disk: read the current tree, write the new one all or nothing.

:func:`write_tree` builds the whole new tree beside dist/ (in ``.build/``) and swaps it in with
two renames, so a failure anywhere leaves the old dist/ exactly as it was and no stale file
survives. :data:`~inference_platform.layout.PRESERVED` folders (Flux bootstrap's own manifests)
are carried over and never read as ours.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from inference_platform.layout import PRESERVED, is_preserved

__all__ = ["read_tree", "materialize", "write_tree", "PRESERVED"]


def read_tree(dist: Path) -> dict[str, str]:
    if not dist.is_dir():
        return {}
    out = {}
    for p in sorted(dist.rglob("*.yaml")):
        rel = p.relative_to(dist).as_posix()
        if not is_preserved(rel):
            out[rel] = p.read_text(encoding="utf-8")
    return out


def materialize(files: dict[str, str], folder: Path) -> None:
    for rel, text in files.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def write_tree(files: dict[str, str], dist: Path) -> None:
    """Replace ``dist`` with exactly ``files`` (plus PRESERVED folders), all or nothing."""
    dist = dist.resolve()
    work = dist.parent / ".build"
    work.mkdir(parents=True, exist_ok=True)
    fresh, old = work / f"{dist.name}.next", work / f"{dist.name}.old"
    for stale in (fresh, old):
        shutil.rmtree(stale, ignore_errors=True)
    materialize(files, fresh)
    if dist.is_dir():
        for env_dir in dist.iterdir():
            for keep in PRESERVED:
                src = env_dir / keep
                if src.is_dir() and (fresh / env_dir.name).is_dir():
                    shutil.copytree(src, fresh / env_dir.name / keep)
    if dist.exists():
        os.rename(dist, old)
    try:
        os.rename(fresh, dist)
    except BaseException:
        if old.exists():
            os.rename(old, dist)
        raise
    shutil.rmtree(old, ignore_errors=True)
