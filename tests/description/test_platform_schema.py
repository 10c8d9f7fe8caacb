"""platform.schema.json: generated from the model, committed, and useful in an editor."""
from __future__ import annotations

import json

import jsonschema
import pytest

from conftest import REPO
from inference_platform.description import DescriptionError, parse
from inference_platform.description.json_schema import SCHEMA_FILE, render


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_FILE.read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_committed_schema_is_the_models():
    assert SCHEMA_FILE.read_text() == render(), "platform.schema.json is stale: run `make schema`"


def test_platform_yaml_points_editors_at_the_schema():
    assert (REPO / "platform.yaml").read_text().splitlines()[0] == \
        "# yaml-language-server: $schema=./platform.schema.json"


def test_platform_yaml_passes_the_schema(validator, default_description):
    assert [e.message for e in validator.iter_errors(default_description)] == []


def test_schema_and_loader_flag_the_same_misspelt_key(validator, description):
    description["services"][0]["imagee"] = description["services"][0].pop("image")
    schema_errors = [(list(e.path), e.message) for e in validator.iter_errors(description)]
    assert (["services", 0], "Additional properties are not allowed ('imagee' was unexpected)") in schema_errors
    with pytest.raises(DescriptionError) as err:
        parse(description)
    assert err.value.problems == [
        "services[0].image: required; expected a string",
        "services[0].imagee: unknown key; allowed keys here: name, namespace, image, server, ports, scrape, args, env, "
        "image_pull_secrets, resources, rollout, probes, cache, node_selector, node_affinity, tolerations, pod_labels, "
        "pod_annotations, runtime_class_name, "
        "priority_class_name, topology_spread, pod_anti_affinity, run_as_user, fs_group, read_only_root_filesystem, "
        "egress, cold_start_seconds, autoscaling, versions, traffic, callers, init_containers, patches, inference"]


def test_schema_checks_environment_overrides_without_requiring_keys(validator, description):
    # An override names only what changes (no 'image' etc.), but what it names is checked.
    assert [e.message for e in validator.iter_errors(description)] == []
    description["environments"]["dev"]["services"]["llm-chat"]["resources"] = {"cpu": "two"}
    description["environments"]["dev"]["istio"]["gateway"]["autoscaling"]["min_replicas"] = 0
    description["environments"]["dev"]["services"]["vision"] = None  # drops it in dev
    paths = sorted(list(e.path) for e in validator.iter_errors(description))
    assert paths == [["environments", "dev", "istio", "gateway", "autoscaling", "min_replicas"],
                     ["environments", "dev", "services", "llm-chat", "resources", "cpu"]]


def test_schema_carries_bounds_names_and_nested_defaults():
    schema = json.loads(SCHEMA_FILE.read_text())
    defs = schema["$defs"]
    assert defs["ServicePort"]["properties"]["port"]["maximum"] == 65535
    assert defs["Istio"]["properties"]["version"]["enum"] == ["1.30.3"]
    assert schema["properties"]["istio"]["default"]["gateway"]["autoscaling"]["min_replicas"] == 2
    assert defs["Service"]["additionalProperties"] is False
