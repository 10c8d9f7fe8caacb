"""The GitOps health checks of Gateway API objects: the Argo CD Lua run by a real Lua interpreter (lupa),
the README block equal to it, and the Flux CEL expressions' shape."""
from __future__ import annotations

import pytest

from conftest import REPO, require_shared
from inference_platform.catalog.health import ARGOCD_KEYS, ARGOCD_LUA, FLUX_HEALTH_CHECKS


def _lua():
    try:
        import lupa
    except ImportError:  # Pipfile's dev packages include it; an old environment lacks it
        require_shared("lupa (a Lua interpreter, Pipfile dev-packages) is not installed: run `make setup`")
    return lupa.LuaRuntime(unpack_returned_tuples=True)


def health(obj: dict) -> tuple[str, str]:
    """(status, message) of Argo CD's check on ``obj``, as Argo CD runs it (``obj`` global, a table)."""
    lua = _lua()

    def table(value):
        if isinstance(value, dict):
            return lua.table_from({k: table(v) for k, v in value.items()})
        if isinstance(value, list):
            return lua.table_from([table(v) for v in value])
        return value
    lua.globals().obj = table(obj)
    result = lua.execute(ARGOCD_LUA)
    return result["status"], result["message"]


def parents(*conditions: tuple[str, str]) -> dict:
    return {"status": {"parents": [{"parentRef": {"name": "gw"},
                                    "conditions": [{"type": t, "status": s, "reason": "R", "message": "m"}
                                                   for t, s in conditions]}]}}


def test_a_pool_no_gateway_reported_on_is_progressing():
    assert health({"spec": {}})[0] == "Progressing"
    assert health({"status": {"parents": []}})[0] == "Progressing"
    assert health(parents(("Accepted", "True")))[0] == "Progressing"


def test_accepted_with_resolved_references_by_every_parent_is_healthy():
    assert health(parents(("Accepted", "True"), ("ResolvedRefs", "True"))) == (
        "Healthy", "Accepted with references resolved by every parent")


def test_a_refusal_is_degraded_with_the_gateways_reason():
    status, message = health(parents(("Accepted", "True"), ("ResolvedRefs", "False")))
    assert status == "Degraded"
    assert message.startswith("gw: ResolvedRefs False: R m")


def test_readme_carries_the_script_for_argocd():
    readme = (REPO / "README.md").read_text()
    assert ARGOCD_KEYS[0] + ": |" in readme
    indented = "\n".join("    " + line if line else "" for line in ARGOCD_LUA.rstrip("\n").split("\n"))
    assert indented in readme


@pytest.mark.parametrize("check", FLUX_HEALTH_CHECKS, ids=lambda c: c["kind"])
def test_flux_expressions_tolerate_a_missing_status(check):
    # an object Flux has just applied has no status: optional field access keeps it in progress
    assert "status.?" in check["current"] and "status.?" in check["failed"]
