"""A loopback Prometheus HTTP API test double, for unit tests only.

``make e2e`` runs a real Prometheus configured by prometheus-operator (e2e/prometheus_stack.py);
this double answers scripted values so the harness' Prometheus client and checks
(e2e/prometheus_stack.PrometheusApi, e2e/pipeline_checks) are tested without building anything.

KEDA's Prometheus scaler sends ``GET <serverAddress>/api/v1/query?query=<PromQL>[&time=...]``
and reads the first sample of an instant vector. The double answers each query the generated
ScaledObjects carry with a value the scenario scripts (``set``), records every query it was
asked (``asked``), and answers an unknown query with an empty vector, which the generated
triggers (``ignoreNullValues: "false"``) turn into a scaler error and KEDA's fallback, as a real
Prometheus without that series would.

Usage::

    with PrometheusDouble() as prom:          # 127.0.0.1:<free port>
        for q in scaled_object_queries(objects):
            prom.set(q, 0)
        # point the ScaledObjects' serverAddress at prom.url, apply, then prom.set(q, 40) ...

Only loopback: the server binds 127.0.0.1 and is stopped when the block ends.
"""
from __future__ import annotations

import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterable

__all__ = ["PrometheusDouble", "scaled_object_queries"]


def scaled_object_queries(objects: Iterable[dict]) -> dict[str, list[str]]:
    """``<namespace>/<name>`` of each ScaledObject → the queries of its Prometheus triggers, in order."""
    out: dict[str, list[str]] = {}
    for obj in objects:
        if obj.get("kind") != "ScaledObject":
            continue
        meta = obj.get("metadata") or {}
        queries = [str((t.get("metadata") or {}).get("query")) for t in (obj.get("spec") or {}).get("triggers") or []
                   if t.get("type") == "prometheus"]
        out[f"{meta.get('namespace')}/{meta.get('name')}"] = queries
    return out


class PrometheusDouble:
    """A Prometheus ``/api/v1/query`` endpoint on 127.0.0.1 answering scripted values per query."""

    def __init__(self) -> None:
        self._values: dict[str, float] = {}
        self._lock = threading.Lock()
        self.asked: list[str] = []
        double = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urllib.parse.urlsplit(self.path)
                if url.path.rstrip("/") not in ("/api/v1/query", "//api/v1/query"):
                    self.send_error(404, "only /api/v1/query is served")
                    return
                query = (urllib.parse.parse_qs(url.query).get("query") or [""])[0]
                body = json.dumps(double._answer(query)).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                return  # quiet: the scenario prints its own trajectory

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def set(self, query: str, value: float) -> None:
        """Answer ``query`` (exactly as the ScaledObject carries it) with ``value`` from now on."""
        with self._lock:
            self._values[query] = float(value)

    def forget(self, query: str) -> None:
        """Answer ``query`` with an empty vector again (a lost series)."""
        with self._lock:
            self._values.pop(query, None)

    def _answer(self, query: str) -> dict:
        with self._lock:
            self.asked.append(query)
            value = self._values.get(query)
        result = [] if value is None else [{"metric": {}, "value": [time.time(), repr(value)]}]
        return {"status": "success", "data": {"resultType": "vector", "result": result}}

    def __enter__(self) -> "PrometheusDouble":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
