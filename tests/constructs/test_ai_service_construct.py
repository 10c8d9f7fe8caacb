"""AiService the construct: in any Chart it renders exactly what the synth writes for the service."""
from __future__ import annotations

import cdk8s
import pytest
from cdk8s_plus_27 import k8s

from conftest import CHART_LABELS, synth_construct, synth_service
from constructs.ai_service import AiService
from constructs.manifest_chart import ManifestChart
from constructs.mesh_policy import MeshPolicy, ingress_principal
from inference_platform.description import Platform, load_file

PLATFORM = load_file("platform.yaml")
#: every service of every environment of platform.yaml
SERVICES = [svc for resolved in PLATFORM.resolved_environments().values() for svc in resolved.services]


def _wiring(service, namespace: str | None = None):
    """The service's namespace and its ingress Gateway (a Gateway API one beside the classic ingress for a service
    with InferencePools), in a Chart of their own, and the inputs the synth derives from them
    (``synth.app._apps``; conftest's ``service_inputs`` with the default Istio)."""
    other = cdk8s.Chart(cdk8s.App(), "platform", disable_resource_name_hashes=True)
    ns = k8s.KubeNamespace(other, "ns", metadata=k8s.ObjectMeta(name=namespace or service.namespace))
    istio = Platform().istio
    inference = service.inference is not None
    hosts = [(service.namespace, h) for h in service.traffic.hosts] if service.traffic else []
    mesh = MeshPolicy(other, "mesh", istio=istio, gateway_name="ai-platform-gateway",
                      hosts=[] if inference else hosts, inference_hosts=hosts if inference else [])
    return dict(namespace=ns, gateway=mesh.inference_gateway if inference else mesh.gateway,
                ingress_principal=ingress_principal(istio, inference=inference),
                gateway_workload=istio.ingress_workload(inference), gateway_namespace=istio.gateway.namespace,
                routing=istio.routing, ingress_pods=istio.ingress_pod_labels(inference))


@pytest.mark.parametrize("service", SERVICES, ids=[f"{svc.name}-{i}" for i, svc in enumerate(SERVICES)])
def test_in_a_plain_chart_it_renders_what_the_synth_writes(service):
    # cdk8s's own ApiObject.to_json() of each document (sorted keys, JavaScript's order) equals
    # the document the synth writes: the plain-data path and cdk8s agree byte for byte.
    plain = synth_construct(lambda c: AiService(c, "svc", service=service, **_wiring(service)))
    assert plain == synth_service(service)


def test_in_a_manifest_chart_it_adds_its_inputs_as_the_file_named_by_its_id():
    service = SERVICES[0]
    chart = ManifestChart(cdk8s.App(), "apps", labels=CHART_LABELS)
    made = AiService(chart, service.name, service=service, **_wiring(service))
    assert made.api_objects == [] and list(chart.files()) == [service.name]
    assert chart.files()[service.name].documents() == synth_service(service) == chart.to_json()


def test_fails_when_the_namespace_construct_is_not_the_services_namespace():
    service = SERVICES[0]
    with pytest.raises(ValueError, match="AiService 'llm-chat': 'namespace' \\('ai-other'\\) is not the "
                                         "service's namespace \\('ai-llm'\\)"):
        synth_construct(lambda c: AiService(c, "svc", service=service, **_wiring(service, namespace="ai-other")))
