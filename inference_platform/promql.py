"""PromQL the platform writes or accepts, parsed: the one owner, read by the description loader, the gate and the tests.

KEDA's Prometheus scaler sends a trigger's query as it is and fails every poll on a syntax error (the
ScaledObject then sits at its fallback), and it refuses a result with more than one series ("query
returned multiple elements"). With ``metricType: AverageValue`` the one value is the TOTAL over the
version's pods, which the HPA divides by the replica count. So every query is parsed, and a trigger's
query must yield one series whatever the data: an aggregation without grouping (``sum(...)``,
``max(...)``, ``by ()``), ``vector(...)``, an ``or`` of such, arithmetic between such and numbers.

The parser is ``promql-parser`` (PyPI): Python bindings (maintained by messense) of GreptimeTeam's
Rust ``promql-parser`` crate, the parser GreptimeDB serves PromQL with, which follows Prometheus's
own grammar and function table (Prometheus 2.45 syntax; KEDA's queries need nothing newer). It
names the problem but not where: :func:`syntax_problem` finds the position itself (the bracket or
quote left open, the stray closer or character, else the end of the longest prefix that parses).
"""
from __future__ import annotations

import re
from typing import Any

import promql_parser

__all__ = ["syntax_problem", "series_problem", "query_problem", "Kind"]

Kind = str  # "scalar", "string", "single" (one series at most), "many", "range" (a range vector: x[5m], (...)[5m:1m])
_OPENERS, _CLOSERS = "({[", ")}]"
_NAMES = {"(": "parenthesis", "{": "brace", "[": "bracket"}
#: Aggregations that fold their input into one series when they do not group.
_FOLDING = {"sum", "avg", "min", "max", "count", "group", "stddev", "stdvar", "quantile"}
#: Functions returning a scalar, and ones whose result has at most one series whatever their input.
_SCALAR_FUNCTIONS = {"scalar", "time", "pi", "day_of_month", "day_of_week", "day_of_year", "days_in_month", "hour",
                     "minute", "month", "year"}
_ONE_SERIES_FUNCTIONS = {"vector", "absent", "absent_over_time"}


# --------------------------------------------------------------------------- syntax


def _scan(query: str) -> tuple[list[tuple[str, int]], int | None, int | None]:
    """(brackets still open as (char, index), index of the first unmatched closer, index of an unterminated quote)."""
    stack: list[tuple[str, int]] = []
    stray = None
    i = 0
    while i < len(query):
        c = query[i]
        if c in "\"'`":
            end = i + 1
            while end < len(query) and query[end] != c:
                end += 2 if query[end] == "\\" and c != "`" else 1
            if end >= len(query):
                return stack, stray, i
            i = end + 1
            continue
        if c == "#":  # a comment runs to the end of the line
            newline = query.find("\n", i)
            i = len(query) if newline < 0 else newline + 1
            continue
        if c in _OPENERS:
            stack.append((c, i))
        elif c in _CLOSERS:
            if stack and _OPENERS[_CLOSERS.index(c)] == stack[-1][0]:
                stack.pop()
            elif stray is None:
                stray = i
        i += 1
    return stack, stray, None


def _outside_strings(query: str, token: str) -> int | None:
    """Index of the first occurrence of ``token`` outside string literals (as a word when it is one)."""
    word = re.escape(token)
    if re.fullmatch(r"\w+", token):
        word = rf"(?<![\w:]){word}(?![\w:])"
    for match in re.finditer(word, query):
        before = query[:match.start()]
        if all(before.count(q) % 2 == 0 for q in "\"'`"):
            return match.start()
    return None


def _parses(text: str) -> bool:
    try:
        promql_parser.parse(text)
    except (ValueError, RuntimeError):
        return False
    return True


def _longest_prefix(query: str) -> int:
    """Where the longest prefix that parses (with its open brackets closed) ends: the error is after it."""
    starts = [m.start() for m in re.finditer(r"(?<=\s)\S|(?<=[(){}\[\],])[^\s(){}\[\],]|[(){}\[\],]", query)]
    for end in sorted({s for s in starts if s > 0}, reverse=True):
        head = query[:end].rstrip()
        stack, stray, quote = _scan(head)
        if stray is None and quote is None and head and _parses(head + "".join(
                _CLOSERS[_OPENERS.index(c)] for c, _ in reversed(stack))):
            return end
    return 0


def _position(query: str, message: str) -> int:
    """The index (from 0) the parser's ``message`` is about."""
    stack, stray, quote = _scan(query)
    if "unterminated quoted string" in message and quote is not None:
        return quote
    if message.startswith("unexpected right") and stray is not None:
        return stray
    if message.startswith(("unclosed left", "unexpected end of input inside")) and stack:
        wanted = {"parenthesis": "(", "braces": "{", "brackets": "["}
        kind = next((c for word, c in wanted.items() if word in message), stack[-1][0])
        return next((i for c, i in reversed(stack) if c == kind), stack[-1][1])
    if message.startswith("unexpected end of input"):
        return len(query.rstrip())
    quoted = re.search(r"'([^']+)'", message) or re.search(r": (\S+)$", message)
    if quoted:
        found = _outside_strings(query, quoted.group(1))
        if found is not None:
            return found
    if stray is not None:
        return stray
    return _longest_prefix(query)


def syntax_problem(query: str) -> str | None:
    """Why ``query`` is not valid PromQL, with the position (character from 1) and the text there; None if valid."""
    try:
        promql_parser.parse(query)
    except (ValueError, RuntimeError) as err:
        message = str(err) or "invalid PromQL"
        where = _position(query, message)
        line = query.count("\n", 0, where) + 1
        column = where - (query.rfind("\n", 0, where) + 1) + 1
        at = f"line {line}, column {column}" if "\n" in query else f"character {where + 1}"
        rest = query[where:where + 20].split("\n", 1)[0]
        shown = f" near {rest!r}" if rest.strip() else " at the end"
        return f"is not valid PromQL: {message} (at {at}{shown})"
    return None


# --------------------------------------------------------------------------- what a query yields


def _name(op: Any) -> str:
    return str(op).lower()


def kind_of(expr: Any) -> Kind:
    """What ``expr`` evaluates to: a scalar, a string, at most one series ("single") or possibly more ("many")."""
    p = promql_parser
    if isinstance(expr, p.NumberLiteral):
        return "scalar"
    if isinstance(expr, p.StringLiteral):
        return "string"
    if isinstance(expr, (p.ParenExpr, p.UnaryExpr)):
        return kind_of(expr.expr)
    if isinstance(expr, (p.SubqueryExpr, p.MatrixSelector)):
        return "range"
    if isinstance(expr, p.AggregateExpr):
        op, modifier = _name(expr.op), expr.modifier
        ungrouped = modifier is None or (modifier.type == p.AggModifierType.By and not modifier.labels)
        if op in _FOLDING and ungrouped:
            return "single"
        return "single" if kind_of(expr.expr) == "single" and op not in ("count_values",) else "many"
    if isinstance(expr, p.Call):
        name = expr.func.name
        if name in _SCALAR_FUNCTIONS and (name == "scalar" or not expr.args):
            return "scalar"
        if name in _ONE_SERIES_FUNCTIONS:
            return "single"
        vectors = [a for a in expr.args if not isinstance(a, (p.NumberLiteral, p.StringLiteral))]
        if name == "histogram_quantile" and vectors:
            inner = vectors[-1]
            while isinstance(inner, p.ParenExpr):
                inner = inner.expr
            if (isinstance(inner, p.AggregateExpr) and _name(inner.op) in _FOLDING and inner.modifier is not None
                    and inner.modifier.type == p.AggModifierType.By and list(inner.modifier.labels) == ["le"]):
                return "single"  # one bucket series per le, folded into one quantile
        if not vectors:
            return "scalar"
        inner = vectors[0]
        if isinstance(inner, p.MatrixSelector):
            return "many"
        if isinstance(inner, p.SubqueryExpr):  # a function over time of a subquery: one series per series of it
            return kind_of(inner.expr)
        return kind_of(inner)
    if isinstance(expr, p.BinaryExpr):
        op, left, right = _name(expr.op), kind_of(expr.lhs), kind_of(expr.rhs)
        if op == "or":
            return "single" if left == right == "single" else "many"
        if op in ("and", "unless"):
            return left
        if left == right == "scalar":
            return "scalar"
        kinds = {left, right} - {"scalar"}
        return "single" if kinds == {"single"} else "many"
    return "many"  # VectorSelector, MatrixSelector


def series_problem(query: str) -> str | None:
    """Why a valid ``query`` may not yield exactly one series (what an AverageValue trigger needs), or None."""
    kind = kind_of(promql_parser.parse(query))
    if kind == "single":
        return None
    if kind == "range":
        return ("returns a range vector (a [range] selector or a subquery), which KEDA cannot read as a value: "
                "reduce it over time, e.g. max_over_time(sum(...)[5m:1m]), or drop the range")
    if kind in ("scalar", "string"):
        return (f"returns a {kind}, not a series; KEDA reads a vector result: wrap it as vector(...) or aggregate a "
                "metric (sum(...))")
    return ("may return more than one series (a selector, a function of one, or an aggregation that groups with "
            "by/without); KEDA refuses a multi-series result and the HPA divides ONE total by the replicas "
            "(AverageValue): aggregate without grouping, e.g. sum(...), optionally '... or vector(0)'")


def query_problem(query: str, *, single_series: bool = True) -> str | None:
    """The first reason ``query`` cannot serve as a KEDA Prometheus trigger (syntax, then result shape), or None."""
    return syntax_problem(query) or (series_problem(query) if single_series else None)
