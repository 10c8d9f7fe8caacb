"""The gate's per-file caches: parsed documents and checkov's results, trusted only when they prove themselves."""
from __future__ import annotations

import datetime

import pytest
import yaml

from conftest import REPO
from inference_platform.fast import yaml_reader
from inference_platform.gate import check_tree
from inference_platform.gate.cache import DocumentCache, Entries
from inference_platform.gate.model import load_documents

TEXT = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: 'yes'\n  n: '1'\n---\n"


def test_documents_read_back_equal_a_fresh_parse_and_skip_the_parser(tmp_path, monkeypatch):
    cache = DocumentCache(tmp_path)
    fresh = list(yaml.safe_load_all(TEXT))
    assert load_documents(TEXT, cache=cache) == fresh
    monkeypatch.setattr(yaml, "load_all", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    monkeypatch.setattr(yaml_reader, "read", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
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
    cache.entries.save()
    assert list(tmp_path.iterdir()) == []
    assert load_documents(text, cache=cache)[0]["metadata"]["created"] == datetime.date(2026, 11, 26)


def test_documents_saved_by_one_run_are_read_by_the_next(tmp_path, monkeypatch):
    cache = DocumentCache(tmp_path)
    fresh = load_documents(TEXT, cache=cache)
    cache.entries.save()
    assert [p.name for p in tmp_path.iterdir()] == ["pack"]
    monkeypatch.setattr(yaml, "load_all", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    monkeypatch.setattr(yaml_reader, "read", lambda *a, **k: (_ for _ in ()).throw(AssertionError("parsed again")))
    assert load_documents(TEXT, cache=DocumentCache(tmp_path)) == fresh


def saved(folder, entries):
    store = Entries(folder)
    for key, payload in entries.items():
        store.write(key, payload)
    store.save()
    return Entries(folder)


def test_a_corrupt_entry_is_ignored_and_the_rest_of_the_pack_still_serves(tmp_path):
    pack = tmp_path / "pack"
    assert saved(tmp_path, {"a": b"payload a", "b": b"payload b", "c": b"payload c"}).read("b") == b"payload b"
    pack.write_bytes(pack.read_bytes().replace(b"payload b", b"payload x"))  # edited
    reread = Entries(tmp_path)
    assert (reread.read("a"), reread.read("b"), reread.read("c")) == (b"payload a", None, b"payload c")
    reread.write("b", b"payload b")
    reread.save()
    assert Entries(tmp_path).read("b") == b"payload b"
    pack.write_bytes(pack.read_bytes()[:-4])  # truncated: the last entry is gone, the others serve
    reread = Entries(tmp_path)
    assert (reread.read("a"), reread.read("b"), reread.read("c")) == (b"payload a", b"payload b", None)
    pack.write_bytes(b"not a pack\n" + pack.read_bytes())  # foreign: nothing is trusted
    assert Entries(tmp_path).read("a") is None


def test_a_pack_keeps_what_the_run_used_and_at_most_four_times_as_many(tmp_path):
    saved(tmp_path, {f"k{i}": b"x" for i in range(10)})
    run = Entries(tmp_path)
    assert run.read("k3") == b"x"
    run.write("new", b"y")
    run.save()
    kept = Entries(tmp_path)
    assert kept.read("k3") == b"x" and kept.read("new") == b"y"
    assert len(kept._load()) == 8  # the two used, six more


def test_one_file_entries_of_the_earlier_format_are_removed(tmp_path):
    old = tmp_path / ("ab" * 32)
    old.write_bytes(b"an entry of the per-file format")
    saved(tmp_path, {"a": b"payload a"})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pack"]


def test_a_cache_folder_that_cannot_be_written_costs_speed_only(tmp_path):
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the cache folder would be")
    cache = DocumentCache(blocked)
    assert load_documents(TEXT, cache=cache) == list(yaml.safe_load_all(TEXT))
    cache.entries.save()
    assert list(tmp_path.iterdir()) == [blocked]


@pytest.mark.slow
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
    assert sorted(p.relative_to(cache).as_posix() for p in cache.rglob("*")) == [
        "checkov", "checkov/pack", "documents", "documents/pack"]
    assert check_tree(tree, policy=True, cache=cache) == cold  # reads it back
    bad.write_text(bad.read_text().replace("readOnlyRootFilesystem: false", "readOnlyRootFilesystem: true", 1))
    assert check_tree(tree, policy=True, cache=cache) == check_tree(tree, policy=True)
