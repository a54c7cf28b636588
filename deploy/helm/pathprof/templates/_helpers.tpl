{{/* Labels every object carries. */}}
{{- define "pathprof.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/part-of: pathprof
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The collector's in-cluster DNS name. */}}
{{- define "pathprof.collectorHost" -}}
{{ .Values.collector.name }}.{{ .Release.Namespace }}.svc.cluster.local
{{- end -}}

{{/* Where the showcase services export spans (OTEL_EXPORTER_OTLP_ENDPOINT). */}}
{{- define "pathprof.otlpEndpoint" -}}
{{- if .Values.showcase.otlpEndpoint -}}
{{ .Values.showcase.otlpEndpoint }}
{{- else -}}
http://{{ include "pathprof.collectorHost" . }}:{{ .Values.collector.ports.otlp }}
{{- end -}}
{{- end -}}

{{/*
DOWNSTREAM_SVCS of one service: host:port/prefix/version for each name it calls, looked up
among the showcase services. Call with (dict "service" $svc "root" $).
*/}}
{{- define "pathprof.downstreamSvcs" -}}
{{- $root := .root -}}
{{- $entries := list -}}
{{- range $name := .service.downstream -}}
{{- $found := false -}}
{{- range $other := $root.Values.showcase.services -}}
{{- if eq $other.name $name -}}
{{- $found = true -}}
{{- $entries = append $entries (printf "%s:%v%s/%s" $other.name $root.Values.showcase.port $other.prefix $other.version) -}}
{{- end -}}
{{- end -}}
{{- if not $found -}}
{{- fail (printf "showcase service %s calls %s, which is not in showcase.services" $.service.name $name) -}}
{{- end -}}
{{- end -}}
{{- join "," $entries -}}
{{- end -}}

{{/* Pod and container security settings shared by every workload. */}}
{{- define "pathprof.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 1000
runAsGroup: 1000
fsGroup: 1000
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "pathprof.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop:
    - ALL
{{- end -}}

{{/*
The collector's ports beside OTLP/HTTP, Zipkin and query, as a YAML list of {name, port,
protocol}; a port set to null is left out (its receiver is off). Names tell Istio the protocol
(grpc-*, http-*); the Jaeger agent ports are UDP, which the mesh does not proxy. Call with
.Values.collector.
*/}}
{{- define "pathprof.collectorExtraPortList" -}}
{{- $ports := list
  (dict "name" "grpc-otlp" "port" .ports.otlpGrpc "protocol" "TCP")
  (dict "name" "http-jaeger" "port" .ports.jaegerThriftHttp "protocol" "TCP")
  (dict "name" "udp-agent-cmpct" "port" .ports.jaegerThriftCompact "protocol" "UDP")
  (dict "name" "udp-agent-bin" "port" .ports.jaegerThriftBinary "protocol" "UDP")
  (dict "name" "grpc-jaeger" "port" .ports.jaegerGrpc "protocol" "TCP")
  (dict "name" "grpc-query" "port" .ports.queryGrpc "protocol" "TCP") -}}
{{- $on := list -}}
{{- range $ports -}}
{{- if .port -}}
{{- $on = append $on . -}}
{{- end -}}
{{- end -}}
{{- toYaml $on -}}
{{- end -}}

{{/* The same ports as container ports. Call with .Values.collector. */}}
{{- define "pathprof.collectorExtraPorts" -}}
{{- range (include "pathprof.collectorExtraPortList" . | fromYamlArray) }}
- name: {{ .name }}
  containerPort: {{ .port }}
  protocol: {{ .protocol }}
{{- end -}}
{{- end -}}
