"""The synth pipeline: description → cdk8s App → file texts → prune guard → dist/.

``main.py`` runs it in this order:

* :mod:`.app` – the cdk8s App of a platform: per environment, each layer's files and the GitOps
  entry points (what goes where is :mod:`inference_platform.layout`'s)
* :mod:`.render` – folders → file texts (deterministic YAML, a kustomization.yaml per layer), the
  apps layer from plain data, through the render cache and, with many files, worker processes
* :mod:`.render_cache` – a service's rendered file, reused while nothing that determines it changed
* :mod:`.prune_guard` – what the new files would remove from the cluster, and whether to allow it
* :mod:`.write` – read the current dist/, swap in the new one all or nothing

Nothing here is imported by this package itself, so a render worker process (``python -m
inference_platform.synth.render``) loads what rendering needs, not cdk8s.
"""
