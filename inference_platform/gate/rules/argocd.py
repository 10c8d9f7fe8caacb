"""Argo CD: every Application against its AppProject, as Argo CD's own permission checks see it.

Emulates Argo CD 3.x (``pkg/apis/application/v1alpha1/app_project_types.go``: ``IsSourcePermitted``,
``IsDestinationPermitted``, ``IsGroupKindNamePermitted``; ``util/argo.ValidatePermissions``; the
controller's sync-time permission validator) and quotes its messages, so a finding reads like the
condition Argo CD would set on the Application:

* source ``repoURL`` against ``sourceRepos`` (URLs normalized, globs with ``/`` as separator, ``!`` denies);
* ``destination`` server (or name) + namespace against ``destinations`` (globs, ``!`` denies), where an
  empty namespace matches only ``*``-like patterns;
* for a ``path`` source, every object of that folder: cluster-scoped kinds must be in
  ``clusterResourceWhitelist`` (empty = none allowed) and not in ``clusterResourceBlacklist``;
  namespaced kinds must pass ``namespaceResourceWhitelist`` (absent = all) / ``Blacklist``, and their
  namespace (or the destination's, when unset) must be a permitted destination.

A Helm chart source's objects are not in the tree, so only its repository and destination are checked.
"""
from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from typing import Any, Iterator

from inference_platform.gate.model import Document, Finding
from inference_platform.gate.rules.base import Index, rule

#: The cluster Argo CD runs in: its built-in name and API server URL.
IN_CLUSTER_NAME, IN_CLUSTER_SERVER = "in-cluster", "https://kubernetes.default.svc"
_SSH_URL = re.compile(r"^(ssh://)?([^/:]*?)@[^@]+$")
#: Argo CD's built-in project: permits every source, destination and kind.
_DEFAULT_PROJECT = {"sourceRepos": ["*"], "destinations": [{"server": "*", "name": "*", "namespace": "*"}],
                    "clusterResourceWhitelist": [{"group": "*", "kind": "*"}]}


@lru_cache(maxsize=512)
def _compile(pattern: str, separators: str, go_filepath: bool) -> re.Pattern | None:
    """A gobwas/glob pattern (Argo CD's ``glob.Match``), or a Go ``filepath.Match`` pattern, as a regex."""
    any_char = f"[^{re.escape(separators)}]" if separators else "."
    out, i, depth = [], 0, 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*" and not go_filepath and pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if c == "[":
            end = pattern.find("]", i + 1)
            if end < 0:
                return None
            body = pattern[i + 1:end]
            negate = body[:1] in (("^",) if go_filepath else ("!",))
            out.append(f"[{'^' if negate else ''}{re.escape(body[1:] if negate else body).replace(chr(92) + '-', '-')}]")
            i = end + 1
            continue
        if c == "{" and not go_filepath:
            depth += 1
            out.append("(?:")
        elif c == "}" and depth:
            depth -= 1
            out.append(")")
        elif c == "," and depth:
            out.append("|")
        else:
            out.append({"*": any_char + "*", "?": any_char}.get(c, re.escape(c)))
        i += 1
    if depth:
        return None
    try:
        return re.compile("".join(out), re.DOTALL)
    except re.error:
        return None


def glob_match(pattern: str, value: str, separators: str = "", allow_negation: bool = True) -> bool:
    """Argo CD's ``globMatch``: ``*`` matches anything, ``!pattern`` matches what ``pattern`` does not."""
    if allow_negation and pattern.startswith("!"):
        return not glob_match(pattern[1:], value, separators, allow_negation=False)
    if pattern == "*":
        return True
    compiled = _compile(pattern, separators, False)
    return bool(compiled and compiled.fullmatch(value))


def _filepath_match(pattern: str, value: str) -> bool:
    compiled = _compile(pattern, "/", True)
    return bool(compiled and compiled.fullmatch(value))


def normalize_git_url(url: str) -> str:
    """Argo CD's ``git.NormalizeGitURL``: lower case, scp-style SSH as ``host/path``, no ``.git`` suffix."""
    url = url.strip().lower()
    if _SSH_URL.match(url) and not url.startswith("ssh://"):
        url = "ssh://" + url.replace(":", "/", 1)
    return url.removesuffix(".git").removeprefix("ssh://")


def source_permitted(project: dict, repo_url: str) -> bool:
    wanted, matched = normalize_git_url(repo_url), False
    for entry in project.get("sourceRepos") or []:
        entry = str(entry)
        deny = entry.startswith("!")
        pattern = ("!" if deny else "") + normalize_git_url(entry.removeprefix("!"))
        if glob_match(pattern, wanted, "/"):
            matched = True
        elif deny:
            return False
    return matched


def destination_permitted(project: dict, server: str, name: str, namespace: str) -> bool:
    matched, denied = False, False
    for item in project.get("destinations") or []:
        item = item if isinstance(item, dict) else {}
        i_server, i_name, i_ns = (str(item.get(k) or "") for k in ("server", "name", "namespace"))
        name_ok = bool(name) and glob_match(i_name, name)
        server_ok = bool(server) and glob_match(i_server, server)
        ns_ok = glob_match(i_ns, namespace)
        if (server_ok or name_ok) and ns_ok:
            matched = True
        elif ((not name_ok and i_name.startswith("!")) or (not server_ok and i_server.startswith("!"))
              or (not ns_ok and i_ns.startswith("!"))):
            denied = True
    return matched and not denied


def _in_list(group: str, kind: str, name: str, entries: Any) -> bool:
    for entry in entries or []:
        entry = entry if isinstance(entry, dict) else {}
        if (_filepath_match(str(entry.get("kind") or ""), kind) and _filepath_match(str(entry.get("group") or ""), group)
                and (not entry.get("name") or glob_match(str(entry["name"]), name))):
            return True
    return False


def kind_permitted(project: dict, group: str, kind: str, name: str, namespaced: bool) -> bool:
    """``IsGroupKindNamePermitted``: an absent namespaced whitelist allows all, an empty cluster one none."""
    if namespaced:
        white, black = project.get("namespaceResourceWhitelist"), project.get("namespaceResourceBlacklist")
        return (white is None or _in_list(group, kind, "", white)) and not _in_list(group, kind, "", black)
    white, black = project.get("clusterResourceWhitelist"), project.get("clusterResourceBlacklist")
    return _in_list(group, kind, name, white) and not _in_list(group, kind, name, black)


def _folder_docs(index: Index, path: str) -> list[tuple[Document, tuple[str, str, str, str]]]:
    """The documents (with their :attr:`Index.keys`) of the environment folder an Application's
    ``source.path`` names, in document order."""
    wanted = [p for p in path.strip().strip("/").split("/") if p not in ("", ".")]
    found: list[int] = []
    for (env, unit), positions in index.by_unit().items():
        tail = ([env] if env else []) + unit.split("/")
        if unit and wanted[-len(tail):] == tail:
            found.extend(positions)
    return [(index.docs[i], index.keys[i]) for i in sorted(found)]


def _sources(app: Document) -> list[tuple[str, dict]]:
    if isinstance(app.spec.get("sources"), list) and app.spec["sources"]:
        return [(f"spec.sources[{i}]", s if isinstance(s, dict) else {}) for i, s in enumerate(app.spec["sources"])]
    source = app.spec.get("source")
    return [("spec.source", source if isinstance(source, dict) else {})]


@rule("argocd-project-permissions",
      "Every Argo CD Application passes its AppProject: sources, destination and the kinds its folder holds.")
def project_permissions(index: Index) -> Iterator[Finding]:
    projects = {p.name: p for p in index.kind("AppProject", "argoproj.io")}
    for app in index.kind("Application", "argoproj.io"):
        name = str(app.spec.get("project") or "default")
        if name in projects:
            project = projects[name].spec
        elif name == "default":
            project = _DEFAULT_PROJECT
        else:
            yield app.finding("spec.project",
                              f"Application referencing project {name} which does not exist")
            continue
        yield from _check_app(index, app, name, project)


def _check_app(index: Index, app: Document, project_name: str, project: dict) -> Iterator[Finding]:
    dest = app.spec.get("destination") if isinstance(app.spec.get("destination"), dict) else {}
    server, cluster, namespace = (str(dest.get(k) or "") for k in ("server", "name", "namespace"))
    if not server and cluster == IN_CLUSTER_NAME:
        server = IN_CLUSTER_SERVER  # Argo CD resolves the name before checking (ValidateDestination)
    sources = _sources(app)
    for path, source in sources:
        repo = str(source.get("repoURL") or "")
        if not repo or not (source.get("path") or source.get("chart") or (len(sources) > 1 and source.get("ref"))):
            yield app.finding(path, f"{path}.repoURL and either {path}.path or {path}.chart are required")
        elif source.get("chart") and not source.get("targetRevision"):
            yield app.finding(path,
                              f"{path}.targetRevision is required if the manifest source is a helm chart")
        elif not source_permitted(project, repo):
            yield app.finding(f"{path}.repoURL",
                              f"application repo {repo} is not permitted in project '{project_name}'")
    if not server and not cluster:
        yield app.finding("spec.destination", "the destination sets neither server nor name, so Argo CD "
                                                       "cannot tell which cluster to sync to")
        return
    if not destination_permitted(project, server, cluster, namespace):
        yield app.finding("spec.destination",
                          f"application destination server '{server}' and namespace '{namespace}' do not match "
                          f"any of the allowed destinations in project '{project_name}'")
    for path, source in sources:
        if source.get("chart") or not source.get("path"):
            continue  # a Helm chart's objects are not in this tree
        refused: dict[str, list[Document]] = defaultdict(list)
        # A folder holds many objects of few kinds and namespaces: ask the project once for each.
        kinds: dict[tuple[str, str, str], bool] = {}
        destinations: dict[str, bool] = {}
        for doc, (group, kind, doc_namespace, name) in _folder_docs(index, str(source["path"])):
            namespaced = index.namespaced(group, kind)
            kind_key = (group, kind, "" if namespaced else name)  # only cluster-scoped kinds are permitted by name
            if kind_key not in kinds:
                kinds[kind_key] = kind_permitted(project, group, kind, name, namespaced)
            target = doc_namespace or namespace
            if not kinds[kind_key]:
                refused[f"resource {group}:{kind} is not permitted in project {project_name}"].append(doc)
            elif namespaced:
                if target not in destinations:
                    destinations[target] = destination_permitted(project, server, cluster, target)
                if not destinations[target]:
                    refused[f"namespace {target} is not permitted in project '{project_name}'"].append(doc)
        for message, docs in refused.items():
            example = f"{docs[0].ref} in {docs[0].file}"
            more = f" and {len(docs) - 1} more" if len(docs) > 1 else ""
            yield app.finding(f"{path}.path", f"{message} ({example}{more}); the sync fails on it")
