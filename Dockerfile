# syntax=docker/dockerfile:1
# The reconcile runner's image: `rec-cdk8s run` as uid/gid 65532, production dependencies only.
#
#   docker build -t ghcr.io/rec-cdk8s/rec-cdk8s-runner:$(node -p 'require("./package.json").version') .
#
# The tag the install uses by default is DEFAULT_RUNNER_IMAGE in constructs/runner-install/defaults.ts.
ARG NODE_IMAGE=node:20-bookworm-slim

# --- build: compile TypeScript to build/ ---------------------------------------------------------
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` runs the build, and the sources are not here yet.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY lib ./lib
COPY constructs ./constructs
COPY imports ./imports
# Only the ESM build: the image runs the CLI and the runner (npm run build adds the CommonJS
# construct entry and checks its declarations, which the image does not need).
RUN npx tsc -p tsconfig.build.json

# --- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# The runner's dependencies (@kubernetes/client-node, pino, prom-client) and cdk8s/constructs are
# peer dependencies of the package, so a cdk8s app installs only what synthesis needs; this image
# runs the runner, so they become dependencies here. devDependencies go: the tests need the same
# packages and list them there too, and npm installs a package named in both as a dev one, which
# --omit=dev then leaves out (the image test caught an image without the runner's three).
# `npm install` keeps the versions package-lock.json holds (they satisfy the same ranges).
# --ignore-scripts: no `prepare` (no TypeScript here); none of the runtime dependencies needs a script.
RUN node -e "const fs=require('fs');const p=JSON.parse(fs.readFileSync('package.json','utf8'));Object.assign(p.dependencies,p.peerDependencies);delete p.devDependencies;fs.writeFileSync('package.json',JSON.stringify(p))" \
 && npm install --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/build ./build
COPY bin ./bin
# Numeric, so `runAsNonRoot: true` can verify it; the Deployment sets the same ids.
USER 65532:65532
EXPOSE 8080 8081
# Node flags as in constructs/runner-install/defaults.ts (RUNNER_NODE_FLAGS); a unit test compares them.
ENTRYPOINT ["node", "--max-semi-space-size=2", "--optimize-for-size", "build/lib/cli/entry.js"]
CMD ["run"]
