"""`make e2e`: dist/ on a real Kubernetes control plane and real Flux controllers, on loopback.

Modules:
  procs    child processes (started and stopped by pid) and free loopback ports
  pki      certificates and service-account keys (openssl CLI)
  kube     a small API client over urllib: discovery, server-side apply, waits with conditions
  cluster  ``cluster()``: etcd, kube-apiserver, controller-manager, scheduler, kwok + fake nodes
  gitserve loopback smart-HTTP git (git http-backend) and a static Helm chart repository
  checks   the checks: layers applied in order, the Flux path, prune/failure, Argo CD dry-run
  __main__ ``python -m e2e``: every environment and Istio mode, a table, ``N passed, M failed``

A later scenario (autoscaling with the real HPA controller) starts a cluster with
``with cluster.cluster(binaries, workdir) as c:`` and drives ``c.kube``.
"""
