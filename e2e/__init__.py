"""`make e2e`: dist/ on a real Kubernetes control plane and real Flux controllers, on loopback.

Modules:
  procs    child processes (started and stopped by pid), free loopback ports, the run's cancellation
  pki      certificates and service-account keys (openssl CLI)
  kube     a small API client over urllib: discovery, server-side apply, waits; the one YAML reader
  cluster  ``cluster()``: etcd, kube-apiserver, controller-manager, scheduler, kwok + fake nodes
  preconditions what the pods assume a GPU cluster has: node pools, RuntimeClasses, bound claims
  gitserve loopback smart-HTTP git (git http-backend) and a static Helm chart repository
  variants what is checked: each environment of dist/ in its Istio mode and the other, the examples
  checks   layers applied in order (dry run, apply, Available), CRDs, Argo CD's dry run
  flux     source- and kustomize-controller against a cluster, the repository copy, readiness
  run      one environment in one mode: the direct path, then the Flux path
  scenarios Flux on new commits: prune one service, a broken object
  rollout_scenario a GPU Deployment's image change on a pool with exactly its GPUs (real Deployment controller)
  netns    the scenarios' own network namespaces (``unshare --net``)
  picker_scenario the reference endpoint picker (lwepp) against each generated InferencePool
  keda     KEDA's operator, metrics API server and webhooks as local processes, the external metrics APIService
  prometheus_stack prometheus-operator and Prometheus against the scenario's cluster
  standins model-server and Envoy metrics at the kwok pods' addresses, with values the scenario sets
  pipeline_checks targets up, one series per generated query equal to the stand-ins' total
  trajectory the replicas the HPA set vs the behavior's policies and the scaling simulator
  keda_scenario the autoscaling scenario: stand-ins → Prometheus → KEDA → the real HPA controller
  report   tables and ``N passed, M failed``
  __main__ ``python -m e2e``: the checks two at a time, then the autoscaling scenario alone
"""
