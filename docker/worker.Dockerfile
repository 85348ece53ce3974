# A worker: polls the coordinator, compiles in a sandbox, executes with the metered executor.
# Compiles run in sibling containers of the compiler image through the host's Docker socket
# (ERRAND_SANDBOX=docker); see docker-compose.yml for why not bubblewrap inside a container.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# The same first layers as the coordinator's and keystore's images, so the npm ci layer is shared.
RUN npm ci --no-audit --no-fund
RUN apt-get update && apt-get install -y --no-install-recommends git ca-certificates && rm -rf /var/lib/apt/lists/*
COPY . .
ENV NODE_ENV=production ERRAND_SANDBOX=docker ERRAND_WORKER_WORKDIR=/var/lib/errand-builds
CMD ["node", "bin/errand.mjs", "worker"]
