"""`make endpoints ENV=prod`: public URLs per service and the command that reads the gateway's address."""
from __future__ import annotations

from inference_platform.endpoints import main

from conftest import REPO


def test_prints_hosts_mesh_addresses_and_the_kubectl_command(capsys):
    assert main(["--description", str(REPO / "platform.yaml"), "--env", "prod"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[1] == ("  address: kubectl -n istio-ingress get service istio-ingressgateway -o jsonpath="
                      "'{.status.loadBalancer.ingress[0].ip}{.status.loadBalancer.ingress[0].hostname}'")
    assert "  public:  https://chat.ai.example.com/v1/ (via istio-ingressgateway-inference, InferencePools)" in out
    assert out[2] == ("  InferencePool services: Gateway API Gateway istio-ingress/istio-ingressgateway-inference, "
                      "address: kubectl -n istio-ingress get gateway istio-ingressgateway-inference -o jsonpath="
                      "'{.status.addresses[*].value}'")
    assert "           grpc: vision.ai.example.com:443 (content-type application/grpc)" in out
    assert "  mesh:    grpc://vision.ai-vision.svc.cluster.local:8001 (grpc-api)" in out
    assert not any("8002" in line and "mesh:" in line for line in out)  # the metrics port is no endpoint


def test_unknown_environment_is_one_message_and_status_2(capsys):
    assert main(["--description", str(REPO / "platform.yaml"), "--env", "staging"]) == 2
    assert capsys.readouterr().err == "error: no environment 'staging'; environments: dev, prod\n"


def test_node_port_gateway_reads_the_node_port(tmp_path, capsys):
    text = (REPO / "platform.yaml").read_text()
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("  gateway:\n", "  gateway:\n    service_type: NodePort\n", 1))
    assert main(["--description", str(path), "--env", "prod"]) == 0
    assert "nodePort" in capsys.readouterr().out


def test_gateway_api_gateway_reads_its_status_address(capsys):
    assert main(["--description", str(REPO / "platform.yaml"), "--env", "dev"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == ["dev: Gateway API Gateway istio-ingress/istio-ingressgateway (LoadBalancer)",
                       "  address: kubectl -n istio-ingress get gateway istio-ingressgateway -o jsonpath="
                       "'{.status.addresses[*].value}'"]
