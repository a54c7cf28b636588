# syntax=docker/dockerfile:1
# The showcase services (multi-svc svc-a … svc-g, toy rolldice): one image,
# the service is picked at run time by SVC_NAME (or SHOWCASE_APP).
# Build from the repository root:
#   docker build -f deploy/docker/showcase.Dockerfile -t svc-a:latest .
# It holds @pathprof/sdk and @pathprof/showcase with their production
# dependencies only: no DuckDB, no collector, no web UI, no dev tools.

ARG NODE_VERSION=20.20.2

# 1. compile the SDK and the showcase (TypeScript -> dist/)
FROM node:${NODE_VERSION}-alpine AS build
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
RUN npm ci --ignore-scripts --no-audit --no-fund \
      --workspace apps/showcase --include-workspace-root
COPY packages/sdk/tsconfig.build.json packages/sdk/
COPY packages/sdk/src packages/sdk/src
COPY apps/showcase/tsconfig.build.json apps/showcase/
COPY apps/showcase/src apps/showcase/src
RUN npx tsc -b apps/showcase/tsconfig.build.json

# 2. production dependencies of the showcase workspace alone
FROM node:${NODE_VERSION}-alpine AS deps
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
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund --workspace apps/showcase \
    && test ! -e node_modules/@duckdb \
    && test ! -e node_modules/@pathprof/store \
    && npm cache clean --force

# 3. runtime: node, the installed dependencies and the compiled code
FROM node:${NODE_VERSION}-alpine AS runtime
ENV NODE_ENV=production \
    PORT=5566
WORKDIR /app
COPY --from=deps /app ./
COPY --from=build /src/packages/sdk/dist packages/sdk/dist
COPY --from=build /src/apps/showcase/dist apps/showcase/dist
# numeric, so Kubernetes' runAsNonRoot can verify it (the image's "node" user)
USER 1000:1000
EXPOSE 5566
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||5566)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "apps/showcase/dist/server/main.js"]
