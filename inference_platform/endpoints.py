"""Where each service answers: its public URLs, its in-mesh addresses, and how to read the gateway's address.

The ingress gateway's external address only exists in the cluster (the cloud load balancer
assigns it), so this prints the exact ``kubectl`` command that reads it rather than a guess::

    python -m inference_platform.endpoints --description platform.yaml --env prod   # or: make endpoints ENV=prod
"""
from __future__ import annotations

import argparse
import sys
from typing import Iterator

from inference_platform.contract import service_host
from inference_platform.description import DescriptionError, Platform, load_file

__all__ = ["endpoint_lines", "address_command", "main"]


def address_command(platform: Platform, inference: bool = False) -> str:
    """The kubectl command printing the ingress gateway's address: a Gateway API Gateway reports it in its status
    (``istio.routing: gateway-api``, or the InferencePool services' Gateway beside the classic one); the gateway
    chart's Service per Service type."""
    gw, istio = platform.istio.gateway, platform.istio
    if istio.gateway_api or inference:
        return (f"kubectl -n {gw.namespace} get gateway {istio.ingress_name(inference)}"
                " -o jsonpath='{.status.addresses[*].value}'")
    get = f"kubectl -n {gw.namespace} get service {gw.name}"
    if gw.service_type == "LoadBalancer":
        return get + " -o jsonpath='{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'"
    if gw.service_type == "NodePort":
        port = "https" if gw.tls_credential_name else "http2"
        return (get + f" -o jsonpath='{{.spec.ports[?(@.name==\"{port}\")].nodePort}}'"
                "  # then any node's address: kubectl get nodes -o wide")
    return f"kubectl -n {gw.namespace} port-forward service/{gw.name} 8443:443 8080:80  # ClusterIP: no external address"


def endpoint_lines(platform: Platform, env: str) -> Iterator[str]:
    gw, istio = platform.istio.gateway, platform.istio
    scheme = "https" if gw.tls_credential_name else "http"
    kind = "Gateway API Gateway" if istio.gateway_api else "ingress gateway"
    yield f"{env}: {kind} {gw.namespace}/{gw.name} ({gw.service_type})"
    yield f"  address: {address_command(platform)}"
    beside = not istio.gateway_api and platform.inference
    if beside:
        yield (f"  InferencePool services: Gateway API Gateway {gw.namespace}/{istio.ingress_name(True)}, "
               f"address: {address_command(platform, inference=True)}")
    yield "  DNS: point every public host below at its gateway's address (A record for an IP, CNAME for a host name)"
    for svc in platform.services:
        yield ""
        yield f"{svc.name} ({svc.server}, namespace {svc.namespace})"
        if svc.traffic is None:
            yield "  public:  none (mesh-internal)"
        else:
            paths = [m.uri_prefix or m.uri_exact or "/" for m in svc.traffic.matches]
            grpc = any(p.protocol == "grpc" for p in svc.api_ports)
            via = f" (via {istio.ingress_name(True)}, InferencePools)" if beside and svc.inference else ""
            for host in svc.traffic.hosts:
                yield f"  public:  {' '.join(f'{scheme}://{host}{path}' for path in paths)}{via}"
                if grpc:
                    yield f"           grpc: {host}:{443 if scheme == 'https' else 80} (content-type application/grpc)"
        for port in svc.api_ports:
            yield f"  mesh:    {port.protocol}://{service_host(svc.name, svc.namespace)}:{port.published} ({port.name})"
        metrics = svc.metrics_port
        if metrics is not None:
            yield f"  metrics: :{metrics.port}{svc.metrics_path} ({metrics.name})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--description", default="platform.yaml", help="platform description (default platform.yaml)")
    parser.add_argument("--env", help="environment (default: every environment)")
    args = parser.parse_args(argv)
    try:
        platform = load_file(args.description)
    except DescriptionError as err:
        print(f"error: {args.description}: {err}", file=sys.stderr)
        return 2
    envs = platform.resolved_environments()
    if args.env is not None and args.env not in envs:
        print(f"error: no environment {args.env!r}; environments: {', '.join(envs)}", file=sys.stderr)
        return 2
    chosen = [args.env] if args.env is not None else list(envs)
    for i, env in enumerate(chosen):
        if i:
            print()
        for line in endpoint_lines(envs[env], env):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
