# Sourced by run-compose-test.sh. Test tooling only: builds the stand-ins for the official base images (which cannot
# be pulled on the test machines) and tags them with the official names, in the test's own podman storage only.
# Each is rebuilt when its recipe changes: the recipe's hash is a label of the image.

STAND_IN_LABEL=org.hirebridge.stand-in.recipe
DEBIAN_SUITE=bookworm
DEBIAN_MIRROR=http://deb.debian.org/debian

# docker.io/library/postgres:16-alpine for postgres:16-alpine: the name Docker and podman's compat API look up.
qualified_name() {
  case "$1" in
    */*/*) echo "$1" ;;
    */*) case "${1%%/*}" in *.* | *:* | localhost) echo "$1" ;; *) echo "docker.io/$1" ;; esac ;;
    *) echo "docker.io/library/$1" ;;
  esac
}

recipe_hash() {
  # The recipe is this file, the stand-in's directory and any extra words (e.g. the Node.js version carried).
  local dir=$1
  shift
  {
    cat "$COMPOSE_TEST_DIR/stand-ins.sh"
    [ -n "$dir" ] && (cd "$dir" && find . -type f | LC_ALL=C sort | xargs sha256sum)
    printf '%s\n' "$@"
  } | sha256sum | cut -c1-16
}

stand_in_is_current() {
  local image=$1 hash=$2
  [ "$(podman image inspect --format "{{index .Labels \"$STAND_IN_LABEL\"}}" "$image" 2>/dev/null)" = "$hash" ]
}

# A Debian minbase root file system from Debian's mirror, imported as the base of the stand-ins.
build_debian_base() {
  local hash image tmp
  hash=$(recipe_hash "" debootstrap --variant=minbase "$DEBIAN_SUITE" "$DEBIAN_MIRROR")
  image=localhost/hirebridge-stand-in/debian:$hash
  if podman image exists "$image"; then
    log "stand-in base $image: cached"
  else
    log "stand-in base $image: debootstrap $DEBIAN_SUITE (minbase)"
    tmp=$(mktemp -d /var/tmp/hirebridge-stand-in-rootfs.XXXXXX)
    if ! debootstrap --variant=minbase "$DEBIAN_SUITE" "$tmp/rootfs" "$DEBIAN_MIRROR" >"$tmp/debootstrap.log" 2>&1; then
      tail -20 "$tmp/debootstrap.log" >&2
      rm -rf "$tmp"
      fail "debootstrap could not build the Debian base of the stand-in images"
    fi
    tar -C "$tmp/rootfs" -c . | podman import --quiet --change 'CMD ["bash"]' - "$image" >/dev/null
    rm -rf "$tmp"
  fi
  # Bases of earlier recipes are of no further use.
  podman images --format '{{.Repository}}:{{.Tag}}' localhost/hirebridge-stand-in/debian |
    grep -vx "$image" | xargs -r podman rmi >/dev/null 2>&1 || true
  DEBIAN_BASE=$image
}

# build_stand_in <official name> <recipe directory> <context directory> [extra recipe words]
build_stand_in() {
  local name=$1 recipe=$2 context=$3 image hash
  shift 3
  image=$(qualified_name "$name")
  hash=$(recipe_hash "$recipe" "$name" "$DEBIAN_BASE" "$@")
  if stand_in_is_current "$image" "$hash"; then
    log "stand-in $image: cached"
    return
  fi
  log "stand-in $image: building from $(basename "$recipe")/Containerfile"
  # The host's network: containers on the test machines have no route to Debian's mirror.
  podman build --quiet --network host --pull=never --format docker \
    --build-arg "BASE=$DEBIAN_BASE" \
    --label "$STAND_IN_LABEL=$hash" --label org.hirebridge.stand-in=test-tooling-only \
    -f "$recipe/Containerfile" -t "$image" "$context" >/dev/null ||
    fail "could not build the stand-in for $name"
}

# build_stand_ins <image name>...: every base image the Dockerfile and docker-compose.yml name.
build_stand_ins() {
  build_debian_base
  local name ctx cafile
  for name in "$@"; do
    case "$name" in
      postgres:*) build_stand_in "$name" "$COMPOSE_TEST_DIR/stand-ins/postgres" "$COMPOSE_TEST_DIR/stand-ins/postgres" ;;
      redis:*) build_stand_in "$name" "$COMPOSE_TEST_DIR/stand-ins/redis" "$COMPOSE_TEST_DIR/stand-ins/redis" ;;
      node:*)
        # This machine's Node.js and npm, at the official image's paths (/usr/local/bin, /usr/local/lib/node_modules).
        ctx=$(mktemp -d /var/tmp/hirebridge-stand-in-node.XXXXXX)
        cp -a "$COMPOSE_TEST_DIR/stand-ins/node/." "$ctx/"
        mkdir -p "$ctx/usr/local/bin" "$ctx/usr/local/lib/node_modules"
        cp "$(readlink -f "$(command -v node)")" "$ctx/usr/local/bin/node"
        cp -a "$(npm root -g)/npm" "$ctx/usr/local/lib/node_modules/npm"
        ln -s ../lib/node_modules/npm/bin/npm-cli.js "$ctx/usr/local/bin/npm"
        ln -s ../lib/node_modules/npm/bin/npx-cli.js "$ctx/usr/local/bin/npx"
        # And npm's trust in this machine's certificate authorities (npm's cafile, e.g. a TLS-inspecting egress
        # proxy's), so the Dockerfile's `npm ci` reaches the registry as the host's npm does. npm only: the app
        # at run time gets nothing of it.
        cafile=$(npm config get cafile)
        mkdir -p "$ctx/usr/local/etc"
        if [ -n "$cafile" ] && [ "$cafile" != null ] && [ -f "$cafile" ]; then
          cp "$cafile" "$ctx/usr/local/etc/test-machine-ca.crt"
          echo 'cafile=/usr/local/etc/test-machine-ca.crt' >"$ctx/usr/local/etc/npmrc"
        else
          : >"$ctx/usr/local/etc/npmrc"
        fi
        build_stand_in "$name" "$COMPOSE_TEST_DIR/stand-ins/node" "$ctx" "node $(node --version)" "npm $(npm --version)" \
          "ca $(cat "$ctx/usr/local/etc/"* | sha256sum)"
        rm -rf "$ctx"
        ;;
      *) fail "no stand-in recipe for the base image $name (add one under test/compose/stand-ins/)" ;;
    esac
  done
}
