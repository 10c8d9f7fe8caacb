"""PromQL is parsed, not trusted (issue 24): syntax errors with their position, one series per trigger,
and every query the platform writes itself passes the same check."""
from __future__ import annotations

import pytest

from inference_platform.promql import kind_of, query_problem, syntax_problem
from inference_platform.catalog.servers import PRESETS
from inference_platform.catalog.signals import query

import promql_parser


@pytest.mark.parametrize("text, message, where", [
    ("sum(rate(x[1m])", "unclosed left parenthesis", "character 4 near '(rate(x[1m])'"),
    ("sum(x))", "unexpected right parenthesis ')'", "character 7 near ')'"),
    ("sum(x{a=\"b\"}}", "unexpected right brace '}'", "character 13"),
    ("x{a=b}", "unexpected identifier 'b' in label matching", "character 5 near 'b}'"),
    ("rate(x[1q])", "bad number or duration syntax: 1q", "character 8 near '1q])'"),
    ("sum(x;)", "unexpected character: ';'", "character 6 near ';)'"),
    ("foo bar", "invalid promql query", "character 5 near 'bar'"),
    ("sum(x) +", "invalid promql query", "character 8 near '+'"),
    ("sum(x{a=\"b}))", "unterminated quoted string", "character 9"),
    ("sum(\n  rate(x[5m]\n)", "unclosed left parenthesis", "line 1, column 4"),
    ("nosuchfunc(sum(x))", "unknown function with name 'nosuchfunc'", "character 1"),
])
def test_a_syntax_error_names_its_position(text, message, where):
    problem = syntax_problem(text)
    assert problem.startswith(f"is not valid PromQL: {message}") and f"(at {where}" in problem


@pytest.mark.parametrize("text, kind", [
    ("sum(x)", "single"), ("sum by () (x)", "single"), ("max(rate(x[1m]))", "single"),
    ("sum(x) or vector(0)", "single"), ("(sum(rate(x[1m])) * 0.5) or vector(0)", "single"),
    ("sum(a) / sum(b)", "single"), ("histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))", "single"),
    ("max_over_time(sum(x)[5m:1m])", "single"), ("vector(1)", "single"), ("-sum(x)", "single"),
    ("sum by (pod) (x)", "many"), ("sum(x) by (pod)", "many"), ("sum without (pod) (x)", "many"),
    ("x", "many"), ("rate(x[1m])", "many"), ("topk(3, x)", "many"), ("sum(x) or y", "many"),
    ("sum(x) + on(pod) group_left y", "many"), ("count_values(\"v\", x)", "many"),
    ("scalar(sum(x))", "scalar"), ("1 + 2", "scalar"),
])
def test_what_a_query_yields(text, kind):
    assert kind_of(promql_parser.parse(text)) == kind


def test_only_one_series_serves_an_average_value_trigger():
    assert query_problem("sum(x) or vector(0)") is None
    assert query_problem("sum by (pod) (x)").startswith("may return more than one series")
    assert query_problem("scalar(sum(x))").startswith("returns a scalar, not a series")
    assert query_problem("sum by (pod) (x)", single_series=False) is None


def builtin_queries() -> list[tuple[str, str]]:
    out = []
    for name, server in PRESETS.items():
        for signal in (*server.metrics, "request_rate", "gateway_request_rate"):
            for weight in (100, 10, 0):
                out.append((f"{name}/{signal}/{weight}", query(
                    signal, server=server, namespace="ai-llm", service="chat", version="v1", weight=weight,
                    gateway_workload="istio-ingressgateway", gateway_namespace="istio-ingress")))
    return out


@pytest.mark.parametrize("name, text", builtin_queries(), ids=[n for n, _ in builtin_queries()])
def test_every_builtin_query_parses_and_yields_one_series(name, text):
    assert query_problem(text) is None, (name, text)
