"""A service's Istio traffic policy: HTTP matches, retries, connection pool, outlier detection."""
from __future__ import annotations

from typing import Annotated, Iterator, Literal

from pydantic import Field

from inference_platform.description.base import Items, Model, rule
from inference_platform.credentials import credential_header
from inference_platform.kube_names import INT32_MAX, Checked, HeaderValue, HostName, RoutePath

__all__ = ["Match", "Retries", "ConnectionPool", "OutlierDetection", "Traffic", "SAFE_RETRY_ON"]

#: Envoy retry conditions that fire only when the request never reached the model server,
#: so a retry cannot run a non-idempotent inference call (and bill its GPU time) twice.
SAFE_RETRY_ON = ("connect-failure", "refused-stream", "reset-before-request", "unavailable", "cancelled")
RetryOn = Annotated[str, Checked("can re-run a non-idempotent inference call; allowed: " + ", ".join(SAFE_RETRY_ON),
                                 choices=SAFE_RETRY_ON)]
HeaderName = Annotated[str, Checked("is not an HTTP header name (lower-case token characters, at most 256)",
                                    r"[a-z0-9!#$%&'*+.^_`|~-]+", 256)]


class Match(Model):
    """One HTTP match; all given conditions must hold."""

    uri_prefix: RoutePath | None = Field(None, description="Path prefix (literal: no wildcard, regex, %-encoding or dot segments).")
    uri_exact: RoutePath | None = Field(None, description="Exact path (literal, as uri_prefix).")
    headers: dict[HeaderName, HeaderValue] = Field({}, description="Exact header values.")

    @rule
    def _no_credential_header(self) -> Iterator[tuple[tuple, str]]:
        for name in self.headers:
            if credential_header(name):
                yield ("headers", name), (
                    f"matches the exact value of {name}, a header that carries a credential, which would write "
                    "the credential into the VirtualService in dist/ (committed, readable by everyone with the "
                    "repository); admit callers by their mTLS identity (callers) instead of a shared secret")

    @rule
    def _one_uri(self) -> Iterator[tuple[tuple, str]]:
        if self.uri_prefix is not None and self.uri_exact is not None:
            yield (), "give uri_prefix or uri_exact, not both"


class Retries(Model):
    """Route retries. Only conditions where the request never reached the server are allowed."""

    attempts: int = Field(2, ge=0, le=10, description="Retry attempts (0 disables retries).")
    per_try_timeout_seconds: int = Field(10, ge=1, le=INT32_MAX, description="Timeout of each attempt.")
    retry_on: Items[RetryOn] = Field(("connect-failure", "refused-stream", "reset-before-request"),
                                          description="Envoy retry conditions; allowed: " + ", ".join(SAFE_RETRY_ON) + ".")


class ConnectionPool(Model):
    max_connections: int = Field(1024, ge=1, le=INT32_MAX, description="TCP connections per Envoy to the service.")
    http1_max_pending_requests: int = Field(256, ge=1, le=INT32_MAX, description="Queued requests before Envoy sheds load.")
    http2_max_requests: int = Field(1024, ge=1, le=INT32_MAX, description="Concurrent requests.")
    max_requests_per_connection: int = Field(0, ge=0, le=INT32_MAX, description="Requests per connection (0: unlimited).")
    idle_timeout_seconds: int = Field(300, ge=1, le=INT32_MAX, description="Idle connection timeout.")


class OutlierDetection(Model):
    consecutive_5xx_errors: int = Field(5, ge=0, le=INT32_MAX, description="5xx responses before a pod is ejected.")
    interval_seconds: int = Field(30, ge=1, le=INT32_MAX, description="Analysis interval.")
    base_ejection_time_seconds: int = Field(60, ge=1, le=INT32_MAX, description="Minimum ejection time.")
    max_ejection_percent: int = Field(50, ge=0, le=100, description="Most of the pool that may be ejected.")


class Traffic(Model):
    """Istio routing: VirtualService on the ingress Gateway plus the DestinationRule."""

    hosts: Items[HostName] = Field(min_length=1, description="External host names served through the ingress Gateway.")
    matches: Items[Match] = Field((Match(uri_prefix="/"),), min_length=1, description="HTTP matches (any may match).")
    timeout_seconds: int = Field(60, ge=1, le=INT32_MAX, description="Route timeout; long for generation.")
    retries: Retries = Field(Retries(), description="Retry policy.")
    load_balancer: Literal["LEAST_REQUEST", "ROUND_ROBIN", "RANDOM", "PASSTHROUGH"] = Field(
        "LEAST_REQUEST", description="Envoy load-balancing algorithm.")
    connection_pool: ConnectionPool = Field(ConnectionPool(), description="Connection pool limits.")
    outlier_detection: OutlierDetection = Field(OutlierDetection(), description="Ejection of failing pods.")

    @rule
    def _hosts_once(self) -> Iterator[tuple[tuple, str]]:
        first: dict[str, int] = {}
        for j, host in enumerate(self.hosts):
            if host in first:
                yield ("hosts", j), (f"{host!r} is listed twice (also hosts[{first[host]}]); the Gateway and the "
                                     "certificate list each host once: keep one")
            first.setdefault(host, j)

    @rule
    def _retries_within_timeout(self) -> Iterator[tuple[str, str]]:
        budget = self.retries.attempts * self.retries.per_try_timeout_seconds
        if self.retries.attempts and budget > self.timeout_seconds:
            yield "retries", (f"attempts x per_try_timeout_seconds ({budget}s) exceeds "
                              f"timeout_seconds ({self.timeout_seconds}s)")
