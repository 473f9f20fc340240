#!/usr/bin/env bash
# Builds the application images fluentmeet/api, fluentmeet/email-worker and
# fluentmeet/mailgun-sandbox (infra/images/app/Dockerfile) without any registry:
#   1. `pnpm deploy --prod` of each package into its own staging directory,
#   2. tini-static from Debian's tini package and healthcheck.mjs beside it,
#   3. `docker build --target <package>` (classic builder) on that directory.
# Re-running with unchanged code is a cache hit (layers and labels come from
# the files and the commit, not the clock).
#
# Env:
#   BASE_IMAGE  Node 24 base; default node:24-bookworm-slim when present locally,
#               else fluentmeet/node-offline:24-bookworm-slim (built if missing)
#   IMAGE_TAG   tag of the three images (default latest)
#   IMAGES      which to build (default "api email-worker mailgun-sandbox")
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
IMAGE_TAG="${IMAGE_TAG:-latest}"
IMAGES="${IMAGES:-api email-worker mailgun-sandbox}"
OFFICIAL_BASE=node:24-bookworm-slim
OFFLINE_BASE=fluentmeet/node-offline:24-bookworm-slim
export DOCKER_BUILDKIT=0 # docker 20.10 without buildx: the classic builder

log() { printf '[images] %s\n' "$*" >&2; }
started=$SECONDS
timings=""
timed() {
  local name="$1" start=$SECONDS
  shift
  "$@"
  timings+="$name=$((SECONDS - start))s "
}

if [[ -z "${BASE_IMAGE:-}" ]]; then
  if docker image inspect "$OFFICIAL_BASE" >/dev/null 2>&1; then
    BASE_IMAGE="$OFFICIAL_BASE"
  else
    BASE_IMAGE="$OFFLINE_BASE"
    docker image inspect "$OFFLINE_BASE" >/dev/null 2>&1 || timed node-base bash "$HERE/node-offline/build.sh"
  fi
fi

STAGE="$(mktemp -d /tmp/fluentmeet-images.XXXXXX)"
trap 'rm -rf "$STAGE"' EXIT

stage_tini() {
  (cd "$STAGE" && { apt-get download tini >/dev/null 2>&1 || {
    [[ "$(id -u)" == 0 ]] && apt-get update -qq && apt-get download tini >/dev/null; }; }) || {
    log "could not download Debian's tini package (apt-get download tini)"
    exit 1
  }
  dpkg-deb -x "$STAGE"/tini_*.deb "$STAGE/tini-deb"
  install -m 0755 "$STAGE/tini-deb/usr/bin/tini-static" "$STAGE/tini"
}

stage_package() {
  local name="$1" dir="$STAGE/$1"
  mkdir -p "$dir"
  (cd "$ROOT" && pnpm --filter "@fluentmeet/$name" deploy --prod --legacy "$dir/app" >"$STAGE/deploy-$name.log" 2>&1) || {
    cat "$STAGE/deploy-$name.log" >&2
    exit 1
  }
  cp "$STAGE/tini" "$HERE/app/healthcheck.mjs" "$HERE/app/.dockerignore" "$dir/"
}

build_image() {
  local name="$1" args=()
  [[ "$name" == email-worker ]] && args+=(--build-arg "WORKER_NODE_OPTIONS=$WORKER_NODE_OPTIONS")
  docker build -q --target "$name" -f "$HERE/app/Dockerfile" \
    --build-arg "BASE_IMAGE=$BASE_IMAGE" --build-arg "VERSION=$VERSION" \
    --build-arg "REVISION=$REVISION" --build-arg "CREATED=$CREATED" --build-arg "SOURCE=$SOURCE" \
    "${args[@]}" -t "fluentmeet/$name:$IMAGE_TAG" "$STAGE/$name" >/dev/null 2>"$STAGE/build-$name.log" || {
    cat "$STAGE/build-$name.log" >&2
    exit 1
  }
}

log "building fluentmeet/{${IMAGES// /,}}:$IMAGE_TAG on $BASE_IMAGE"
VERSION="$(node -p "require('$ROOT/package.json').version ?? '0.0.0'")"
REVISION="$(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
[[ -z "$(git -C "$ROOT" status --porcelain 2>/dev/null)" ]] || REVISION="$REVISION-dirty"
CREATED="$(git -C "$ROOT" log -1 --format=%cI 2>/dev/null || echo unknown)"
SOURCE="$(git -C "$ROOT" config --get remote.origin.url 2>/dev/null || true)"

filters=()
for name in $IMAGES; do filters+=(--filter "@fluentmeet/$name"); done
timed compile bash -c "cd '$ROOT' && pnpm exec turbo run build --output-logs=errors-only ${filters[*]} >/dev/null"
WORKER_NODE_OPTIONS="$(cd "$ROOT/packages/email-worker" &&
  node --input-type=module -e "import('./dist/index.js').then((m) => console.log(m.WORKER_NODE_OPTIONS))")"
timed tini stage_tini
for name in $IMAGES; do timed "deploy-$name" stage_package "$name"; done
for name in $IMAGES; do timed "image-$name" build_image "$name"; done

for name in $IMAGES; do
  size="$(docker image inspect -f '{{.Size}}' "fluentmeet/$name:$IMAGE_TAG")"
  log "fluentmeet/$name:$IMAGE_TAG $((size / 1000 / 1000)) MB"
done
log "timings: ${timings}total=$((SECONDS - started))s"
