"""The description loader: strict, complete error reports with field paths; Python use."""
from __future__ import annotations

import typing

import pytest
from pydantic import BaseModel

from conftest import problems_of
from inference_platform.description import (
    Autoscaling, DescriptionError, Namespace, Platform, Service, Traffic, Version, load_file, parse,
)
from inference_platform.description.errors import unwrap


def test_default_description_loads_with_four_services_and_two_environments():
    platform = load_file("platform.yaml")
    assert [s.name for s in platform.services] == ["llm-chat", "embeddings", "reranker", "vision"]
    assert platform.environment_names() == ["dev", "prod"]
    llm = platform.services[0]
    assert llm.resources.gpu == 1 and [p.port for p in llm.port_list] == [8000]
    assert [(v.name, v.weight) for v in llm.versions] == [("v1", 90), ("v2", 10)]
    assert llm.probes.startup.period_seconds * llm.probes.startup.failure_threshold >= 600


def test_environment_overrides_merge_into_services_by_name():
    platform = load_file("platform.yaml")
    dev = platform.environment("dev")
    llm = dev.services[0]
    assert llm.autoscaling.max_replicas == 2 and llm.autoscaling.min_replicas == 1
    assert [v.weight for v in llm.versions] == [50, 50]
    assert llm.traffic.hosts == ("chat.dev.ai.example.com",)
    assert llm.traffic.timeout_seconds == 600  # untouched keys survive the merge
    assert platform.environment("prod").services[0].autoscaling.min_replicas == 2


def test_reports_every_problem_with_path_value_and_what_is_allowed(description):
    svc = description["services"]
    svc[0]["autoscale"] = {"min_replicas": 1}
    svc[0]["autoscaling"]["min_replicas"] = 5
    svc[1]["versions"] = [{"name": "v1", "weight": 60}, {"name": "v1", "weight": 30}]
    svc[2]["ports"] = [{"name": "http-api", "port": "8080"}]
    # Field problems first, then every rule that could still run (the second pass).
    assert problems_of(description) == [
        "services[0].autoscale: unknown key; allowed keys here: name, namespace, image, server, ports, scrape, args, env, "
        "image_pull_secrets, resources, rollout, probes, cache, node_selector, node_affinity, tolerations, pod_labels, "
        "pod_annotations, runtime_class_name, "
        "priority_class_name, topology_spread, pod_anti_affinity, run_as_user, fs_group, read_only_root_filesystem, "
        "egress, cold_start_seconds, autoscaling, versions, traffic, callers, init_containers, patches, inference",
        "services[2].ports[0].port: '8080' is not an integer; write it without quotes",
        "services[0].autoscaling.max_replicas: 4 is less than min_replicas (5)",
        "services[1].versions[1].name: duplicate version 'v1'",
        "services[1].versions: weights 60 + 30 = 90; they must sum to 100",
    ]


def test_fails_when_names_are_not_dns_labels_or_duplicated(description):
    description["services"][1]["name"] = "Embeddings_v1"
    description["services"][2]["name"] = "llm-chat"
    description["namespaces"].append({"name": "ai-llm"})
    assert problems_of(description) == [
        "services[1].name: 'Embeddings_v1' is not a DNS-1035 label (lower-case letters, digits and '-', "
        "starting with a letter and ending with an alphanumeric character, at most 40 characters)",
        "namespaces[3].name: duplicate namespace 'ai-llm'",
        "services[2].name: duplicate service 'llm-chat' (also services[0])",
    ]


def test_fails_on_wrong_types_and_enum_values(description):
    description["services"][0]["resources"]["gpu"] = "one"
    description["services"][0]["traffic"]["load_balancer"] = "FASTEST"
    description["istio"]["mode"] = "manual"
    description["services"][1]["autoscaling"]["min_replicas"] = True
    assert problems_of(description) == [
        "istio.mode: 'manual' is not allowed; expected one of 'controller-managed', 'rendered'",
        "services[0].resources.gpu: 'one' is not an integer",
        "services[0].traffic.load_balancer: 'FASTEST' is not allowed; expected one of 'LEAST_REQUEST', "
        "'ROUND_ROBIN', 'RANDOM', 'PASSTHROUGH'",
        "services[1].autoscaling.min_replicas: True is not an integer",
    ]


def test_fails_on_unpinned_images_and_unsafe_retries(description):
    description["services"][0]["image"] = "vllm/vllm-openai:latest"
    description["services"][1]["image"] = "ghcr.io/huggingface/text-embeddings-inference"
    description["services"][2]["traffic"]["retries"] = {"attempts": 3, "per_try_timeout_seconds": 20,
                                                        "retry_on": ["5xx"]}
    assert problems_of(description) == [
        "services[0].image: 'vllm/vllm-openai:latest' uses a moving tag; pin a version tag or an @sha256: digest",
        "services[1].image: 'ghcr.io/huggingface/text-embeddings-inference' is not pinned; add a tag or an "
        "@sha256: digest",
        "services[2].traffic.retries.retry_on[0]: '5xx' can re-run a non-idempotent inference call; allowed: "
        "connect-failure, refused-stream, reset-before-request, unavailable, cancelled",
        "services[2].traffic.retries: attempts x per_try_timeout_seconds (60s) exceeds timeout_seconds (30s)",
    ]


def test_environment_problems_name_the_environment(description):
    description["environments"]["prod"]["services"]["llm-chat"]["autoscaling"]["max_replicas"] = 1
    description["environments"]["dev"]["services"]["nope"] = {"port": 1}
    assert problems_of(description) == [
        "environments.dev.services.nope: no such service; known: llm-chat, embeddings, reranker, vision (a service "
        "only this environment runs needs at least namespace and image)",
        "environments.prod.services.llm-chat.autoscaling.max_replicas: 1 is less than min_replicas (2)",
    ]


def test_reports_yaml_syntax_errors_with_position(tmp_path):
    bad = tmp_path / "p.yaml"
    bad.write_text("services:\n  - name: a\n   namespace: b\n")
    with pytest.raises(DescriptionError) as err:
        load_file(bad)
    assert err.value.problems == [f"{bad}: not valid YAML at line 3, column 4: expected <block end>, but found '<block mapping start>'"]


def test_platform_built_in_python_is_validated_on_construction():
    with pytest.raises(DescriptionError) as err:
        Autoscaling(min_replicas=3, max_replicas=2)
    assert err.value.problems == ["max_replicas: 2 is less than min_replicas (3)"]
    with pytest.raises(DescriptionError) as err:
        Service(name="chat", namespace="ai", image="repo/chat:1.0",
                versions=(Version(name="a", weight=50), Version(name="b", weight=40)))
    assert err.value.problems == ["versions: weights 50 + 40 = 90; they must sum to 100"]
    chat = Service(name="chat", namespace="ai", image="repo/chat:1.0", traffic=Traffic(hosts=("chat.example.com",)))
    with pytest.raises(DescriptionError) as err:
        Platform(namespaces=(Namespace(name="ml"),), services=(chat,), kubernetes_version="1.20")
    # The namespace rule still runs although a field of the Platform itself is wrong.
    assert err.value.problems == [
        "kubernetes_version: '1.20' is outside Istio 1.30's supported range; allowed: 1.32, 1.33, 1.34, 1.35, 1.36",
        "services[0].namespace: 'ai' is not declared; declared: ml",
    ]
    good = Platform(namespaces=(Namespace(name="ai"),), services=(chat,))
    assert good.services[0].versions[0].weight == 100


def test_message_lists_all_problems_in_one_error(description):
    description["services"][0]["ports"] = [{"name": "http-api", "port": 0}]
    description["services"][1]["namespace"] = "missing"
    with pytest.raises(DescriptionError) as err:
        parse(description)
    assert str(err.value).splitlines() == [
        "the platform description has 2 problems:",
        "  - services[0].ports[0].port: 0 is out of range; allowed: between 1 and 65535",
        "  - services[1].namespace: 'missing' is not declared; declared: ai-llm, ai-retrieval, ai-vision",
    ]


def all_fields():
    seen, todo, out = set(), [Platform], []
    while todo:
        cls = todo.pop()
        if cls in seen:
            continue
        seen.add(cls)
        for name, field in cls.model_fields.items():
            out.append((cls, name, field))
            for arg in [field.annotation, *typing.get_args(field.annotation)]:
                for inner in [arg, *typing.get_args(arg)]:
                    if isinstance(inner, type) and issubclass(inner, BaseModel):
                        todo.append(inner)
    return out


def test_every_field_is_documented_and_every_integer_bounded():
    undocumented = [f"{cls.__name__}.{name}" for cls, name, field in all_fields() if not field.description]
    ints = [(cls, name, field) for cls, name, field in all_fields()
            if unwrap(field.annotation)[0] is int]
    unbounded = [f"{cls.__name__}.{name}" for cls, name, field in ints
                 if not ({"ge", "le"} <= {attr for m in field.metadata for attr in ("ge", "le") if hasattr(m, attr)})]
    assert (undocumented, unbounded) == ([], [])
    assert len(ints) > 30  # the walk found the model's integers


def test_models_are_frozen_and_strict():
    platform = load_file("platform.yaml")
    with pytest.raises(Exception):
        platform.services[0].ports = ()  # type: ignore[misc]
    assert platform.services[0].model_config["strict"] and platform.model_config["extra"] == "forbid"


def test_environments_are_resolved_once_and_cached():
    platform = load_file("platform.yaml")
    assert platform.environment("prod") is platform.environment("prod")
    assert platform.resolved_environments()["dev"] is platform.environment("dev")


def test_a_services_derived_facts_are_computed_once_and_a_copy_computes_its_own():
    svc = Service(name="chat", namespace="ai", image="repo/chat:1.0", server="triton")
    assert svc.port_list is svc.port_list and svc.cache_env is svc.cache_env
    assert [p.name for p in svc.api_ports] == ["http-api", "grpc-api"]
    copy = svc.model_copy(update={"server": "vllm"})
    assert [p.name for p in copy.api_ports] == ["http-api"] and copy.metrics_port.port == 8000
    assert [p.name for p in svc.api_ports] == ["http-api", "grpc-api"]
    assert copy.model_dump() == Service(name="chat", namespace="ai", image="repo/chat:1.0", server="vllm").model_dump()
    assert svc == Service(name="chat", namespace="ai", image="repo/chat:1.0", server="triton")
