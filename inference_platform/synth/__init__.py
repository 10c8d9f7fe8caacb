"""The synth pipeline: description → cdk8s App → file texts → prune guard → dist/.

* :mod:`.app` – the cdk8s App of a platform: per environment, its layers and GitOps entry points
* :mod:`.render` – folders → file texts (deterministic YAML, kustomization.yaml per layer), the
  apps layer from plain data, through the render cache and, with many files, a second process
* :mod:`.render_cache` – a service's rendered file, reused while nothing that determines it changed

Nothing here is imported by this package itself, so a render worker process (``python -m
inference_platform.synth.render``) loads what rendering needs, not cdk8s.
"""
