"""The pinned tables: what this project installs and what it knows about the software it runs.

Read by the description (allowed values), the service objects and constructs (what to write),
the validation gate and the docs alike, so each fact has one row:

* :mod:`.pinned` – the Istio, Kubernetes and KEDA releases this project pins charts, CRDs and schemas for
* :mod:`.servers` – model-server presets: ports, probes, metrics, cache environment, download hosts
* :mod:`.signals` – the PromQL behind each scaling signal, and where Envoy serves its stats
* :mod:`.crds` – the pinned Gateway API and Inference Extension CRD files the Gateway API layer copies
* :mod:`.picker` – the endpoint picker: pinned image, ports, engine entries and EndpointPickerConfig
* :mod:`.health` – Flux healthCheckExprs and the Argo CD Lua check for routes and InferencePools
* :mod:`.charts` – every chart this platform installs (Istio's base, istiod, gateway; KEDA's): one
  :class:`~.charts.ChartRelease` row per release, its values, and where rendered mode finds it
"""
