"""fast/cdk8s_order.py writes documents exactly as cdk8s's own ApiObject.to_json() renders them."""
from __future__ import annotations

import cdk8s
import pytest
from cdk8s import ApiObjectMetadata
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from imports.flux.io.fluxcd.toolkit import helm
from inference_platform.fast.cdk8s_order import api_object, sanitize

#: keys where JavaScript's object order differs from Python's sorted(): array indices (and the
#: integer-like strings that are not: 2**32 - 1, leading zeros), non-ASCII, astral, empty
TRICKY_KEYS = ["0", "1", "2", "10", "01", "007", "4294967294", "4294967295", "-1", "1.5", "", "a", "B", "_", "~",
               "é", "e", "ä", "z", "😀", "！", "\uffff", "a\u00e9", "ab", "a/b", "9", ":"]
keys = st.one_of(st.sampled_from(TRICKY_KEYS), st.text(max_size=6))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1), st.text(max_size=8))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                        st.dictionaries(keys, inner, max_size=6)), max_leaves=24)
label_maps = st.dictionaries(st.sampled_from(TRICKY_KEYS[:-4]), st.text(max_size=5), max_size=6)


def cdk8s_json(values, labels, annotations) -> dict:
    """cdk8s's rendering of a HelmRelease whose ``spec.values`` (typed Any) holds ``values``."""
    chart = cdk8s.Chart(cdk8s.App(), "t", disable_resource_name_hashes=True)
    obj = helm.HelmRelease(chart, "r", metadata=ApiObjectMetadata(
        name="n", namespace="ns", labels=labels or None, annotations=annotations or None),
        spec=helm.HelmReleaseSpec(interval="1m", values=values))
    return obj.to_json()


def ours(values, labels, annotations) -> dict:
    return api_object("helm.toolkit.fluxcd.io/v2", "HelmRelease", name="n", namespace="ns", labels=labels,
                      annotations=annotations, spec={"interval": "1m", "values": values})


def ordered(value):
    """``value`` with every mapping as a list of its items: equal only if the key order is too."""
    if isinstance(value, dict):
        return [(k, ordered(v)) for k, v in value.items()]
    if isinstance(value, list):
        return [ordered(v) for v in value]
    return value


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.dictionaries(keys, values, max_size=8), label_maps, label_maps)
def test_equals_cdk8s_to_json_in_value_and_key_order(spec_values, labels, annotations):
    assert ordered(ours(spec_values, labels, annotations)) == ordered(cdk8s_json(spec_values, labels, annotations))


def test_javascript_order_of_mixed_keys():
    mixed = {"é": 1, "01": 2, "10": 3, "2": 4, "": 5, "e": 6, "😀": 7, "！": 8, "4294967295": 9, "n": None}
    assert list(sanitize(mixed)) == ["2", "10", "", "01", "4294967295", "e", "é", "😀", "！"]
    assert list(sanitize(mixed)) == list(cdk8s_json(mixed, {}, {})["spec"]["values"])
    assert sanitize([{"b": None, "a": (1, {"d": 1, "c": 2})}]) == [{"a": [1, {"c": 2, "d": 1}]}]
