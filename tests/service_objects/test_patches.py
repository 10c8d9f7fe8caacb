"""services[].patches: applied to the generated objects (dist/ shows the result), refused with their path when
they match nothing, cannot apply, change what the platform owns or give what the gate refuses."""
from __future__ import annotations

import pytest

from conftest import docs_of, keep_only, one, run_synth, synth_service, tree_hash
from inference_platform.description import load_file, parse

DEPLOYMENT = {"kind": "Deployment", "name": "embeddings-v1"}


def embeddings_with(patches: list[dict]):
    data = load_file("platform.yaml").model_dump(mode="json", exclude_unset=True, by_alias=True)
    svc = next(s for s in data["services"] if s["name"] == "embeddings")
    svc["patches"] = patches
    return next(s for s in parse(data).services if s.name == "embeddings")


def test_a_strategic_merge_patch_merges_containers_and_env_by_name():
    docs = synth_service(embeddings_with([{"target": DEPLOYMENT, "merge": {"spec": {"template": {"spec": {
        "hostIPC": False, "containers": [{"name": "server", "env": [{"name": "EXTRA", "value": "1"}],
                                          "workingDir": "/cache"}]}}}}}]))
    spec = one(docs, "Deployment", "embeddings-v1")["spec"]["template"]["spec"]
    assert spec["hostIPC"] is False
    [server] = spec["containers"]
    assert server["workingDir"] == "/cache" and server["image"].startswith("ghcr.io/huggingface/")
    names = [e["name"] for e in server["env"]]
    assert "EXTRA" in names and "HF_HOME" in names  # merged by name, the generated ones kept
    assert list(spec) == sorted(spec)  # still in cdk8s's output form


def test_json_patch_operations_apply_in_order():
    docs = synth_service(embeddings_with([{"target": {"kind": "Service", "name": "embeddings"}, "json_patch": [
        {"op": "add", "path": "/metadata/annotations", "value": {"cloud.example.com/lb": "internal"}},
        {"op": "copy", "from": "/spec/ports/0", "path": "/spec/ports/-"},
        {"op": "replace", "path": "/spec/ports/2/name", "value": "http-alt"},
        {"op": "replace", "path": "/spec/ports/2/port", "value": 8081},
        {"op": "test", "path": "/spec/type", "value": "ClusterIP"}]}]))
    service = one(docs, "Service", "embeddings")
    assert service["metadata"]["annotations"] == {"cloud.example.com/lb": "internal"}
    assert [(p["name"], p["port"]) for p in service["spec"]["ports"]] == [
        ("http-api", 8080), ("http-metrics", 9000), ("http-alt", 8081)]


def test_a_merge_item_marked_delete_removes_it():
    docs = synth_service(embeddings_with([{"target": DEPLOYMENT, "merge": {"spec": {"template": {"spec": {
        "volumes": [{"name": "tmp", "$patch": "delete"}],
        "containers": [{"name": "server", "volumeMounts": [{"mountPath": "/tmp", "$patch": "delete"}]}]}}}}}]))
    spec = one(docs, "Deployment", "embeddings-v1")["spec"]["template"]["spec"]
    assert "tmp" not in [v["name"] for v in spec["volumes"]]
    assert "/tmp" not in [m["mountPath"] for m in spec["containers"][0]["volumeMounts"]]


def slow_but_first(cases: list[tuple]) -> list:
    """Every case but the first marked slow: each runs two whole synths (the inner loop keeps one)."""
    return [case if i == 0 else pytest.param(*case, marks=pytest.mark.slow) for i, case in enumerate(cases)]


@pytest.mark.parametrize("patch, problem", slow_but_first([
    ({"target": {"kind": "Deployment", "name": "embeddings-v9"}, "merge": {"spec": {}}},
     "services[1].patches[0].target: Deployment 'embeddings-v9' is not an object of this service; its objects: "
     "ServiceAccount embeddings, PeerAuthentication embeddings"),
    ({"target": DEPLOYMENT, "merge": {"spec": {"selector": {"matchLabels": {"app": "other"}}}}},
     "services[1].patches[0].merge: changes spec.selector of Deployment embeddings-v1, which names, places or "
     "selects objects, and the platform derives it from the description; a patch cannot change it"),
    ({"target": DEPLOYMENT, "merge": {"spec": {"template": {"metadata": {"labels": {
        "sidecar.istio.io/inject": "false"}}}}}},
     "services[1].patches[0].merge: changes spec.template.metadata.labels.sidecar.istio.io/inject of Deployment "
     "embeddings-v1, which is set by Istio"),
    ({"target": DEPLOYMENT, "json_patch": [{"op": "replace", "path": "/metadata/name", "value": "x"}]},
     "services[1].patches[0].json_patch: changes metadata.name of Deployment embeddings-v1"),
    ({"target": DEPLOYMENT, "json_patch": [{"op": "remove", "path": "/spec/template/spec/nothing"}]},
     "services[1].patches[0].json_patch[0].path: '/spec/template/spec/nothing' does not exist in the object "
     "(no 'nothing' there)"),
    ({"target": DEPLOYMENT, "merge": {"spec": {"template": {"spec": {"containers": [{"image": "x:1"}]}}}}},
     "services[1].patches[0].merge.spec.template.spec.containers[0]: an item of this list needs its merge key (name)"),
    ({"target": DEPLOYMENT, "merge": {"spec": {"template": {"spec": {"containers": [
        {"name": "server", "image": "ghcr.io/huggingface/text-embeddings-inference:latest"}]}}}}},
     "services[1].patches: with these patches, `make validate` finds in Deployment ai-retrieval/embeddings-v1 "
     "spec.template.spec.containers[0].image: image 'ghcr.io/huggingface/text-embeddings-inference:latest' uses a "
     "moving tag; pin a version tag or an @sha256: digest (image-unpinned)"),
    ({"target": DEPLOYMENT, "json_patch": [{"op": "copy", "path": "/spec/x"}]},
     "services[1].patches[0].json_patch[0].from: required for op: copy"),
    ({"target": DEPLOYMENT}, "services[1].patches[0].target: give exactly one of merge (strategic merge patch) and "
                             "json_patch (RFC 6902 operations)"),
]))
def test_a_bad_patch_is_refused_with_its_path_and_dist_unchanged(tmp_path, description, synth_env, capsys,
                                                                  patch, problem):
    dist = tmp_path / "dist"
    assert run_synth(description, dist) == 0
    before = tree_hash(dist)
    description["services"][1]["patches"] = [patch]
    capsys.readouterr()
    assert run_synth(description, dist) == 2
    err = capsys.readouterr().err
    assert f"  - {problem}" in err and "Traceback" not in err
    assert tree_hash(dist) == before


def test_an_environments_patches_replace_the_services_and_are_reported_there(tmp_path, description, synth_env,
                                                                             capsys):
    description = keep_only(description, "embeddings")
    description["services"][0]["patches"] = [
        {"target": DEPLOYMENT, "merge": {"metadata": {"annotations": {"team": "retrieval"}}}}]
    description["environments"]["prod"]["services"]["embeddings"] = {"patches": [
        {"target": DEPLOYMENT, "merge": {"spec": {"paused": True}}}]}
    dist = tmp_path / "dist"
    assert run_synth(description, dist) == 0
    files = {p.relative_to(dist).as_posix(): p.read_text() for p in dist.rglob("*.yaml")}
    dev = one(docs_of(files, "dev/layers/50-apps/embeddings.yaml"), "Deployment", "embeddings-v1")
    prod = one(docs_of(files, "prod/layers/50-apps/embeddings.yaml"), "Deployment", "embeddings-v1")
    assert dev["metadata"]["annotations"] == {"team": "retrieval"} and "paused" not in dev["spec"]
    assert prod["spec"]["paused"] is True and "annotations" not in prod["metadata"]
    description["environments"]["prod"]["services"]["embeddings"]["patches"][0]["target"]["name"] = "nope"
    capsys.readouterr()
    assert run_synth(description, dist) == 2
    assert "  - environments.prod.services.embeddings.patches[0].target: Deployment 'nope' is not an object" \
        in capsys.readouterr().err
