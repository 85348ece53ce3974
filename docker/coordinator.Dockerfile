# The coordinator: HTTP API, chain watcher, job leases, WASM cache.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production HOST=0.0.0.0 PORT=8080
EXPOSE 8080
# The named volume mounted here starts as a copy of this directory: owned by node, so it can write.
RUN mkdir -p /var/lib/errand-wasm && chown node:node /var/lib/errand-wasm
USER node
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:8080/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/errand.mjs", "coordinator"]
