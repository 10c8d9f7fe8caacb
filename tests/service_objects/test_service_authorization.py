"""service_authorization: the service identity and who may call it."""
from __future__ import annotations

from conftest import find, PRINCIPAL


def test_service_account_does_not_automount_its_token(llm):
    (sa,) = find(llm, "ServiceAccount", "llm-chat")
    assert sa["automountServiceAccountToken"] is False
    for deploy in find(llm, "Deployment", "llm-chat-v1") + find(llm, "Deployment", "llm-chat-v2"):
        assert deploy["spec"]["template"]["spec"]["automountServiceAccountToken"] is False


def test_authorization_policy_admits_only_gateway_and_named_callers(llm_classic):
    (ap,) = find(llm_classic, "AuthorizationPolicy")
    assert ap["spec"]["action"] == "ALLOW"
    assert ap["spec"]["selector"] == {"matchLabels": {"app": "llm-chat"}}
    assert ap["spec"]["rules"][0]["from"][0]["source"]["principals"] == [
        PRINCIPAL, "cluster.local/ns/ai-apps/sa/rag-orchestrator"]
