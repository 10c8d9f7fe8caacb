"""Kubernetes-shaped value types shared by the description model and the gate."""
from __future__ import annotations

import re

import pytest
from pydantic import TypeAdapter, ValidationError

from inference_platform.kube_names import (INVALID, DnsLabel, EnvName, HostName, Image, LabelValue, Quantity,
                                           dns_label, image_pinning)


def accepts(tp, value) -> bool:
    try:
        TypeAdapter(tp).validate_python(value)
        return True
    except ValidationError as err:
        assert err.errors()[0]["type"] == INVALID
        return False


@pytest.mark.parametrize("image, pinning", [
    ("vllm/vllm-openai:v0.11.0", "pinned"), ("repo/x@sha256:" + "a" * 64, "pinned"),
    ("registry:5000/team/model", "untagged"), ("vllm/vllm-openai:latest", "moving"), ("vllm", "untagged"),
])
def test_image_pinning(image, pinning):
    assert image_pinning(image) == pinning


@pytest.mark.parametrize("image, ok", [
    ("vllm/vllm-openai:v0.11.0", True), ("registry.example.com:5000/team/model:1.0", True),
    ("ghcr.io/x/y@sha256:" + "b" * 64, True), ("Vllm/Upper:1", False), ("vllm:latest", False),
    ("vllm openai:1", False), ("vllm", False),
])
def test_image_references_follow_the_distribution_grammar_and_are_pinned(image, ok):
    assert accepts(Image, image) is ok


@pytest.mark.parametrize("value, ok", [("ai-llm", True), ("a" * 63, True), ("a" * 64, False), ("-a", False),
                                       ("A", False), ("a_b", False), ("", False)])
def test_dns_labels(value, ok):
    assert accepts(DnsLabel, value) is ok


def test_dns_1035_labels_start_with_a_letter_and_limits_apply():
    assert accepts(dns_label(rfc=1035), "1abc") is False
    assert accepts(dns_label(5), "abcdef") is False


@pytest.mark.parametrize("value, ok", [("500m", True), ("2", True), ("16Gi", True), (".5", True), ("two", False),
                                       ("1.5.2", False), ("1 Gi", False)])
def test_quantities(value, ok):
    assert accepts(Quantity, value) is ok


@pytest.mark.parametrize("tp, value, ok", [
    (HostName, "chat.example.com", True), (HostName, "*.example.com", True), (HostName, "localhost", False),
    (EnvName, "HF_HOME", True), (EnvName, "1X", False), (LabelValue, "", True), (LabelValue, "a" * 64, False),
])
def test_other_names(tp, value, ok):
    assert accepts(tp, value) is ok


def test_json_schema_patterns_are_anchored_and_agree_with_the_check():
    schema = TypeAdapter(DnsLabel).json_schema()
    assert schema["pattern"].startswith("^") and schema["maxLength"] == 63
    for value in ("ai-llm", "x-ai-llm-", "bad_name"):
        assert bool(re.search(schema["pattern"], value)) is accepts(DnsLabel, value)
