"""The Prometheus test double (unit tests only) answers the generated ScaledObjects' queries as KEDA asks them."""
from __future__ import annotations

import json
import urllib.parse
import urllib.request

import yaml

from prometheus_double import PrometheusDouble, scaled_object_queries


def ask(url: str, query: str) -> dict:
    # KEDA's prometheus scaler: GET <serverAddress>/api/v1/query?query=...&time=...
    full = f"{url}/api/v1/query?{urllib.parse.urlencode({'query': query, 'time': '2026-11-26T11:00:00Z'})}"
    with urllib.request.urlopen(full, timeout=5) as response:
        return json.load(response)


def test_generated_queries_get_scripted_values_and_unknown_ones_an_empty_vector(default_files):
    objects = [d for rel, text in default_files.items() if rel.startswith("prod/layers/50-apps/")
               for d in yaml.safe_load_all(text) if d]
    queries = scaled_object_queries(objects)
    (llm,) = queries["ai-llm/llm-chat-v1"]
    assert "vllm:num_requests_waiting" in llm
    with PrometheusDouble() as prom:
        assert prom.url.startswith("http://127.0.0.1:")
        prom.set(llm, 12)
        answer = ask(prom.url, llm)
        assert answer["status"] == "success" and answer["data"]["resultType"] == "vector"
        assert float(answer["data"]["result"][0]["value"][1]) == 12.0
        assert ask(prom.url, "sum(nothing)")["data"]["result"] == []  # KEDA: error → fallback
        prom.forget(llm)
        assert ask(prom.url, llm)["data"]["result"] == []
        assert prom.asked == [llm, "sum(nothing)", llm]
