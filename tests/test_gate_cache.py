"""The gate's per-file caches: parsed documents and checkov's results, trusted only when they prove themselves."""
from __future__ import annotations

import datetime
from pathlib import Path

import yaml

from inference_platform.gate import check_tree
from inference_platform.gate.cache import DocumentCache, Entries
from inference_platform.gate.model import load_documents

REPO = Path(__file__).resolve().parents[1]
TEXT = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: 'yes'\n  n: '1'\n---\n"


def test_documents_read_back_equal_a_fresh_parse_and_skip_the_parser(tmp_path, monkeypatch):
    cache = DocumentCache(tmp_path)
    fresh = list(yaml.safe_load_all(TEXT))
    assert load_documents(TEXT, cache=cache) == fresh
    monkeypatch.setattr(yaml, "load_all", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert load_documents(TEXT, cache=cache) == fresh


def test_a_changed_text_is_parsed_again(tmp_path):
    cache = DocumentCache(tmp_path)
    load_documents(TEXT, cache=cache)
    changed = TEXT.replace("name: a", "name: b")
    assert load_documents(changed, cache=cache)[0]["metadata"] == {"name": "b"}


def test_documents_marshal_cannot_keep_are_parsed_every_time(tmp_path):
    cache = DocumentCache(tmp_path)
    text = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  created: 2026-11-26\n"
    assert load_documents(text, cache=cache)[0]["metadata"]["created"] == datetime.date(2026, 11, 26)
    assert list(tmp_path.iterdir()) == []
    assert load_documents(text, cache=cache)[0]["metadata"]["created"] == datetime.date(2026, 11, 26)


def test_a_corrupt_or_foreign_entry_is_ignored(tmp_path):
    entries = Entries(tmp_path)
    entries.write("a", b"payload a")
    entries.write("b", b"payload b")
    assert entries.read("a") == b"payload a"
    (tmp_path / "a").write_bytes((tmp_path / "a").read_bytes().replace(b"payload a", b"payload x"))  # edited
    (tmp_path / "b").write_bytes((tmp_path / "b").read_bytes()[:10])  # truncated
    assert entries.read("a") is None and entries.read("b") is None
    entries.write("c", b"payload c")
    (tmp_path / "d").write_bytes((tmp_path / "c").read_bytes())  # another key's entry
    assert entries.read("d") is None and entries.read("c") == b"payload c"


def test_a_cache_folder_that_cannot_be_written_costs_speed_only(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    assert load_documents(TEXT, cache=DocumentCache(blocked)) == list(yaml.safe_load_all(TEXT))
    assert list(tmp_path.iterdir()) == [blocked]


def test_the_gate_with_a_filled_cache_finds_what_a_cold_gate_finds(tmp_path):
    import shutil

    tree = tmp_path / "dist"
    shutil.copytree(REPO / "dist", tree)
    bad = tree / "dev/layers/50-apps/embeddings.yaml"
    bad.write_text(bad.read_text().replace("readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", 1))
    cold = check_tree(tree, policy=True)
    assert any(f.rule == "checkov:CKV_K8S_22" for f in cold)
    cache = tmp_path / "cache"
    assert check_tree(tree, policy=True, cache=cache) == cold  # fills the cache
    assert sorted(p.name for p in cache.iterdir()) == ["checkov", "documents"]
    assert check_tree(tree, policy=True, cache=cache) == cold  # reads it back
    bad.write_text(bad.read_text().replace("readOnlyRootFilesystem: false", "readOnlyRootFilesystem: true", 1))
    assert check_tree(tree, policy=True, cache=cache) == check_tree(tree, policy=True)
