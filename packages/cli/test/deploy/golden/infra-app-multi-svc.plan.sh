# pathprof deploy plan: infra + app, system multi-svc, Minikube profile pathprof
# Needs: minikube, istioctl, kubectl, docker, helm. Nothing has been run.
# Run from the root of the pathprof repository (/repo); every step is safe to repeat.
set -e

# 1. start (or reuse) the Minikube cluster "pathprof" with 4 CPUs and 10240 MiB, enough for Istio's demo profile
minikube start -p pathprof --cpus=4 --memory=10240

# 2. enable metrics-server (kubectl top, Kiali)
minikube -p pathprof addons enable metrics-server

# 3. install Istio (demo profile) with tracing to pathprof
istioctl install -y --context pathprof --set profile=demo --set meshConfig.enableTracing=true --set 'meshConfig.defaultProviders.tracing[0]=pathprof' --set 'meshConfig.extensionProviders[0].name=pathprof' --set 'meshConfig.extensionProviders[0].opentelemetry.service=pathprof-collector.pathprof.svc.cluster.local' --set 'meshConfig.extensionProviders[0].opentelemetry.port=4318' --set 'meshConfig.extensionProviders[0].opentelemetry.http.path=/v1/traces' --set 'meshConfig.extensionProviders[0].opentelemetry.http.timeout=10s'

# 4. wait for istiod
kubectl --context pathprof -n istio-system rollout status deployment/istiod --timeout=5m

# 5. apply Istio's prometheus addon from release 1.29
kubectl --context pathprof apply -f https://raw.githubusercontent.com/istio/istio/release-1.29/samples/addons/prometheus.yaml

# 6. apply Istio's grafana addon from release 1.29
kubectl --context pathprof apply -f https://raw.githubusercontent.com/istio/istio/release-1.29/samples/addons/grafana.yaml

# 7. apply Istio's kiali addon from release 1.29
kubectl --context pathprof apply -f https://raw.githubusercontent.com/istio/istio/release-1.29/samples/addons/kiali.yaml

# 8. wait for the addons
kubectl --context pathprof -n istio-system wait --for=condition=Available deployment --all --timeout=5m

# 9. point docker at Minikube's Docker daemon, so the images need no registry
eval "$(minikube -p pathprof docker-env)"

# 10. build the collector image (collector, DuckDB store, web UI)
docker build -f deploy/docker/collector.Dockerfile -t pathprof-collector:latest .

# 11. build the showcase image, tagged for each multi-svc service
docker build -f deploy/docker/showcase.Dockerfile -t svc-a:latest -t svc-b:latest -t svc-c:latest -t svc-d:latest -t svc-e:latest -t svc-f:latest -t svc-g:latest .

# 12. create the namespace pathprof (the chart creates e2e, labelled istio-injection=enabled)
kubectl --context pathprof apply -f - <<'EOF'
apiVersion: v1
kind: Namespace
metadata:
  name: pathprof
EOF

# 13. install or upgrade the Helm release with deploy/helm/pathprof/values-multi-svc.yaml and wait for it
helm upgrade --install pathprof deploy/helm/pathprof --kube-context pathprof --namespace pathprof -f deploy/helm/pathprof/values-multi-svc.yaml --wait --timeout 10m

# 14. wait for the 7 showcase deployments to be available
kubectl --context pathprof -n e2e wait --for=condition=Available deployment --all --timeout=5m

# 15. list the pods (each showcase pod has 2/2 containers: the service and its sidecar)
kubectl --context pathprof get pods -n e2e -o wide

# How to reach it:
#   the showcase through Istio's ingress gateway: run `minikube -p pathprof tunnel` in another terminal, then
#     curl -H "Host: app-a.dtp.org" http://localhost/a/v1/a1
#   or one service directly:
#     kubectl --context pathprof -n e2e port-forward svc/svc-a 5566:5566
#     curl http://localhost:5566/a/v1/a1
#   the pathprof UI and query API:
#     kubectl --context pathprof -n pathprof port-forward svc/pathprof-collector 16686:16686
#     open http://localhost:16686/ (paths: http://localhost:16686/api/paths?lookback=15m)
#   Grafana, Kiali, Prometheus: istioctl --context pathprof dashboard grafana (or kiali, prometheus)
