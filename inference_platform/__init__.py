"""The AI-inference platform's Python side: one description in, plain YAML in dist/ out, and its checks.

Where a change goes (each package's own ``__init__`` has its module map):

* :mod:`.description` – the typed platform description (pydantic): fields, defaults, rules, messages
* :mod:`.service_objects` – a service's Kubernetes and Istio objects as plain data: the one implementation
* :mod:`.synth` – the pipeline ``main.py`` runs: cdk8s App, render, render cache, prune guard, write
* :mod:`.catalog` – the pinned tables: releases, model-server presets, scaling signals, Helm charts
* :mod:`.gate` – the validation gate over dist/ (schemas, cross-object rules, checkov)
* :mod:`.scaling` – the scaling what-if simulator, run on what the synth generates
* :mod:`.fast` – code whose contract is "byte-equal to another library", with equivalence tests

Shared vocabulary, imported by all of the above (leaf modules):

* :mod:`.contract` – names the synth writes and others read back (annotation keys, API groups, ...)
* :mod:`.layout` – the dist/ layers, their order and engines, and the path grammar both ways
* :mod:`.kube_names` – Kubernetes-shaped values as annotated types (names, quantities, images)
* :mod:`.pod_limits` – pod arithmetic the description's checks and the gate's rules share (rollouts, shm)

:mod:`.endpoints` is a small CLI (``make endpoints``). The cdk8s constructs the synth wires are in
``constructs/`` at the repository root (a folder the ``constructs`` library extends).
"""
