"""The platform description: one typed model of the Istio mesh and its AI inference services.

The YAML file (``platform.yaml``) and Python code build the same frozen pydantic models;
keys in the file are the field names here. Validation is strict and complete: unknown keys,
wrong types (no '1' -> 1), values out of the Kubernetes bounds and broken rules are reported
together, each naming the field path, the value and what is allowed (``DescriptionError``).
A ``Platform`` is checked when it is made, from a file or in Python; its environments are
resolved then too (``Platform.environment(name)``).

Modules: ``base`` (strict model, rules, the second pass), ``errors`` (messages),
``service`` / ``pod`` / ``containers`` / ``env`` / ``resources`` / ``rollout`` / ``patches`` / ``traffic`` /
``autoscaling`` / ``mesh`` / ``platform`` (the model), ``loader`` (safe YAML), ``json_schema``.
"""
from __future__ import annotations

from inference_platform.description.autoscaling import (METRIC_SIGNALS, Autoscaling, Behavior, Keda, Observability,
                                                        Prometheus, ScalingPolicy, ScalingRules, Signal)
from inference_platform.description.errors import DescriptionError
from inference_platform.description.loader import load_file, load_yaml, parse
from inference_platform.description.mesh import (ComponentResources, ComponentScaling, GatewayPort, IngressGateway,
                                                 Istio, Istiod, MeshConfig)
from inference_platform.description.platform import GitOps, Namespace, Platform
from inference_platform.description.service import (SAFE_RETRY_ON, Caller, ConnectionPool, Match, OutlierDetection,
                                                    Probe, Probes, Resources, Retries, Rollout, Service, Traffic,
                                                    Version)
from inference_platform.kube_names import image_pinning

__all__ = ["Platform", "Istio", "Istiod", "MeshConfig", "IngressGateway", "GatewayPort", "ComponentScaling",
           "ComponentResources", "GitOps", "Namespace", "Service", "Resources", "Rollout", "Probe", "Probes", "Autoscaling",
           "Signal", "METRIC_SIGNALS", "Observability", "Prometheus", "Keda", "ScalingPolicy", "ScalingRules", "Behavior", "Version", "Traffic", "Match",
           "Retries", "ConnectionPool", "OutlierDetection", "Caller", "SAFE_RETRY_ON", "DescriptionError",
           "load_file", "load_yaml", "parse", "image_pinning"]
