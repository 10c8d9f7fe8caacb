"""A service's Kubernetes and Istio objects as plain data: the one implementation, without jsii.

Modules, one per part of a service (each a pure function of the description):

* :mod:`.ai_service` – :class:`~.ai_service.ServiceInputs` (what a service's file is a function
  of) and :func:`~.ai_service.ai_service`, every object of one service in file order
* :mod:`.service_authorization` – ServiceAccount, PeerAuthentication, AuthorizationPolicy
* :mod:`.model_version` – per version: Deployment, its autoscaler, PodDisruptionBudget
* :mod:`.containers` – what every container of the pod shares (env entries, security context) and the
  init containers and native sidecars beside the server
* :mod:`.model_autoscaler` – HPA or KEDA ScaledObject, and the PodMonitors its signals need
* :mod:`.service_traffic` – DestinationRule and VirtualServices
* :mod:`.service_routes` – Gateway API routing (``istio.routing: gateway-api``): a Service and
  DestinationRule per version, HTTPRoutes/GRPCRoutes at the ingress and GAMMA routes in the mesh
* :mod:`.inference_pool` – InferencePools and their endpoint pickers (``inference``)

A change to a service's objects goes here and nowhere else; the per-service tests
(``tests/service_objects/``) call :func:`~.ai_service.ai_service` as the synth does.

Why plain data. A cdk8s construct renders by shipping its props to the jsii kernel (a Node.js
process) and its ``to_json()`` back; every call is a round trip through a pipe. For the wiring
charts (namespaces, Istio, KEDA, Flux, Argo CD: a few dozen objects per environment) that cost
is nothing. For the ``50-apps`` layer it was ~85 % of a synth: 10-20 objects per service, each a
deep payload, times services, times environments. Constructs created per service cost a round
trip each too (~0.4 ms per Construct, ~3 ms per App + Chart), so a fleet of 1 000 services in
two environments cannot render in a few seconds through the bridge at all.

So :class:`constructs.ai_service.AiService` is one construct per service that carries its
inputs: in the synth's :class:`~constructs.manifest_chart.ManifestChart` it hands them to the
output path (no ApiObject, no ``to_json()`` round trip); in any other Chart it adds one ApiObject
per document, which cdk8s renders exactly as built here (the documents are in cdk8s's own output
form, see :func:`inference_platform.fast.cdk8s_order.api_object`).

These modules import nothing from cdk8s or jsii, so they also run in worker processes (both
cores, see :mod:`inference_platform.synth.render`), and a service's documents are a function of its
:class:`~.ai_service.ServiceInputs` alone, which is what the render cache keys on.

What the typed bindings checked (field names and types) is checked by the validation gate's
schemas (every object of dist/ against the Kubernetes and CRD OpenAPI schemas) and by the
dist/ and snapshot tests, which hold the output byte for byte.
"""
