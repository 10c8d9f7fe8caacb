"""A platform description with N services shaped like the default ones, for `make bench`.

Service ``i`` copies default service ``i % len(defaults)`` of ``platform.yaml`` (so with the
three defaults a third are two-version canaries like ``llm-chat``), renamed ``<name>-<i>``,
with its hosts, metric targets and per-environment overrides renamed to match. Everything
else (Istio, GitOps, namespaces, environments) is the default description's, so the bench
measures how the synth scales with services, not with anything else.

``python tools/bench_description.py N [OUT]`` writes it (default: stdout).
"""
from __future__ import annotations

import copy
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
DEFAULT = REPO / "platform.yaml"


def _rename_host(host: str, old: str, new: str) -> str:
    first, _, rest = host.partition(".")
    return f"{first}-{new[len(old) + 1:]}.{rest}" if rest else f"{host}-{new}"


def _renamed(service: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    svc = copy.deepcopy(service)
    svc["name"] = new
    traffic = svc.get("traffic") or {}
    if "hosts" in traffic:
        traffic["hosts"] = [_rename_host(h, old, new) for h in traffic["hosts"]]
    for metric in (svc.get("autoscaling") or {}).get("metrics") or []:
        described = metric.get("described_object")
        if described and described.get("kind") == "Service" and described.get("name") == old:
            described["name"] = new
    return svc


def generate(n: int, base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The default description (or ``base``) with ``n`` services cycled from its own."""
    base = copy.deepcopy(base if base is not None else yaml.safe_load(DEFAULT.read_text(encoding="utf-8")))
    templates = base["services"]
    services, overrides = [], {env: {} for env in (base.get("environments") or {})}
    for i in range(n):
        tmpl = templates[i % len(templates)]
        old, new = tmpl["name"], f"{tmpl['name']}-{i}"
        services.append(_renamed(tmpl, old, new))
        for env, spec in (base.get("environments") or {}).items():
            override = ((spec or {}).get("services") or {}).get(old)
            if override is not None:
                overrides[env][new] = _renamed(override | {"name": old}, old, new)
                del overrides[env][new]["name"]
    base["services"] = services
    for env, spec in (base.get("environments") or {}).items():
        if spec and "services" in spec:
            spec["services"] = overrides[env]
    return base


def main(argv: list[str]) -> int:
    if not argv or not argv[0].isdigit() or int(argv[0]) < 1:
        print(f"usage: python tools/bench_description.py N [OUT]  (N a positive integer; got {argv[:1]!r})",
              file=sys.stderr)
        return 2
    text = yaml.safe_dump(generate(int(argv[0])), sort_keys=False, width=4096)
    if len(argv) > 1:
        Path(argv[1]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
