"""Gate rules for model servers: credentials never as literals, every server cache on a writable mount."""
from __future__ import annotations

import pytest
import yaml

from inference_platform.gate import check_files

from conftest import without_gateway_api_crds

APP = "prod/layers/50-apps/vision.yaml"


@pytest.fixture(scope="module")
def files(default_files) -> dict[str, str]:
    return without_gateway_api_crds(default_files, "prod")


def rules_of(files: dict[str, str], path: str, change) -> list[tuple[str, str]]:
    docs = [d for d in yaml.safe_load_all(files[path]) if d]
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    change(deployment["spec"]["template"]["spec"]["containers"][0])
    changed = dict(files)
    changed[path] = yaml.safe_dump_all(docs, sort_keys=False)
    return [(f.rule, f.message) for f in check_files(changed, schema=False)
            if f.rule in ("env-credential-literal", "cache-env-writable")]


def test_default_description_passes_the_server_rules(files):
    assert rules_of(files, APP, lambda c: None) == []


def test_credential_literal_is_refused(files):
    found = rules_of(files, APP, lambda c: c["env"].append({"name": "HF_TOKEN", "value": "hf_abc"}))
    assert found == [("env-credential-literal", "HF_TOKEN looks like a credential and is written in the manifest; "
                                                "read it from a Secret (valueFrom.secretKeyRef)")]


def test_cache_on_the_read_only_model_claim_is_refused(files):
    def point_at_models(c):
        next(e for e in c["env"] if e["name"] == "TORCH_HOME")["value"] = "/models/torch"
    [(rule, message)] = rules_of(files, APP, point_at_models)
    assert rule == "cache-env-writable"
    assert message.startswith("TORCH_HOME=/models/torch is not on a writable mount (writable: /cache, /tmp")


def test_missing_cache_variable_of_the_preset_is_refused(files):
    def drop_home(c):
        c["env"] = [e for e in c["env"] if e["name"] != "HOME"]
    assert rules_of(files, APP, drop_home) == [(
        "cache-env-writable", "HOME is not set, so the triton server keeps that cache under the image's default path "
        "on the read-only root filesystem; point it at the cache volume")]


@pytest.mark.parametrize("where, value, kind", [
    ("args", "hf_" + "aB3dEfGhIjKlMnOpQrStUvWxYz012345", "a Hugging Face token (hf_...)"),
    ("env", "https://x-access-token:tok@github.com/org/repo.git", "a URL with a user name and password before '@'"),
    ("annotation", "ghp_" + "a1B2" * 9, "a GitHub token (ghp_/gho_/ghu_/ghs_/ghr_...)"),
])
def test_credential_in_any_string_of_any_object_is_refused(files, where, value, kind):
    def plant(c):
        if where == "args":
            c.setdefault("args", []).append(value)
        elif where == "env":
            c["env"].append({"name": "REPO", "value": value})
        else:
            c["x-note"] = {"note": value}  # a field nobody reads still must not carry it
    found = [(rule, message) for rule, message in rules_of_all(files, APP, plant) if rule == "credential-in-manifest"]
    assert len(found) == 1 and found[0][1].startswith(f"holds {kind}; dist/ is committed")


def rules_of_all(files: dict[str, str], path: str, change) -> list[tuple[str, str]]:
    docs = [d for d in yaml.safe_load_all(files[path]) if d]
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    change(deployment["spec"]["template"]["spec"]["containers"][0])
    changed = dict(files)
    changed[path] = yaml.safe_dump_all(docs, sort_keys=False)
    return [(f.rule, f.message) for f in check_files(changed, schema=False)]


def test_the_committed_tree_holds_no_credential_shape(default_files):
    assert [f for f in check_files(dict(default_files), schema=False) if f.rule == "credential-in-manifest"] == []


@pytest.mark.parametrize("where, value, kind", [
    ("args", "c2tfbGl2ZV81MUh4QWIxMkNkMzRFZjU2R2g3OElqOTBLbA==", "a Stripe key (sk_live_/rk_live_...), base64-encoded"),
    ("env", "https://api.example.com/v1?access_token=tok3nValue", "a URL with a credential in its query"),
])
def test_encoded_and_query_credentials_are_refused(files, where, value, kind):
    def plant(c):
        if where == "args":
            c.setdefault("args", []).append(value)
        else:
            c["env"].append({"name": "UPSTREAM", "value": value})
    found = [(rule, message) for rule, message in rules_of_all(files, APP, plant) if rule == "credential-in-manifest"]
    assert len(found) == 1 and found[0][1].startswith(f"holds {kind}")


def test_a_credential_flag_with_a_literal_is_refused(files):
    found = rules_of(files, APP, lambda c: c.setdefault("args", []).extend(["--api-key", "tok3nValue",
                                                                            "--hf-token=$(HF_TOKEN)"]))
    assert found == [("env-credential-literal", "--api-key passes a credential written in the manifest; read it from a "
                                                "Secret into the environment and pass --api-key $(NAME)")]


def test_a_route_matching_a_credential_header_is_refused(files):
    path = "prod/layers/50-apps/reranker.yaml"
    docs = [d for d in yaml.safe_load_all(files[path]) if d]
    route = next(d for d in docs if d["kind"] == "VirtualService")["spec"]["http"][0]
    route.setdefault("match", [{}])[0]["headers"] = {"x-api-key": {"exact": "tok3nValue"}}
    changed = dict(files)
    changed[path] = yaml.safe_dump_all(docs, sort_keys=False)
    found = [(f.rule, f.path, f.message) for f in check_files(changed, schema=False) if f.rule == "env-credential-literal"]
    assert found == [("env-credential-literal", "spec.http[0].match[0].headers.x-api-key",
                      "matches the value of x-api-key, a credential header, so the credential is written in the "
                      "manifest; authenticate callers by their mTLS principal or a RequestAuthentication instead")]
