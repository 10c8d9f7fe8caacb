"""render(): each distinct file is dumped once per process, and only documents that dump alike share a text."""
from __future__ import annotations

from inference_platform.fast.yaml_writer import dump_all
from inference_platform.synth import render as render_module
from inference_platform.synth.render import HEADER, TEXTS_KEPT, Folder, render


class Folders:
    def __init__(self, *folders: Folder) -> None:
        self._folders = folders

    def folders(self):
        return iter(self._folders)


def configmap(value) -> list[dict]:
    return [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c", "namespace": "n"}, "data": {"v": value}}]


def test_values_that_dump_differently_get_their_own_text():
    values = [1, "1", 1.0, True, "true", None, "null", [], {}, "", " 1"]
    files = render(Folders(Folder("e/layers/x", {f"f{i}": configmap(v) for i, v in enumerate(values)}, kustomized=False)))
    for i, value in enumerate(values):
        assert files[f"e/layers/x/f{i}.yaml"] == HEADER + dump_all(configmap(value)), value
    assert len(set(files.values())) == len(values)


def test_an_equal_file_of_a_later_render_reuses_the_text_and_the_memo_stays_bounded():
    first = render(Folders(Folder("a/layers/x", {"f": configmap("same")}, kustomized=False)))
    second = render(Folders(Folder("b/layers/y", {"g": configmap("same")}, kustomized=False)))
    assert second["b/layers/y/g.yaml"] is first["a/layers/x/f.yaml"]
    render(Folders(Folder("c/layers/z", {f"f{i}": configmap(f"v{i}") for i in range(TEXTS_KEPT + 5)}, kustomized=False)))
    assert len(render_module._TEXTS) == TEXTS_KEPT

