# syntax=docker/dockerfile:1
# The pathprof collector (`pathprof serve`) with the web UI and the embedded
# DuckDB store. Build from the repository root:
#   docker build -f deploy/docker/collector.Dockerfile -t pathprof-collector:latest .
# Debian slim rather than Alpine: DuckDB's native binding is built and tested
# first for glibc.

ARG NODE_VERSION=20.20.2

# 1. compile every package and build the web UI
FROM node:${NODE_VERSION}-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json tsconfig.base.json ./
COPY packages/cli/package.json packages/cli/
COPY packages/collector/package.json packages/collector/
COPY packages/engine/package.json packages/engine/
COPY packages/measure/package.json packages/measure/
COPY packages/model/package.json packages/model/
COPY packages/sdk/package.json packages/sdk/
COPY packages/sources/package.json packages/sources/
COPY packages/store/package.json packages/store/
COPY packages/web/package.json packages/web/
COPY apps/showcase/package.json apps/showcase/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY packages packages
COPY apps apps
RUN npm run build

# 2. production dependencies of the CLI (collector, store, engine, showcase)
FROM node:${NODE_VERSION}-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY packages/cli/package.json packages/cli/
COPY packages/collector/package.json packages/collector/
COPY packages/engine/package.json packages/engine/
COPY packages/measure/package.json packages/measure/
COPY packages/model/package.json packages/model/
COPY packages/sdk/package.json packages/sdk/
COPY packages/sources/package.json packages/sources/
COPY packages/store/package.json packages/store/
COPY packages/web/package.json packages/web/
COPY apps/showcase/package.json apps/showcase/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --workspace packages/cli \
    && test -e node_modules/@duckdb/node-api \
    && npm cache clean --force

# 3. runtime
FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /src/packages/model/dist packages/model/dist
COPY --from=build /src/packages/engine/dist packages/engine/dist
COPY --from=build /src/packages/sources/dist packages/sources/dist
COPY --from=build /src/packages/measure/dist packages/measure/dist
COPY --from=build /src/packages/store/dist packages/store/dist
COPY --from=build /src/packages/collector/dist packages/collector/dist
# the gRPC query API's message definitions, read at run time
COPY --from=build /src/packages/collector/proto packages/collector/proto
COPY --from=build /src/packages/sdk/dist packages/sdk/dist
COPY --from=build /src/apps/showcase/dist apps/showcase/dist
COPY --from=build /src/packages/cli/dist packages/cli/dist
COPY --from=build /src/packages/cli/bin packages/cli/bin
# what bin/pathprof.js runs (scripts/bundle-bin.mjs)
COPY --from=build /src/packages/cli/bundle packages/cli/bundle
COPY --from=build /src/packages/web/dist packages/web/dist
# the DuckDB data directory; in Kubernetes a PersistentVolumeClaim is mounted here
RUN mkdir -p /var/lib/pathprof && chown 1000:1000 /var/lib/pathprof
VOLUME ["/var/lib/pathprof"]
# numeric, so Kubernetes' runAsNonRoot can verify it (the image's "node" user)
USER 1000:1000
EXPOSE 4317 4318 9411 14250 14268 16685 16686 6831/udp 6832/udp
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:16686/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "/app/packages/cli/bin/pathprof.js"]
CMD ["serve", "--host", "0.0.0.0", "--data", "/var/lib/pathprof"]
