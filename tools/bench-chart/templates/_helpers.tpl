{{- define "bench.labels" -}}
app: {{ .svc.name }}
app.kubernetes.io/managed-by: cdk8s
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/part-of: {{ .env.partOf }}
{{- with .version }}
app.kubernetes.io/version: {{ .name }}
version: {{ .name }}
{{- end }}
{{- with .extra }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "bench.meta" -}}
metadata:
  labels:
    {{- include "bench.labels" . | nindent 4 }}
  name: {{ .name }}
  namespace: {{ .svc.namespace }}
{{- end -}}

{{- define "bench.probe" -}}
{{- $x := .x }}
failureThreshold: {{ .failure_threshold }}
{{- if eq .type "http" }}
httpGet:
  path: {{ $x.path }}
  port: {{ $x.portName }}
{{- else if eq .type "grpc" }}
grpc:
  port: {{ $x.portNumber }}
{{- else }}
tcpSocket:
  port: {{ $x.portName }}
{{- end }}
{{- if .initial_delay_seconds }}
initialDelaySeconds: {{ .initial_delay_seconds }}
{{- end }}
periodSeconds: {{ .period_seconds }}
timeoutSeconds: {{ .timeout_seconds }}
{{- end -}}

{{- define "bench.rules" -}}
{{- with .policies }}
policies:
{{- range . }}
- periodSeconds: {{ .period_seconds }}
  type: {{ .type }}
  value: {{ .value }}
{{- end }}
{{- end }}
{{- with .select_policy }}
selectPolicy: {{ . }}
{{- end }}
{{- if not (kindIs "invalid" .stabilization_window_seconds) }}
stabilizationWindowSeconds: {{ .stabilization_window_seconds }}
{{- end }}
{{- end -}}

{{- define "bench.httpRoute" -}}
- name: {{ .name }}
  {{- with .match }}
  match:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- $retries := .traffic.retries }}
  retries:
    attempts: {{ $retries.attempts }}
    {{- if $retries.attempts }}
    perTryTimeout: {{ $retries.per_try_timeout_seconds }}s
    retryOn: {{ join "," $retries.retry_on }}
    {{- end }}
  route:
  {{- $port := .port }}{{ $host := .host }}
  {{- range .svc.versions }}
  - destination:
      host: {{ $host }}
      port:
        number: {{ $port.published }}
      subset: {{ .name }}
    weight: {{ .weight }}
  {{- end }}
  timeout: {{ .traffic.timeout_seconds }}s
{{- end -}}

{{- /* HTTP routes for the http and grpc API ports; at the gateway one listener carries both (gRPC by
content-type), in the mesh each API port is routed to itself and tcp ports get tcp routes. */ -}}
{{- define "bench.virtualService" -}}
{{- $svc := .svc }}{{ $host := .host }}{{ $traffic := .traffic }}
{{- $web := list }}{{ $grpc := list }}{{ $routed := list }}
{{- range $svc.x.apiPorts }}
{{- if eq .protocol "http" }}{{ $web = append $web . }}{{ $routed = append $routed . }}{{ end }}
{{- if eq .protocol "grpc" }}{{ $grpc = append $grpc . }}{{ $routed = append $routed . }}{{ end }}
{{- end }}
---
apiVersion: networking.istio.io/v1
kind: VirtualService
{{ include "bench.meta" .meta }}
spec:
  gateways:
  - {{ .gateway }}
  hosts:
  {{- range .hosts }}
  - {{ . }}
  {{- end }}
  {{- if ne .gateway "mesh" }}
  http:
  {{- if and $web $grpc }}
  {{- $match := list (dict "headers" (dict "content-type" (dict "prefix" "application/grpc"))) }}
  {{- include "bench.httpRoute" (dict "name" (printf "%s-grpc" $svc.name) "match" $match "svc" $svc "host" $host
       "port" (first $grpc) "traffic" $traffic) | nindent 2 }}
  {{- end }}
  {{- $matches := list }}
  {{- range .matches }}
  {{- $m := dict }}
  {{- if or (not (kindIs "invalid" .uri_prefix)) (not (kindIs "invalid" .uri_exact)) }}
  {{- $uri := dict }}
  {{- if not (kindIs "invalid" .uri_prefix) }}{{ $_ := set $uri "prefix" .uri_prefix }}{{ end }}
  {{- if not (kindIs "invalid" .uri_exact) }}{{ $_ := set $uri "exact" .uri_exact }}{{ end }}
  {{- $_ := set $m "uri" $uri }}
  {{- end }}
  {{- if .headers }}
  {{- $headers := dict }}
  {{- range $k, $v := .headers }}{{ $_ := set $headers $k (dict "exact" $v) }}{{ end }}
  {{- $_ := set $m "headers" $headers }}
  {{- end }}
  {{- $matches = append $matches $m }}
  {{- end }}
  {{- include "bench.httpRoute" (dict "name" $svc.name "match" $matches "svc" $svc "host" $host
       "port" (first (concat $web $grpc)) "traffic" $traffic) | nindent 2 }}
  {{- else }}
  {{- if $routed }}
  http:
  {{- range $i, $port := $routed }}
  {{- $match := list }}
  {{- if gt (len $routed) 1 }}{{ $match = list (dict "port" $port.published) }}{{ end }}
  {{- include "bench.httpRoute" (dict "name" (ternary $svc.name (printf "%s-%s" $svc.name $port.name) (eq $i 0))
       "match" $match "svc" $svc "host" $host "port" $port "traffic" $traffic) | nindent 2 }}
  {{- end }}
  {{- end }}
  {{- $tcp := list }}
  {{- range $svc.x.apiPorts }}{{ if eq .protocol "tcp" }}{{ $tcp = append $tcp . }}{{ end }}{{ end }}
  {{- with $tcp }}
  tcp:
  {{- range $port := . }}
  - match:
    - port: {{ $port.published }}
    route:
    {{- range $svc.versions }}
    - destination:
        host: {{ $host }}
        port:
          number: {{ $port.published }}
        subset: {{ .name }}
      weight: {{ .weight }}
    {{- end }}
  {{- end }}
  {{- end }}
  {{- end }}
{{- end -}}
