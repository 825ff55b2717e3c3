# syntax=docker/dockerfile:1
# One image for both processes: the api (default command) and the publisher
# (`node dist/apps/publisher/src/main.js`, see docker-compose.yml).

ARG NODE_IMAGE=node:20-bookworm-slim

# Toolchain for native addons: better-sqlite3 downloads a prebuilt binary when it can and
# compiles with node-gyp (python3, make, g++) when it cannot (no network to GitHub, or no
# prebuild for the platform). Every stage that runs `npm ci` starts from here.
FROM ${NODE_IMAGE} AS toolchain
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app

# Compile TypeScript with the full dependency set (dev dependencies include tsc and tsc-alias).
FROM toolchain AS build
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY apps ./apps
COPY libs ./libs
COPY bench ./bench
RUN npm run build

# Production dependencies only, compiled here so the runtime stage needs no compiler.
FROM toolchain AS production-deps
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    POLICY_DATA_DIR=/data
WORKDIR /app
COPY --from=production-deps /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# A named volume mounted on /data takes this directory's owner, so the node user can write it.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["node","dist/apps/api/src/main.js"]
