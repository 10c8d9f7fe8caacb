"""Schema validation of the gate: core kinds strictly per Kubernetes version, custom resources per CRD."""
from __future__ import annotations

import pytest

from inference_platform.gate import check_documents, check_schema, load_crds
from inference_platform.gate.model import Document
from inference_platform.gate.schemas import CrdIndex, structural_to_json_schema


def deployment(**spec) -> dict:
    return {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "chat", "namespace": "apps"},
            "spec": {"selector": {"matchLabels": {"app": "chat"}},
                     "template": {"metadata": {"labels": {"app": "chat"}},
                                  "spec": {"containers": [{"name": "server", "image": "vllm/vllm-openai:v0.11.0"}]}},
                     **spec}}


def virtual_service(**http) -> dict:
    return {"apiVersion": "networking.istio.io/v1", "kind": "VirtualService",
            "metadata": {"name": "chat", "namespace": "apps"},
            "spec": {"hosts": ["chat"], "http": [{"route": [{"destination": {"host": "chat"}}], **http}]}}


def schema_problems(obj: dict, version: str = "1.34") -> list[tuple[str, str, str]]:
    return [(f.path, f.rule, f.message)
            for f in check_schema(Document("x.yaml", 0, obj), kubernetes_version=version, crds=load_crds())]


def test_valid_core_and_istio_objects_pass():
    assert schema_problems(deployment()) == []
    assert schema_problems(virtual_service(timeout="30s")) == []


def test_fails_on_an_unknown_field_in_a_core_kind():
    assert schema_problems(deployment(replica=2)) == [
        ("spec", "schema", "Additional properties are not allowed ('replica' was unexpected) (Kubernetes 1.34)")]


def test_fails_on_an_unknown_field_in_an_istio_resource():
    assert schema_problems(virtual_service(timeoutSeconds=30)) == [
        ("spec.http[0]", "schema", "Additional properties are not allowed ('timeoutSeconds' was unexpected) "
                                   "(CRD virtualservices.networking.istio.io v1)")]


def test_fails_on_an_unknown_metadata_field_of_a_custom_resource():
    obj = virtual_service()
    obj["metadata"]["label"] = {"app": "chat"}
    assert schema_problems(obj) == [
        ("metadata", "schema", "Additional properties are not allowed ('label' was unexpected) "
                               "(CRD virtualservices.networking.istio.io v1)")]


def test_fails_on_a_wrong_type_and_an_enum_in_an_istio_resource():
    obj = {"apiVersion": "networking.istio.io/v1", "kind": "DestinationRule",
           "metadata": {"name": "chat", "namespace": "apps"},
           "spec": {"host": "chat", "trafficPolicy": {"loadBalancer": {"simple": "FASTEST"}},
                    "subsets": [{"name": "v1", "labels": {"version": 1}}]}}
    assert schema_problems(obj) == [
        ("spec.subsets[0].labels.version", "schema",
         "1 is not of type 'string' (CRD destinationrules.networking.istio.io v1)"),
        ("spec.trafficPolicy.loadBalancer.simple", "schema",
         "'FASTEST' is not one of ['UNSPECIFIED', 'LEAST_CONN', 'RANDOM', 'PASSTHROUGH', 'ROUND_ROBIN', "
         "'LEAST_REQUEST'] (CRD destinationrules.networking.istio.io v1)")]


def test_reports_every_schema_error_of_a_document():
    obj = deployment(replica=2, paused="yes")
    obj["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = 1
    assert [path for path, _, _ in schema_problems(obj)] == [
        "spec", "spec.paused", "spec.template.spec.containers[0].imagePullPolicy"]


def test_fails_on_a_kind_without_crd_or_core_schema():
    obj = {"apiVersion": "networking.example.com/v1", "kind": "Route", "metadata": {"name": "x"}}
    assert schema_problems(obj) == [(
        "kind", "unknown-kind",
        "Route (networking.example.com/v1) is neither a Kubernetes 1.34 kind nor defined by a known CRD")]


def test_istio_group_does_not_borrow_a_core_schema_with_the_same_first_label():
    # kubernetes-validate files networking.k8s.io kinds as "networking-v1"; Istio's group must not match.
    obj = {"apiVersion": "networking.istio.io/v1", "kind": "Ingress", "metadata": {"name": "x"}}
    assert schema_problems(obj)[0][1] == "unknown-kind"


def test_fails_on_a_custom_resource_version_the_crd_does_not_serve():
    obj = virtual_service()
    obj["apiVersion"] = "networking.istio.io/v2"
    assert schema_problems(obj) == [(
        "apiVersion", "schema", "'networking.istio.io/v2' is not served by CRD virtualservices.networking.istio.io; "
                                "served: v1, v1alpha3, v1beta1")]


def test_core_kinds_follow_the_target_kubernetes_version():
    hpa = {"apiVersion": "autoscaling/v2beta2", "kind": "HorizontalPodAutoscaler", "metadata": {"name": "x"},
           "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "x"}, "maxReplicas": 2}}
    assert schema_problems(hpa, "1.32")[0][1] == "unknown-kind"  # removed in Kubernetes 1.26


def test_rejects_a_kubernetes_version_outside_the_supported_range():
    with pytest.raises(ValueError, match=r"Kubernetes version '1.31' is not supported; allowed: 1.32, 1.33"):
        schema_problems(deployment(), "1.31")


def test_preserve_unknown_fields_admits_any_helm_values():
    release = {"apiVersion": "helm.toolkit.fluxcd.io/v2", "kind": "HelmRelease",
               "metadata": {"name": "istiod", "namespace": "flux-system"},
               "spec": {"interval": "10m", "chart": {"spec": {"chart": "istiod", "version": "1.30.3",
                                                              "sourceRef": {"kind": "HelmRepository", "name": "istio"}}},
                        "values": {"anything": {"nested": [1, "two"]}}}}
    assert schema_problems(release) == []
    release["spec"]["chart"]["spec"]["versions"] = "1.30.3"
    assert [m for _, _, m in schema_problems(release)] == [
        "Additional properties are not allowed ('versions' was unexpected) (CRD helmreleases.helm.toolkit.fluxcd.io v2)"]


def test_int_or_string_nullable_and_embedded_resources_convert_to_json_schema():
    schema = structural_to_json_schema({"type": "object", "properties": {
        "port": {"x-kubernetes-int-or-string": True, "anyOf": [{"type": "integer"}, {"type": "string"}]},
        "note": {"type": "string", "nullable": True},
        "template": {"type": "object", "x-kubernetes-embedded-resource": True,
                     "properties": {"spec": {"type": "object", "x-kubernetes-preserve-unknown-fields": True}}}}})
    assert schema["additionalProperties"] is False
    assert schema["properties"]["port"]["type"] == ["integer", "string"]
    assert schema["properties"]["note"]["type"] == ["string", "null"]
    template = schema["properties"]["template"]
    assert set(template["properties"]) == {"spec", "apiVersion", "kind", "metadata"}
    assert "additionalProperties" not in template["properties"]["spec"]


def test_custom_resource_validates_against_a_crd_defined_in_the_tree():
    crd = {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
           "metadata": {"name": "models.ai.example.com"},
           "spec": {"group": "ai.example.com", "scope": "Namespaced",
                    "names": {"kind": "Model", "plural": "models", "singular": "model", "listKind": "ModelList"},
                    "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
                        "type": "object", "properties": {"spec": {"type": "object", "properties": {
                            "replicas": {"x-kubernetes-int-or-string": True}}}}}}}]}}
    model = {"apiVersion": "ai.example.com/v1", "kind": "Model", "metadata": {"name": "m", "namespace": "apps"},
             "spec": {"replicas": "2", "gpus": 1}}
    found = check_documents([crd, model], crds=CrdIndex(), rules=False)
    assert [(f.path, f.message) for f in found] == [
        ("spec", "Additional properties are not allowed ('gpus' was unexpected) (CRD models.ai.example.com v1)")]


def test_reports_a_file_that_is_not_yaml(tmp_path):
    from inference_platform.gate import check_tree

    (tmp_path / "layers" / "50-apps").mkdir(parents=True)
    (tmp_path / "layers" / "50-apps" / "broken.yaml").write_text("kind: [unclosed\n")
    assert [(f.rule, f.message) for f in check_tree(tmp_path)] == [
        ("yaml-syntax", "not valid YAML at line 2, column 1: did not find expected ',' or ']'")]


def test_a_crd_pattern_with_inline_flags_after_the_caret_is_checked_as_the_api_server_reads_it():
    # prometheus-operator's ^(?i)(abort|warn)?$ is Go syntax that Python's re rejects in place;
    # the gate had crashed with re.error on any PrometheusRule setting the field.
    def rule(strategy: str) -> dict:
        return {"apiVersion": "monitoring.coreos.com/v1", "kind": "PrometheusRule",
                "metadata": {"name": "rules", "namespace": "apps"},
                "spec": {"groups": [{"name": "g", "partial_response_strategy": strategy, "rules": []}]}}

    assert schema_problems(rule("warn")) == schema_problems(rule("ABORT")) == []
    assert [(path, rule_id) for path, rule_id, _ in schema_problems(rule("ignore"))] == [
        ("spec.groups[0].partial_response_strategy", "schema")]
