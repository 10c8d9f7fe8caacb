"""What ``make e2e`` checks: every environment of dist/ in both Istio modes, read through layout.py.

The committed dist/ is checked as it is; the other Istio mode is synthesized into a scratch dist
(``python main.py --description <copy with istio.mode changed> --dist <scratch>``), rendered mode
from the offline charts (``PLATFORM_ISTIO_CHARTS``). Nothing here knows file names beyond what
layout.py says; layers, services and objects are read from the tree.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from e2e.kube import documents
from inference_platform import layout

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Variant:
    """One environment of one dist tree, with the layers layout.py says it has."""
    dist: Path
    env: str
    mode: str
    engines: tuple[str, ...]
    committed: bool
    #: the description it was synthesized from, when not the checkout's platform.yaml (an example)
    source: str = ""

    @property
    def root(self) -> Path:
        return self.dist / self.env

    @property
    def label(self) -> str:
        origin = ("committed dist/" if self.committed else f"{self.source}, synthesized into a scratch dist"
                  if self.source else "synthesized into a scratch dist")
        return f"{self.env} · {self.mode} ({origin})"

    def layers(self) -> tuple[layout.Layer, ...]:
        """The layers present for this environment, in apply order."""
        return tuple(layer for layer in layout.layers_for(self.mode, self.engines)
                     if (self.root / layout.LAYERS_DIR / layer.folder).is_dir())

    def layer_dir(self, layer: layout.Layer) -> Path:
        return self.root / layout.LAYERS_DIR / layer.folder


def kustomize_bin() -> str:
    found = shutil.which("kustomize") or str(REPO / ".tools" / "bin" / "kustomize")
    if not Path(found).exists():
        raise FileNotFoundError("kustomize not found; run `make setup` (it installs .tools/bin/kustomize)")
    return found


def build_folder(folder: Path) -> list[dict]:
    """``kustomize build`` of a folder (what Flux and Argo CD do with it), as documents."""
    out = subprocess.run([kustomize_bin(), "build", str(folder)], check=True, capture_output=True, text=True).stdout
    return documents(out)


def read_documents(path: Path) -> list[dict]:
    return documents(path.read_text())


def _mode_of(env_dir: Path, engines: tuple[str, ...]) -> str | None:
    """The one Istio mode whose layers include every folder present (a layer may be absent when
    the description does not need it, e.g. no KEDA)."""
    present = {p.name for p in (env_dir / layout.LAYERS_DIR).iterdir() if p.is_dir()}
    modes = [mode for mode in (layout.CONTROLLER_MANAGED, layout.RENDERED)
             if present <= {layer.folder for layer in layout.layers_for(mode, engines)}]
    return modes[0] if len(modes) == 1 else None


def variants_of(dist: Path, committed: bool) -> list[Variant]:
    found = []
    for env_dir in sorted(p for p in dist.iterdir() if (p / layout.LAYERS_DIR).is_dir()):
        engines = tuple(e for e in layout.ENGINES
                        if all((env_dir / f).is_dir() for f in layout.ENTRY_FOLDERS[e]))
        mode = _mode_of(env_dir, engines)
        if mode is None:
            raise ValueError(f"{env_dir / layout.LAYERS_DIR} holds folders that match no Istio mode in layout.py: "
                             f"{sorted(p.name for p in (env_dir / layout.LAYERS_DIR).iterdir())}")
        found.append(Variant(dist, env_dir.name, mode, engines, committed))
    return found


#: The examples the e2e applies besides dist/ (examples/<name>.yaml), in their own Istio mode.
E2E_EXAMPLES = ("vllm-tensor-parallel-lora", "prefill-decode-nixl")


def example_variants(scratch: Path, charts: str | None, name: str) -> list[Variant]:
    """Example ``name`` synthesized into a scratch dist of its own, its environments as variants."""
    description = REPO / "examples" / f"{name}.yaml"
    mode = (yaml.safe_load(description.read_text()).get("istio") or {}).get("mode", layout.CONTROLLER_MANAGED)
    dist = synthesize(description, mode, scratch / name, charts)
    return [Variant(v.dist, v.env, v.mode, v.engines, False, f"examples/{name}.yaml")
            for v in variants_of(dist, committed=False)]


def synthesize(description: Path, mode: str, scratch: Path, charts: str | None) -> Path:
    """Synthesize ``description`` with ``istio.mode: <mode>`` (every environment) into scratch/dist."""
    data = yaml.safe_load(description.read_text())
    data.setdefault("istio", {})["mode"] = mode
    if mode == layout.RENDERED and charts:
        data["istio"]["chart_source"] = charts
    for env in (data.get("environments") or {}).values():
        if isinstance(env, dict) and isinstance(env.get("istio"), dict):
            env["istio"].pop("mode", None)
    scratch.mkdir(parents=True, exist_ok=True)
    copy = scratch / f"platform-{mode}.yaml"
    copy.write_text(yaml.safe_dump(data, sort_keys=False))
    out = scratch / f"dist-{mode}"
    result = subprocess.run([sys.executable, "-O", str(REPO / "main.py"), "--description", str(copy),
                             "--dist", str(out)], cwd=REPO, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    if result.returncode != 0:
        raise RuntimeError(f"synthesizing {mode} mode failed (exit {result.returncode}):\n"
                           f"{result.stdout}{result.stderr}")
    return out


def other_modes(committed: list[Variant]) -> list[str]:
    """The Istio modes the committed dist/ is not in: each is synthesized into a scratch dist."""
    modes = {v.mode for v in committed}
    return [m for m in (layout.CONTROLLER_MANAGED, layout.RENDERED) if m not in modes]
