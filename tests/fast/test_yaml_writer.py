"""fast/yaml_writer.py writes exactly what PyYAML's pure-Python emitter writes: by its own block
writer, or libyaml's emitter where that gives the same bytes."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inference_platform.description import load_file
from inference_platform.fast.yaml_writer import Dumper, dump_all, emit_all, same_in_libyaml
from inference_platform.synth.app import PlatformApp
from inference_platform.synth.render import HEADER, render_with_inventory
from conftest import REPO


def pure_python_dump(docs: list) -> str:
    return yaml.dump_all(docs, Dumper=Dumper, sort_keys=False, default_flow_style=False,
                         width=4096, allow_unicode=True, explicit_start=True)


# Strings that stress the emitters: YAML indicators, quotes, numbers and booleans in disguise,
# newlines and blank lines, tabs, control and non-BMP characters, empty strings.
TRICKY = " \n\t\r:#-'\"{}[]|>&*!%@`,?yYnNoO0123456789.eE+~\\_/\u00e9\u2028\u0085\ufeff\U0001F600"
strings = st.one_of(st.text(), st.text(alphabet=TRICKY, max_size=24),
                    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.just("\n")))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), strings)
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(strings, inner, max_size=4)), max_leaves=24)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.dictionaries(strings, trees, max_size=5), min_size=1, max_size=3))
def test_dump_all_writes_the_pure_python_emitters_bytes(docs):
    assert dump_all(docs) == pure_python_dump(docs)


plain_keys = st.one_of(st.text(alphabet="abcxyz-_./0123456789", min_size=1, max_size=12), st.sampled_from(
    ["apiVersion", "true", "null", "yes", "8000", "9", "1e3", "-", "a b", "*x", "x: y", "é", "~", "0x1F"]))
plain_scalars = st.one_of(st.none(), st.booleans(), st.integers(), strings,
                          st.text(alphabet="abc -:#'*&!%@`,?.0123456789e", max_size=10))
plain_trees = st.recursive(plain_scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(plain_keys, inner, max_size=3)), max_leaves=20)


@pytest.mark.slow
@settings(max_examples=600, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.lists(st.dictionaries(plain_keys, plain_trees, min_size=1, max_size=5), min_size=1, max_size=3))
def test_block_writer_writes_the_pure_python_emitters_bytes_or_leaves_it_to_pyyaml(docs):
    text = emit_all(docs)
    if text is not None:
        assert text == pure_python_dump(docs)


@pytest.mark.slow
def test_block_writer_takes_every_service_file_of_the_default_platform():
    files, _ = render_with_inventory(PlatformApp(load_file(REPO / "platform.yaml")))
    apps = [t for p, t in files.items() if "/50-apps/" in p and not p.endswith("kustomization.yaml")]
    # but an endpoint picker's configuration (a ConfigMap holding a multi-line document: libyaml writes it)
    docs = [[d for d in yaml.safe_load_all(t) if d and d["kind"] != "ConfigMap"] for t in apps]
    assert apps and all(emit_all(file) is not None for file in docs)


@pytest.mark.slow
def test_the_default_platform_is_written_with_libyaml_and_unchanged_by_it():
    files, _ = render_with_inventory(PlatformApp(load_file(REPO / "platform.yaml")))
    manifests = {p: t for p, t in files.items() if not p.endswith("kustomization.yaml")}
    for path, text in manifests.items():
        docs = [d for d in yaml.safe_load_all(text) if d is not None]
        assert HEADER + pure_python_dump(docs) == text, path
    if hasattr(yaml, "CSafeDumper"):  # the fast path is taken for the platform's own objects (not the pinned
        # upstream CRDs of layer 05, one of whose descriptions libyaml would write differently)
        own = [t for p, t in manifests.items() if "/05-gateway-api-crds/" not in p]
        assert own and all(same_in_libyaml([d for d in yaml.safe_load_all(t) if d]) for t in own)
