"""layout.py: the dist/ path grammar, written and read back by one module."""
from __future__ import annotations

import pytest

from inference_platform import layout


def test_layers_are_named_objects_in_apply_order():
    assert layout.LAYERS[0] is layout.NAMESPACES and layout.LAYERS[-1] is layout.APPS
    assert [layer.order for layer in layout.LAYERS] == sorted(layer.order for layer in layout.LAYERS)
    assert layout.APPS.folder == "50-apps" and layout.layer_of_folder("50-apps") is layout.APPS
    assert layout.layer_of_folder("60-late") is None


def test_a_layer_unit_is_read_back_as_written():
    for layer in layout.LAYERS:
        path = f"{layout.layer_unit('dev', layer)}/file.yaml"
        assert layout.sync_unit(path) == layout.layer_unit("dev", layer)
        assert layout.unit_of(path) == f"layers/{layer.folder}"
        assert layout.unit_order(layout.unit_of(path)) == layer.order
        assert layout.engine_of(layout.unit_of(path)) is None


@pytest.mark.parametrize("path, unit, sync, engine", [
    ("prod/flux/sync.yaml", "flux", "prod/flux", layout.FLUX),
    ("prod/argocd/root-app.yaml", "argocd", "prod/argocd", layout.ARGOCD),
    ("prod/argocd/apps/applications.yaml", "argocd/apps", "prod/argocd/apps", layout.ARGOCD),
    # the gate names files below the folder it was given, or gets one environment's tree
    ("dist/prod/layers/40-mesh/mesh.yaml", "layers/40-mesh", None, None),
    ("layers/60-late/namespaces.yaml", "layers/60-late", None, None),
    # outside the grammar: no unit; the prune guard groups such a file by its folder
    ("prod/other/x.yaml", "", "prod/other", None),
    ("prod/layers/x.yaml", "", "prod/layers", None),
])
def test_entry_folders_and_foreign_paths(path, unit, sync, engine):
    assert layout.unit_of(path) == unit
    assert layout.engine_of(unit) == engine
    if sync is not None:
        assert layout.sync_unit(path) == sync


def test_unit_order_of_a_folder_this_project_never_writes_is_its_number():
    assert layout.unit_order("layers/60-late") == 60
    assert layout.unit_order("layers/late") is None
    assert layout.unit_order("layers/x6-late") is None
    assert layout.unit_order("flux") is None


def test_prune_keys_name_a_layer_by_folder_or_by_its_unit():
    assert layout.prune_key("dev/layers/50-apps") == "dev/50-apps"
    assert layout.prune_key("dev/argocd/apps") == "dev/argocd/apps"
    keys = layout.prune_keys(["dev"])
    assert {"dev/50-apps", "dev/layers/50-apps", "dev/flux", "dev/argocd", "dev/argocd/apps"} <= keys
    assert all(layout.prune_key(layout.layer_unit("dev", layer)) in keys for layer in layout.LAYERS)
    assert "prod/50-apps" not in keys


def test_paths_controllers_reference():
    assert layout.layer_path("dist", "prod", layout.MESH) == "dist/prod/layers/40-mesh"
    assert layout.entry_path("dist", "prod", layout.ARGOCD_APPS) == "dist/prod/argocd/apps"
    assert layout.is_preserved("prod/flux/flux-system/gotk-sync.yaml")
    assert not layout.is_preserved("prod/flux/sync.yaml")
