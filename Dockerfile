# syntax=docker/dockerfile:1
# The reconcile runner's image: `rec-cdk8s run` as uid/gid 65532, production dependencies only.
#
#   docker build -t ghcr.io/rec-cdk8s/rec-cdk8s-runner:$(node -p 'require("./package.json").version') .
#
# The tag the install uses by default is DEFAULT_RUNNER_IMAGE in constructs/runner/defaults.ts.
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
RUN npm run build

# --- runtime --------------------------------------------------------------------------------------
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: no `prepare` (no TypeScript here); none of the runtime dependencies needs a script.
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/build ./build
COPY bin ./bin
# Numeric, so `runAsNonRoot: true` can verify it; the Deployment sets the same ids.
USER 65532:65532
EXPOSE 8080 8081
# Node flags as in constructs/runner/defaults.ts (RUNNER_NODE_FLAGS); a unit test compares them.
ENTRYPOINT ["node", "--max-semi-space-size=2", "--optimize-for-size", "build/lib/cli/entry.js"]
CMD ["run"]
