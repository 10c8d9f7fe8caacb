"""Health of the Gateway API objects for the GitOps engines: Flux ``healthCheckExprs`` and Argo CD's Lua check.

Routes and InferencePools have no top-level conditions: a gateway reports on them per parent, in
``status.parents[].conditions`` (``Accepted``: the gateway took it; ``ResolvedRefs``: everything it
references exists). Flux's default health (kstatus) and Argo CD's default for custom resources see
nothing there and call them healthy at once, so a layer would be "Ready" while its gateway refused
the route or the pool. These checks wait for every parent to report both conditions True, and fail
as soon as one reports either False. A Gateway's own conditions are top-level: it is healthy once
``Programmed`` (istiod deployed it and it has an address).

Flux: the apps and mesh Kustomizations carry :data:`FLUX_HEALTH_CHECKS` wherever the environment
uses the Gateway API (https://fluxcd.io/flux/components/kustomize/kustomizations/#health-check-expressions);
the optional-field syntax (``status.?parents.orValue([])``) keeps an object without status in progress
instead of an evaluation error. Argo CD: :data:`ARGOCD_LUA` goes into ``argocd-cm`` (README) for each
key of :data:`ARGOCD_KEYS` (https://argo-cd.readthedocs.io/en/stable/operator-manual/health/).
"""
from __future__ import annotations

from inference_platform.contract import GATEWAY_API, GATEWAY_API_GROUP, INFERENCE_API, INFERENCE_GROUP

__all__ = ["PARENTS_CURRENT", "PARENTS_FAILED", "FLUX_HEALTH_CHECKS", "ARGOCD_LUA", "ARGOCD_KEYS"]

_PARENTS = "status.?parents.orValue([])"
_CONDITIONS = "p.?conditions.orValue([])"
#: Every parent has accepted the object and resolved its references (and there is at least one parent).
PARENTS_CURRENT = (f"{_PARENTS}.size() > 0 && {_PARENTS}.all(p, "
                   f"{_CONDITIONS}.exists(c, c.type == 'Accepted' && c.status == 'True') && "
                   f"{_CONDITIONS}.exists(c, c.type == 'ResolvedRefs' && c.status == 'True'))")
#: Some parent refused it or could not resolve what it references.
PARENTS_FAILED = (f"{_PARENTS}.exists(p, {_CONDITIONS}.exists(c, "
                  "(c.type == 'Accepted' || c.type == 'ResolvedRefs') && c.status == 'False'))")
_GATEWAY_CONDITIONS = "status.?conditions.orValue([])"

#: (apiVersion, kind, current, failed) per kind.
FLUX_HEALTH_CHECKS: tuple[dict[str, str], ...] = (
    *({"apiVersion": GATEWAY_API, "kind": kind, "current": PARENTS_CURRENT, "failed": PARENTS_FAILED}
      for kind in ("HTTPRoute", "GRPCRoute")),
    {"apiVersion": INFERENCE_API, "kind": "InferencePool", "current": PARENTS_CURRENT, "failed": PARENTS_FAILED},
    {"apiVersion": GATEWAY_API, "kind": "Gateway",
     "current": f"{_GATEWAY_CONDITIONS}.exists(c, c.type == 'Programmed' && c.status == 'True')",
     "failed": f"{_GATEWAY_CONDITIONS}.exists(c, c.type == 'Accepted' && c.status == 'False')"},
)

#: Argo CD health for objects reported per parent (``status.parents[].conditions``).
ARGOCD_LUA = """\
hs = {status = "Progressing", message = "Waiting for a gateway to accept it"}
if obj.status == nil or obj.status.parents == nil or #obj.status.parents == 0 then
  return hs
end
for _, parent in ipairs(obj.status.parents) do
  local name = (parent.parentRef and parent.parentRef.name) or "parent"
  local found = {}
  for _, c in ipairs(parent.conditions or {}) do
    if c.type == "Accepted" or c.type == "ResolvedRefs" then
      if c.status == "False" then
        hs.status = "Degraded"
        hs.message = name .. ": " .. c.type .. " False: " .. (c.reason or "") .. " " .. (c.message or "")
        return hs
      end
      if c.status == "True" then found[c.type] = true end
    end
  end
  if not (found.Accepted and found.ResolvedRefs) then
    hs.message = "Waiting for " .. name .. " to accept it and resolve its references"
    return hs
  end
end
hs.status = "Healthy"
hs.message = "Accepted with references resolved by every parent"
return hs
"""
#: The ``argocd-cm`` keys the script goes under (``resource.customizations.health.<group>_<kind>``).
ARGOCD_KEYS = tuple(f"resource.customizations.health.{group}_{kind}" for group, kind in (
    (INFERENCE_GROUP, "InferencePool"), (GATEWAY_API_GROUP, "HTTPRoute"), (GATEWAY_API_GROUP, "GRPCRoute")))
