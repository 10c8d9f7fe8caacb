"""A Kustomization that became Ready only after Flux retried a failed attempt is noted (offline, no cluster)."""
from __future__ import annotations

from e2e.flux import kustomization_ready


class OneKustomization:
    """The API server as far as kustomization_ready asks: each GET returns the next state."""

    def __init__(self, *states: tuple[str, str, str]):
        self.states = list(states)

    def get(self, api_version, kind, name, namespace=None):
        status, reason, message = self.states.pop(0)
        return {"metadata": {"name": name, "generation": 1},
                "status": {"lastAppliedRevision": "main@sha1:abc123" if status == "True" else "",
                           "conditions": [{"type": "Ready", "status": status, "reason": reason,
                                           "message": message, "observedGeneration": 1}]}}


def test_a_failed_attempt_is_recorded_once_and_waiting_is_not():
    kube = OneKustomization(("Unknown", "Progressing", "Reconciliation in progress"),
                            ("False", "DependencyNotReady", "dependency 'flux-system/ns' is not ready"),
                            ("False", "ReconciliationFailed", "Namespace/ai-llm dry-run failed: timeout"),
                            ("False", "ReconciliationFailed", "Namespace/ai-llm dry-run failed: timeout"),
                            ("True", "ReconciliationSucceeded", "Applied revision: main@sha1:abc123"))
    attempts: list[str] = []
    seen = [kustomization_ready(kube, "ns", "abc123", False, attempts) for _ in range(5)]
    assert seen == [False, False, False, False, True]
    assert attempts == ["ReconciliationFailed: Namespace/ai-llm dry-run failed: timeout"]


def test_a_first_attempt_that_succeeds_records_nothing():
    attempts: list[str] = []
    assert kustomization_ready(OneKustomization(("True", "ReconciliationSucceeded", "")), "ns", "abc123", False,
                               attempts)
    assert attempts == []
