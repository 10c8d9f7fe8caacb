{{- define "bench.labels" -}}
app: {{ .svc.name }}
app.kubernetes.io/managed-by: cdk8s
app.kubernetes.io/name: {{ .svc.name }}
app.kubernetes.io/part-of: {{ .env.partOf }}
{{- with .version }}
app.kubernetes.io/version: {{ .name }}
version: {{ .name }}
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
failureThreshold: {{ .probe.failure_threshold }}
{{- if eq (.probe.type | default "http") "http" }}
httpGet:
  path: {{ .probe.path }}
  port: {{ .port }}
{{- else if eq .probe.type "grpc" }}
grpc:
  port: {{ .port }}
{{- else }}
tcpSocket:
  port: {{ .port }}
{{- end }}
{{- if .probe.initial_delay_seconds }}
initialDelaySeconds: {{ .probe.initial_delay_seconds }}
{{- end }}
periodSeconds: {{ .probe.period_seconds }}
timeoutSeconds: {{ .probe.timeout_seconds }}
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

{{- define "bench.metric" -}}
{{- $ident := dict "name" .name -}}
{{- if .selector }}{{ $_ := set $ident "selector" (dict "matchLabels" .selector) }}{{ end -}}
{{- $target := dict -}}
{{- if not (kindIs "invalid" .target_average_value) -}}
{{- $target = dict "type" "AverageValue" "averageValue" .target_average_value -}}
{{- else -}}
{{- $target = dict "type" "Value" "value" .target_value -}}
{{- end -}}
{{- if eq .type "Pods" -}}
{{- dict "type" "Pods" "pods" (dict "metric" $ident "target" $target) | toYaml -}}
{{- else if eq .type "Object" -}}
{{- $ref := dict "apiVersion" .described_object.api_version "kind" .described_object.kind "name" .described_object.name -}}
{{- dict "type" "Object" "object" (dict "metric" $ident "target" $target "describedObject" $ref) | toYaml -}}
{{- else -}}
{{- dict "type" "External" "external" (dict "metric" $ident "target" $target) | toYaml -}}
{{- end -}}
{{- end -}}

{{- define "bench.virtualService" -}}
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
  http:
  - name: {{ .svc.name }}
    {{- with .matches }}
    match:
    {{- range . }}
    - {{- if .headers }}
      headers:
        {{- range $k, $v := .headers }}
        {{ $k }}:
          exact: {{ $v | quote }}
        {{- end }}
      {{- end }}
      {{- if or .uri_prefix .uri_exact }}
      uri:
        {{- with .uri_exact }}
        exact: {{ . }}
        {{- end }}
        {{- with .uri_prefix }}
        prefix: {{ . }}
        {{- end }}
      {{- end }}
    {{- end }}
    {{- end }}
    {{- $retries := .traffic.retries }}
    retries:
      attempts: {{ $retries.attempts }}
      {{- if $retries.attempts }}
      perTryTimeout: {{ $retries.per_try_timeout_seconds }}s
      retryOn: {{ join "," $retries.retry_on }}
      {{- end }}
    route:
    {{- $svc := .svc }}{{ $host := .host }}
    {{- range .svc.versions }}
    - destination:
        host: {{ $host }}
        port:
          number: {{ $svc.port }}
        subset: {{ .name }}
      weight: {{ .weight }}
    {{- end }}
    timeout: {{ .traffic.timeout_seconds }}s
{{- end -}}
