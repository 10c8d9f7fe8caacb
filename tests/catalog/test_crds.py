"""The pinned Gateway API and Inference Extension CRDs: read once per process, every caller gets its own copy."""
from __future__ import annotations

import pytest
import yaml

from conftest import CRDS, require_shared
from inference_platform.catalog.crds import GATEWAY_API_FILE, INFERENCE_FILE, gateway_api_crds


def _files():
    if not (CRDS / GATEWAY_API_FILE).is_file():
        require_shared(f"{CRDS / GATEWAY_API_FILE} is missing (../shared/crds)")


@pytest.mark.slow
def test_the_crds_are_every_crd_of_both_pinned_files_as_pyyaml_reads_them_in_file_order():
    _files()
    expected = [d for name in (GATEWAY_API_FILE, INFERENCE_FILE)
                for d in yaml.safe_load_all((CRDS / name).read_text()) if d and d["kind"] == "CustomResourceDefinition"]
    assert gateway_api_crds(CRDS) == expected
    assert [d["spec"]["names"]["kind"] for d in expected][:3] == ["BackendTLSPolicy", "GatewayClass", "Gateway"]


def test_each_caller_gets_a_copy_so_one_environment_cannot_change_anothers():
    _files()
    first = gateway_api_crds(CRDS)
    first[0]["metadata"]["labels"]["changed"] = "yes"
    first.pop()
    second = gateway_api_crds(CRDS)
    assert "changed" not in second[0]["metadata"]["labels"] and len(second) == len(first) + 1


def test_a_changed_file_is_read_again(tmp_path):
    _files()
    for name in (GATEWAY_API_FILE, INFERENCE_FILE):
        (tmp_path / name).write_text((CRDS / name).read_text())
    before = len(gateway_api_crds(tmp_path))
    (tmp_path / INFERENCE_FILE).write_text("---\nkind: ConfigMap\n")
    assert len(gateway_api_crds(tmp_path)) < before
