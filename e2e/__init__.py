"""`make e2e`: dist/ on a real Kubernetes control plane and real Flux controllers, on loopback.

Modules:
  procs    child processes (started and stopped by pid) and free loopback ports
  pki      certificates and service-account keys (openssl CLI)
  kube     a small API client over urllib: discovery, server-side apply, waits with conditions
  cluster  ``cluster()``: etcd, kube-apiserver, controller-manager, scheduler, kwok + fake nodes
  gitserve loopback smart-HTTP git (git http-backend) and a static Helm chart repository
  checks   the checks: layers applied in order, the Flux path, prune/failure, Argo CD dry-run
  autoscaling   a loopback Prometheus HTTP API test double answering the generated queries
  netns    the scenarios' own network namespaces (``unshare --net``)
  keda     KEDA's operator and metrics API server as local processes, the external metrics APIService
  rollout_scenario a GPU Deployment's image change on a pool with exactly its GPUs (real Deployment controller)
  keda_scenario the autoscaling scenario: KEDA + the real HPA controller vs the scaling simulator
  picker_scenario the reference endpoint picker (lwepp) against each generated InferencePool
  __main__ ``python -m e2e``: every environment and Istio mode, then the picker and autoscaling scenarios,
           tables, ``N passed, M failed``
"""
