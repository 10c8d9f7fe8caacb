"""Bad input for Gateway API routing and InferencePools: one clear message with the path as written."""
from __future__ import annotations

from conftest import problems_of, run_synth, tree_hash


def service(description: dict, name: str) -> dict:
    return next(s for s in description["services"] if s["name"] == name)


def test_a_pool_on_a_server_without_a_picker_engine_is_refused(description):
    service(description, "vision")["inference"] = {}
    service(description, "vision")["traffic"]["retries"]["attempts"] = 2  # an HTTPRoute retries as the mesh
    assert problems_of(description) == [
        "services[3].inference: server 'triton' has no endpoint-picker engine profile and no engine entry in this "
        "platform (catalog/picker.py), so the picker could not read its queue; allowed servers: vllm, tgi, tei; "
        "remove inference"]


def test_picker_ports_that_collide_are_refused(description):
    service(description, "llm-chat")["inference"]["picker"] = {"metrics_port": 9002}
    assert problems_of(description) == [
        "services[0].inference.picker.metrics_port: 9002 is already the picker's ext_proc_port; the ext-proc, "
        "health and metrics servers cannot share a port: give each its own"]


def test_one_pool_for_several_versions_is_refused(description):
    service(description, "llm-chat")["inference"]["pool"] = "service"
    assert problems_of(description) == [
        "services[0].inference.pool: 'service' puts the pods of every version (v1, v2) in one pool, where the "
        "picker ignores their weights; use pool: version for a canary across pools"]


def test_gateway_api_mode_with_a_host_another_service_holds_is_refused(description):
    description["environments"]["dev"]["services"]["embeddings"]["traffic"]["hosts"] = ["chat.dev.ai.example.com"]
    assert problems_of(description) == [
        "environments.dev.services.embeddings.traffic.hosts[0]: 'chat.dev.ai.example.com' is already served by "
        "llm-chat"]


def test_gateway_api_mode_refuses_per_route_retries(description):
    del description["environments"]["dev"]["services"]["vision"]
    assert problems_of(description) == [
        "environments.dev.services.vision.traffic.retries.attempts: 1 cannot be set per route with istio.routing "
        "gateway-api: the Gateway API v1.6 standard HTTPRoute has no retry field, so every such route retries as "
        "the mesh default (attempts: 2); remove it (per_try_timeout_seconds still applies per route) or use "
        "istio.routing virtualservice without inference"]


def test_an_inference_service_on_the_classic_platform_refuses_per_route_retries_too(description):
    description["services"][0]["traffic"]["retries"]["attempts"] = 1
    [problem] = problems_of(description)
    assert problem.startswith("services[0].traffic.retries.attempts: 1 cannot be set per route with inference "
                              "(an HTTPRoute)")


def test_a_picker_signal_without_a_pool_is_refused(description):
    service(description, "embeddings")["autoscaling"]["signals"] = [{"signal": "picker_queue_depth", "target": 5}]
    [problem] = problems_of(description)
    assert problem.startswith("services[1].autoscaling.signals[0].signal: 'picker_queue_depth' is what the endpoint "
                              "picker of the version's InferencePool exports, and this service has no inference")


def test_inference_extension_off_with_a_pool_is_refused(description):
    description["istio"]["inference_extension"] = False
    [problem] = problems_of(description)
    assert problem.startswith("istio.inference_extension: false leaves istiod blind to the InferencePools of llm-chat")


def test_bad_routing_input_exits_2_and_leaves_dist_unchanged(description, tmp_path, synth_env, capsys):
    service(description, "vision")["inference"] = {}
    dist = tmp_path / "dist"
    dist.mkdir()
    (dist / "keep.txt").write_text("x")
    before = tree_hash(dist)
    assert run_synth(description, dist) == 2
    assert tree_hash(dist) == before
    err = capsys.readouterr().err
    assert "services[3].inference: server 'triton' has no endpoint-picker engine profile" in err
    assert "Traceback" not in err
