"""The gate's block-style reader reads exactly what libyaml reads, or leaves the text to libyaml.

Compared in order and type (``deep``), with and without checkov's line marks: the committed
tree, generated documents written by PyYAML's emitter (every flow and width setting the synth
does not use too), hand-picked spellings at the subset's edges, and texts mutated line by line.
"""
from __future__ import annotations

import datetime
import re

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from inference_platform.fast import yaml_reader
from inference_platform.gate.model import _Loader, _MarkedLoader, load_marked
from conftest import REPO


def deep(obj):
    """``obj`` with key order and types spelled out (``==`` ignores both: 1 == True, {a,b} == {b,a})."""
    if type(obj) is dict:
        return ("dict", [(deep(k), deep(v)) for k, v in obj.items()])
    if type(obj) is list:
        return ("list", [deep(v) for v in obj])
    return (type(obj).__name__, repr(obj))


def libyaml(text: str, marks: bool):
    """libyaml's documents, or the error class it raises."""
    try:
        return list(yaml.load_all(text, Loader=_MarkedLoader if marks else _Loader))
    except (yaml.YAMLError, ValueError) as err:
        return type(err)


def reads_alike(text: str) -> bool:
    """Both readers agree on ``text`` with and without marks; whether the fast one read it."""
    taken = []
    for marks in (False, True):
        fast = yaml_reader.read(text, marks=marks)
        if fast is not None:
            expected = libyaml(text, marks)
            assert isinstance(expected, list), f"libyaml refuses what the reader read: {text!r}"
            assert deep(fast) == deep(expected), text
        taken.append(fast is not None)
    assert taken[0] == taken[1]
    return taken[0]


@pytest.mark.slow
def test_every_file_of_the_committed_tree_reads_alike():
    files = sorted((REPO / "dist").rglob("*.yaml"))
    read = [path for path in files if reads_alike(path.read_text(encoding="utf-8"))]
    left = {path.relative_to(REPO / "dist").as_posix() for path in files} - {
        path.relative_to(REPO / "dist").as_posix() for path in read}
    # only files holding a block scalar are left to libyaml: the Flux sync files (health expressions), the
    # pinned Gateway API CRDs (multi-line descriptions), Gateway options and endpoint-picker ConfigMaps
    block = re.compile(r": [|>][-+]?\n")
    assert left and all(block.search((REPO / "dist" / rel).read_text(encoding="utf-8")) for rel in left), left
    assert any(rel.endswith("flux/sync.yaml") for rel in left)


EDGES = [
    # (text, read by the block reader?)
    ("", True), ("# only a comment\n", True), ("---\n", True), ("---\n---\n", True),
    ("a: 1\n", True), ("a: 1", False), ("a: 1\n ", False), ("a: 1\n\n\n", True), ("a: 1\n# c\n", True),
    ("a: 1\n---\n", True), ("---\na: 1\n---\nb: 2\n", True), ("# head\n---\na:\n  b: c\n", True),
    ("a:\n- 1\n- x: 2\n  y:\n  - z\n  w: {}\nb: []\n", True), ("a:\n  - 1\n  - 2\n", True),
    ("- a\n- b: 1\n- {}\n- []\n", True), ("a:\n", True), ("a:\n---\nb:\n", True), ("a:\n# c\nb: 1\n", True),
    ("'9000':\n  mode: x\n'a''b': 'c''d'\n\"q\": \"r\"\n", True), ("a: 'x: y'\nb: \"#z\"\n", True),
    ("k: yes\nl: No\nm: ~\nn: null\no: 0o17\np: 0x1F\nq: 1_000\nr: 1.5e3\ns: .inf\nt: -.5\n", True),
    ("d: 2024-01-02\ne: 2024-01-02T03:04:05Z\n", True), ("f: 2024-13-45\n", False), ("a: -x\nb: x-\nc: a:b\nd: a#b\n", True),
    ("1: a\ntrue: b\nnull: c\n", True), ("a: 1\na: 2\n", True), ("a:\n  b: 1\n  b:\n    c: 2\n", True),
    ("a: \"\\u00e9\\t\"\n", True), ("'a: b': 1\n", True), ("a:b: 1\n", True),
    ("a: |\n  text\n", False), ("a: >-\n  text\n", False), ("a: &x 1\nb: *x\n", False),
    ("a: !!str 1\n", False), ("a: [1, 2]\n", False), ("a: {b: 1}\n", False), ("<<: {a: 1}\n", False),
    ("a: long\n  continued\n", False), ("a: 'open\n  closed'\n", False), ("a:\tb\n", False),
    ("a: 1\r\n", False), ("a: 1 # comment\n", False), ("a:  two spaces\n", False), ("a: x \n", False),
    ("- - a\n", False), ("-\n  a: 1\n", False), ("%YAML 1.1\n---\na: 1\n", False), ("a: 1\n...\n", False),
    ("--- a\n", False), ("? a\n: b\n", False), ("a: é\n", False), ("\ufeffa: 1\n", False),
    ("a: 1\n  b: 2\n", False), ("a:\n    b: 1\n  c: 2\n", False), (" a: 1\n", False), ("a\n", False),
    ("a: 1\n- b\n", False), ("- a\nb: 1\n", False), ("a: 'x'y'\n", False), ("a: \"x\n", False),
    ("a: b: c\n", False), ("=: 1\n", False), ("a: ---\nb: '...'\n", True), ("a: -\n", False),
]


@pytest.mark.parametrize("text, taken", EDGES)
def test_edges_of_the_subset(text, taken):
    assert reads_alike(text) is taken


def test_marks_number_lines_as_checkov_does():
    text = "# head\n---\na:\n  b: 1\n\n  c:\n  - d: 2\n    e: {}\n  - f\ng: 3\n---\nh: 4\n"
    docs = yaml_reader.read(text, marks=True)
    assert deep(docs) == deep(libyaml(text, marks=True)) and load_marked(text) == docs
    assert docs[0]["__startline__"] == 3 and docs[0]["__endline__"] == 11
    assert docs[0]["a"]["c"][0] == {"d": 2, "e": {"__startline__": 8, "__endline__": 8},
                                    "__startline__": 7, "__endline__": 9}
    assert docs[1] == {"h": 4, "__startline__": 12, "__endline__": 13}


def test_non_string_scalars_are_built_by_libyaml():
    docs = yaml_reader.read("a: 2024-01-02\nb: 017\nc: 1_000\nd: on\ne: 0o17\n")
    assert docs == [{"a": datetime.date(2024, 1, 2), "b": 15, "c": 1000, "d": True, "e": "0o17"}]


def test_a_value_libyaml_cannot_build_is_left_to_it():
    assert yaml_reader.read("a: 2024-13-45\n") is None
    with pytest.raises(ValueError):
        list(yaml.load_all("a: 2024-13-45\n", Loader=_Loader))


TRICKY = " \n\t:#-'\"{}[]|>&*!%@`,?yYnNoO0123456789.eE+~\\_/\u00e9"
SIMPLE = "abz09-./_: #'\"@"
strings = st.one_of(st.text(alphabet=TRICKY, max_size=16), st.text(alphabet=SIMPLE, max_size=12),
                    st.text(alphabet=SIMPLE, max_size=12), st.text(alphabet=SIMPLE, max_size=12),
                    st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E), max_size=16),
                    st.sampled_from(["yes", "No", "null", "~", "8080", "0o17", "1e3", "2024-01-02", "-",
                                     "- x", "a: b", "#", "x #y", "", "'", '"', "---", "...", "<<"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), strings,
                    st.dates())
keys = st.one_of(strings.filter(bool), st.integers(), st.booleans())
trees = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(keys, inner, max_size=4)), max_leaves=24)
documents = st.lists(st.one_of(st.dictionaries(keys, trees, min_size=1, max_size=5),
                               st.dictionaries(keys, trees, min_size=1, max_size=5),
                               st.lists(trees, min_size=1, max_size=3), trees),
                     min_size=1, max_size=3)
dumps = st.fixed_dictionaries({"width": st.sampled_from([20, 80, 4096]), "indent": st.sampled_from([2, 4]),
                               "explicit_start": st.booleans(), "sort_keys": st.booleans(),
                               "default_flow_style": st.sampled_from([False, None])})


@pytest.mark.slow
@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents, dumps)
def test_documents_pyyaml_writes_read_alike(docs, options):
    reads_alike(yaml.safe_dump_all(docs, allow_unicode=True, **options))


@settings(max_examples=1500, deadline=None, suppress_health_check=list(HealthCheck))
@given(documents, st.lists(st.tuples(st.integers(0, 400), st.sampled_from(
    ["", "  ", "# c", "---", "  x", "- y", "z:", "...", " ", "\t", "  - w: 1", "v: {}", "u: 'q"])), max_size=4),
    st.lists(st.tuples(st.integers(0, 400), st.sampled_from(["indent", "dedent", "trail", "drop", "colon"])),
             max_size=3))
@pytest.mark.slow
def test_mutated_texts_read_alike_or_are_left_to_libyaml(docs, inserts, edits):
    lines = yaml.safe_dump_all(docs, default_flow_style=False).split("\n")
    for at, text in inserts:
        lines.insert(at % (len(lines) + 1), text)
    for at, edit in edits:
        i = at % len(lines)
        lines[i] = {"indent": "  " + lines[i], "dedent": lines[i][2:] if lines[i][:2] == "  " else lines[i],
                    "trail": lines[i] + " ", "drop": "", "colon": lines[i] + ":"}[edit]
    reads_alike("\n".join(lines))


@pytest.mark.slow
def test_the_subset_is_most_of_what_the_writer_emits():
    """Guard against a reader that declines everything (which would pass the tests above)."""
    docs = [{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": f"n{i}", "labels": {"a": "b"}},
             "data": {"k": "v", "port": "8080", "on": "yes"}, "items": [{"x": 1}, "y", [], {}]} for i in range(5)]
    assert reads_alike(yaml.safe_dump_all(docs, default_flow_style=False, explicit_start=True))


@pytest.mark.parametrize("text, taken", [("a: 1\n---\nb: [x]\n", False), ("a: |\n  x\n", False), ("a:\n- 1\n", True)])
def test_documents_are_libyamls_whether_or_not_the_reader_takes_the_text(text, taken):
    assert (yaml_reader.read(text) is not None) is taken
    assert deep(yaml_reader.documents(text)) == deep(libyaml(text, marks=False))
