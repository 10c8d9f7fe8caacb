"""The Gateway API CRDs this platform installs: the pinned files, their upstream sources, and where they are read.

``istio.routing: gateway-api`` (and every InferencePool) needs the Gateway API's standard CRDs
(Gateway, HTTPRoute, GRPCRoute, ...) and the Inference Extension's InferencePool CRD in the
cluster before istiod starts watching them. Istio installs neither, so the synth writes them
into the ``05-gateway-api-crds`` layer, verbatim from the pinned release files, which the
validation gate also reads as schemas. Offline they come from ``../shared/crds``; with network
``make setup`` fetches the same files from the upstream URLs below into ``.build/crds`` (the
Makefile's ``GATEWAY_API_CRD_URLS`` / ``INFERENCE_CRD_URLS`` are these lists).

Upstream: https://github.com/kubernetes-sigs/gateway-api (config/crd/standard at v1.6.1) and
https://github.com/kubernetes-sigs/gateway-api-inference-extension (config/crd/bases at v1.6.0).
"""
from __future__ import annotations

import copy
import functools
import os
from pathlib import Path
from typing import Mapping

from inference_platform.fast import yaml_reader

__all__ = ["GATEWAY_API_VERSION", "INFERENCE_EXTENSION_VERSION", "GATEWAY_API_FILE", "INFERENCE_FILE",
           "GATEWAY_API_URLS", "INFERENCE_URLS", "CRDS_DIR_ENV", "crds_dir", "gateway_api_crds"]

GATEWAY_API_VERSION = "v1.6.1"
INFERENCE_EXTENSION_VERSION = "v1.6.0"
#: The pinned files (names in ../shared/crds and .build/crds).
GATEWAY_API_FILE = f"gateway-api-{GATEWAY_API_VERSION[1:]}-standard.yaml"
INFERENCE_FILE = f"gateway-api-inference-extension-{INFERENCE_EXTENSION_VERSION[1:]}.yaml"
_GH = "https://raw.githubusercontent.com/kubernetes-sigs"
#: The standard channel's CRDs, in the order the pinned file concatenates them.
GATEWAY_API_URLS = tuple(
    f"{_GH}/gateway-api/{GATEWAY_API_VERSION}/config/crd/standard/gateway.networking.k8s.io_{kind}.yaml"
    for kind in ("backendtlspolicies", "gatewayclasses", "gateways", "grpcroutes", "httproutes", "listenersets",
                 "referencegrants", "tcproutes", "tlsroutes", "udproutes"))
INFERENCE_URLS = tuple(
    f"{_GH}/gateway-api-inference-extension/{INFERENCE_EXTENSION_VERSION}/config/crd/bases/{name}.yaml"
    for name in ("inference.networking.k8s.io_inferencepools", "inference.networking.x-k8s.io_inferencepoolimports"))
#: The environment variable naming the folder of pinned CRD files (the Makefile exports it).
CRDS_DIR_ENV = "PLATFORM_CRDS_DIR"
_REPO = Path(__file__).resolve().parents[2]


def crds_dir(environ: Mapping[str, str] = os.environ) -> Path:
    """The folder of pinned CRD files: ``$PLATFORM_CRDS_DIR``, default ``<repo>/../shared/crds``."""
    return Path(environ.get(CRDS_DIR_ENV) or _REPO.parent / "shared" / "crds")


def gateway_api_crds(folder: Path) -> list[dict]:
    """The CRDs of the pinned Gateway API and Inference Extension files in ``folder``, in file order
    (a copy: each environment's layer gets its own)."""
    docs: list[dict] = []
    for name in (GATEWAY_API_FILE, INFERENCE_FILE):
        path = folder / name
        if not path.is_file():
            raise FileNotFoundError(f"{path} is missing: the Gateway API CRDs are read from the pinned files "
                                    f"(set {CRDS_DIR_ENV}, or run `make setup`, which fetches them)")
        stat = path.stat()
        docs += copy.deepcopy(_crds_of(str(path.resolve()), stat.st_mtime_ns, stat.st_size))
    return docs


@functools.lru_cache(maxsize=8)
def _crds_of(path: str, mtime_ns: int, size: int) -> list[dict]:
    """The CRDs of one file, read once per process and version of the file."""
    # libyaml's reader (yaml_reader.documents): ~10x faster than PyYAML's pure-Python one on these 1.2 MB
    return [d for d in yaml_reader.documents(Path(path).read_text())
            if d and d.get("kind") == "CustomResourceDefinition"]
