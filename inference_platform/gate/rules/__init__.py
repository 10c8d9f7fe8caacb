"""Cross-object rules: what ``istioctl analyze``, Argo CD, the kubelet and a careful reviewer would flag
across files.

Rules see one environment (``dist/<env>/``, all layers and entry points together) at a time.
Each has a stable id (the keys of :data:`RULES`), used in reports and in tests. The rules live
by subject in the modules of this package; importing them registers them, in this order:

* :mod:`.routing` – VirtualService destinations, weights, retries, mesh routes; DestinationRules; port names
* :mod:`.gateways` – Gateway bindings, admitted hosts, TLS credentials
* :mod:`.gateway_api` – Gateway API routes: parents, backends, uniqueness, listener TLS
* :mod:`.inference` – InferencePools: selected pods and ports, the picker, istiod's flag
* :mod:`.authorization` – AuthorizationPolicy rules without a principal, NetworkPolicies beside them
* :mod:`.autoscaling` – HorizontalPodAutoscalers and PodDisruptionBudgets
* :mod:`.scaling_metrics` – KEDA ScaledObjects, their metrics and the PodMonitors that scrape them
* :mod:`.pods` – images, ephemeral storage, probes
* :mod:`.namespaces` – namespaces created before use, duplicates
* :mod:`.argocd` – Applications against their AppProject, as Argo CD checks them
"""
from __future__ import annotations

from inference_platform.gate.model import Document, Finding
# Importing a rule module registers its rules; this order is the order of --list-rules.
from inference_platform.gate.rules import routing, gateways, autoscaling, scaling_metrics, pods, namespaces, argocd  # noqa: F401,I001
from inference_platform.gate.rules import servers  # noqa: F401,I001  (model servers: credentials, caches)
from inference_platform.gate.rules import authorization  # noqa: F401,I001  (who may reach a workload)
from inference_platform.gate.rules import gateway_api  # noqa: F401,I001  (Gateway API routes and what they reach)
from inference_platform.gate.rules import inference  # noqa: F401,I001  (InferencePools and their pickers)
from inference_platform.gate.rules.base import RULES, Index, Rule, rule

__all__ = ["RULES", "Rule", "Index", "rule", "check_rules"]


def check_rules(docs: list[Document]) -> list[Finding]:
    """Every cross-object finding for one environment's documents."""
    index = Index(docs)
    return [finding for fn, _ in RULES.values() for finding in fn(index)]
