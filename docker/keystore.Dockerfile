# The keystore: holds the master secret, checks attestation and access conditions. It must only be
# reachable on the internal network (see docker-compose.yml: no published port).
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
ENV NODE_ENV=production KEYSTORE_HOST=0.0.0.0 KEYSTORE_PORT=8081
# The named volume mounted here starts as a copy of this directory: owned by node, so it can write.
RUN mkdir -p /var/lib/errand-keystore && chown node:node /var/lib/errand-keystore
USER node
HEALTHCHECK --interval=10s --timeout=3s --retries=5 CMD node -e "fetch('http://127.0.0.1:8081/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "bin/errand.mjs", "keystore"]
