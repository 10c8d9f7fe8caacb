"""Scaling what-if: replay a load curve through the autoscaling the synth generates.

Public surface: ``simulate(config, load, duration, sync_period=15) -> list[Step]`` (the HPA
algorithm), ``objects.read_config`` / ``objects.generated_objects`` (the generated objects → ScalingConfig;
not imported here, because building them loads cdk8s and its Node.js runtime),
``read_csv`` / ``profile`` (load curves). The CLI is ``python -m inference_platform.scaling``.
"""
from inference_platform.scaling.hpa import simulate
from inference_platform.scaling.replicas import metric_replicas
from inference_platform.scaling.load import Load, LoadError, profile, read_csv
from inference_platform.scaling.model import Behavior, Metric, Policy, Rules, ScalingConfig, Step

__all__ = ["Behavior", "Load", "LoadError", "Metric", "Policy", "Rules", "ScalingConfig", "Step",
           "metric_replicas", "profile", "read_csv", "simulate"]
