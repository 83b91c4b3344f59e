#!/usr/bin/env bash
# npm run test:compose: the README's `docker compose up`, for real. Builds the app image from the real Dockerfile,
# runs the real docker-compose.yml (docker-compose v1 driving podman) after the README's `cp .env.example .env`,
# sends the README's curl commands word for word, kills each service's process and waits for its restart, then
# `down` and `up` again and checks the data survived. The official base images cannot be pulled here: stand-ins
# built from Debian packages carry their names (test/compose/stand-ins.sh; README says what that cannot prove).
#
# Everything runs in the test's own podman storage (HIREBRIDGE_COMPOSE_TEST_DIR, default
# /var/lib/hirebridge-compose-test, which keeps the stand-ins between runs) and the compose project in a network
# namespace of its own, so the machine's ports 3000/4000 and images are never touched. Needs root.
set -Eeuo pipefail

COMPOSE_TEST_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$COMPOSE_TEST_DIR/../.." && pwd)
STATE_DIR=${HIREBRIDGE_COMPOSE_TEST_DIR:-/var/lib/hirebridge-compose-test}
RUN_DIR=/run/hirebridge-compose-test

# A command that fails outside an explicit check still says where.
trap 'printf "[compose test] FAILED at %s line %s: %s\n" "${BASH_SOURCE[0]##*/}" "$LINENO" "$BASH_COMMAND" >&2' ERR

log() { printf '[compose test %s] %s\n' "$(date -u +%H:%M:%S)" "$*"; }
fail() {
  printf '[compose test] FAILED: %s\n' "$*" >&2
  exit 1
}
# wait_until <what> <seconds> <command...>: polls the command once a second until it succeeds.
wait_until() {
  local what=$1 seconds=$2 deadline
  shift 2
  deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    [ "$SECONDS" -lt "$deadline" ] || fail "$what: not within ${seconds}s"
    sleep 1
  done
}

# shellcheck source=stand-ins.sh
. "$COMPOSE_TEST_DIR/stand-ins.sh"

use_test_podman() {
  export CONTAINERS_CONF=$STATE_DIR/containers.conf
  export CONTAINERS_STORAGE_CONF=$STATE_DIR/storage.conf
  export CONTAINERS_REGISTRIES_CONF=$STATE_DIR/registries.conf
}

project_containers() { podman ps -a --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '{{.ID}}'; }
service_container() {
  podman ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" \
    --filter "label=com.docker.compose.service=$1" --format '{{.ID}}' | head -1
}

compose() { timeout 600 docker-compose --ansi never "$@"; }

# docker-compose talks to podman through podman's Docker-compatible API service.
start_podman_service() {
  podman system service --time=0 "unix://$1" >>"$RUN_DIR/podman-service.log" 2>&1 &
  SERVICE_PID=$!
  export DOCKER_HOST=unix://$1
  wait_until "podman's API service" 60 curl -fsS --unix-socket "$1" http://d/_ping
}
stop_podman_service() {
  if [ -n "${SERVICE_PID:-}" ]; then
    kill "$SERVICE_PID" 2>/dev/null || true
    wait "$SERVICE_PID" 2>/dev/null || true
    SERVICE_PID=
  fi
}

# ---------------------------------------------------------------------------------------------------------------
# Inside the test's network namespace: podman's API service, docker-compose, the README's commands.

health_ok() { curl -fsS -o /dev/null --max-time 5 http://127.0.0.1:3000/health; }
mock_sirh_ok() { curl -fsS -o /dev/null --max-time 5 http://127.0.0.1:4000/health; }

# Podman runs healthchecks from systemd timers, absent here: this loop is their scheduler while the project runs.
run_healthchecks_forever() {
  local id
  while :; do
    for id in $(podman ps --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '{{.ID}}'); do
      podman healthcheck run "$id" >/dev/null 2>&1 || true
    done
    sleep 2
  done
}

restarted() {
  local id=$1 before=$2
  [ "$(podman inspect --format '{{.State.Running}} {{.RestartCount}}' "$id")" != "true $before" ] &&
    [ "$(podman inspect --format '{{.State.Running}}' "$id")" = true ] &&
    [ "$(podman inspect --format '{{.RestartCount}}' "$id")" -gt "$before" ]
}

# SIGKILLs the service's main process (a crash, not a `stop`) and waits for the restart policy to bring it back.
kill_and_await_restart() {
  local service=$1 id pid before
  id=$(service_container "$service")
  [ -n "$id" ] || fail "no running container for $service"
  before=$(podman inspect --format '{{.RestartCount}}' "$id")
  pid=$(podman inspect --format '{{.State.Pid}}' "$id")
  log "kill -KILL $service's process ($pid)"
  kill -KILL "$pid"
  wait_until "$service restarted by its restart policy" 90 restarted "$id" "$before"
  wait_until "$service healthy after its restart" 180 podman healthcheck run "$id"
  wait_until "HireBridge /health after $service's restart" 180 health_ok
  log "$service: restarted ($(podman inspect --format '{{.RestartCount}}' "$id") restart(s)), healthy"
}

# Number of completed jobs in the queue; Redis may answer LOADING for a moment after a restart.
completed_jobs_in_redis() {
  local out
  out=$(podman exec "$(service_container redis)" redis-cli ZCARD hirebridge:hire-sync:completed 2>&1) &&
    [[ "$out" =~ ^[0-9]+$ ]] && echo "$out"
}

in_netns_cleanup() {
  local status=$?
  if [ "$status" != 0 ] && [ -n "$(project_containers)" ]; then
    log "logs of the compose project (failure):"
    compose logs --no-color --tail=60 2>&1 | tail -240 || true
  fi
  [ -n "${HEALTH_PID:-}" ] && kill "$HEALTH_PID" 2>/dev/null || true
  log "docker-compose down -v"
  compose down -v --remove-orphans >"$RUN_DIR/down.log" 2>&1 || true
  log "removed the project's containers, network and volumes"
  stop_podman_service
  exit "$status"
}

in_netns() {
  trap in_netns_cleanup EXIT
  trap 'log "interrupted"; exit 130' INT TERM
  ip link set lo up
  start_podman_service "$RUN_DIR/podman.sock"
  run_healthchecks_forever &
  HEALTH_PID=$!
  cd "$SCRATCH_DIR"

  log "docker compose up (docker-compose v1 on podman, detached so the test can go on)"
  compose up -d
  for service in postgres redis mock-sirh hirebridge; do
    [ "$(podman inspect --format '{{.HostConfig.RestartPolicy.Name}}' "$(service_container "$service")")" = unless-stopped ] ||
      fail "$service has no unless-stopped restart policy"
  done
  wait_until "HireBridge /health on http://127.0.0.1:3000" 180 health_ok

  log "the README's curl commands, word for word"
  node "$REPO_DIR/node_modules/.bin/ts-node" --transpile-only "$COMPOSE_TEST_DIR/readme-commands.ts" \
    run "$SCRATCH_DIR/README.md" "$SCRATCH_DIR" || fail "the README's commands did not answer as the README says"

  for service in hirebridge postgres redis mock-sirh; do kill_and_await_restart "$service"; done
  wait_until "mock SIRH /health on http://127.0.0.1:4000" 60 mock_sirh_ok

  local completed_before completed_after
  wait_until "Redis answering ZCARD" 60 completed_jobs_in_redis
  completed_before=$(completed_jobs_in_redis)
  [ "$completed_before" -ge 1 ] || fail "no completed job in Redis before down (got $completed_before)"
  log "docker compose down (volumes kept), then up again"
  compose down
  [ -z "$(project_containers)" ] || fail "containers left after docker compose down"
  [ "$(podman volume ls --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '{{.Name}}' | wc -l)" = 2 ] ||
    fail "docker compose down did not keep the two volumes"
  compose up -d
  wait_until "HireBridge /health after the second up" 180 health_ok
  # The sync job listed before `down` is still listed: Postgres' data lived in its volume.
  node "$REPO_DIR/node_modules/.bin/ts-node" --transpile-only "$COMPOSE_TEST_DIR/readme-commands.ts" \
    run "$SCRATCH_DIR/README.md" "$SCRATCH_DIR" 3 || fail "the sync job did not survive down and up (Postgres volume)"
  wait_until "Redis answering ZCARD after the second up" 60 completed_jobs_in_redis
  completed_after=$(completed_jobs_in_redis)
  [ "$completed_after" = "$completed_before" ] ||
    fail "Redis lost its queue across down and up (completed jobs: $completed_before before, $completed_after after)"
  log "Redis kept its queue across down and up ($completed_after completed job(s), AOF in its volume)"
}

# ---------------------------------------------------------------------------------------------------------------
# On the host: requirements, podman configuration, images.

check_requirements() {
  local missing=() cmd
  [ "$(id -u)" = 0 ] || fail "cannot run here: needs root (podman's network namespaces, debootstrap)"
  for cmd in podman docker-compose debootstrap runc unshare flock curl ip setpriv; do
    command -v "$cmd" >/dev/null 2>&1 || missing+=("$cmd")
  done
  [ "${#missing[@]}" = 0 ] ||
    fail "cannot run here: missing ${missing[*]} (Debian: apt-get install podman docker-compose debootstrap runc curl)"
  [ -x "$REPO_DIR/node_modules/.bin/ts-node" ] || fail "cannot run here: run npm ci first"
}

write_podman_config() {
  mkdir -p "$STATE_DIR/storage" "$STATE_DIR/networks" "$RUN_DIR"
  # Rootful podman as on the CI machines: no rlimit defaults (setting them fails there), runc (crun refuses the
  # hybrid cgroup layout), events to a file (no journald), its own storage and network definitions.
  cat >"$STATE_DIR/containers.conf" <<EOF
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$RUN_DIR/events.log"

[network]
network_config_dir = "$STATE_DIR/networks"
EOF
  cat >"$STATE_DIR/storage.conf" <<EOF
[storage]
driver = "overlay"
graphroot = "$STATE_DIR/storage"
runroot = "$RUN_DIR/storage"
EOF
  # Short names (postgres:16-alpine) mean Docker Hub's, as for Docker; nothing is ever pulled (no route out).
  cat >"$STATE_DIR/registries.conf" <<EOF
unqualified-search-registries = ["docker.io"]
short-name-mode = "permissive"
EOF
}

host_cleanup() {
  local status=$?
  trap - EXIT
  if [ -n "${NETNS_PID:-}" ] && kill -0 "$NETNS_PID" 2>/dev/null; then
    # Interrupted: the namespace's side stops the project first (unshare returns once it is done).
    pgrep -P "$NETNS_PID" | xargs -r kill -TERM 2>/dev/null || true
    wait "$NETNS_PID" 2>/dev/null || true
  fi
  if [ -n "${COMPOSE_PROJECT_NAME:-}" ]; then
    # Whatever the namespace's own clean-up could not remove (e.g. it was killed).
    project_containers | xargs -r podman rm -f -t 0 >/dev/null 2>&1 || true
    podman volume ls --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '{{.Name}}' |
      xargs -r podman volume rm -f >/dev/null 2>&1 || true
    podman network ls --filter "label=com.docker.compose.project=$COMPOSE_PROJECT_NAME" --format '{{.Name}}' |
      xargs -r podman network rm -f >/dev/null 2>&1 || true
  fi
  if [ -n "${APP_IMAGE:-}" ]; then
    podman rmi -f "$APP_IMAGE" "localhost/${APP_IMAGE#docker.io/library/}" >/dev/null 2>&1 || true
  fi
  # The app build's stages and replaced stand-ins, untagged now; the stand-ins themselves stay cached.
  podman image prune -f >/dev/null 2>&1 || true
  [ -n "${SCRATCH_DIR:-}" ] && rm -rf "$SCRATCH_DIR"
  stop_podman_service
  rm -f "$RUN_DIR/podman.sock" "$RUN_DIR/podman-build.sock"
  if [ "$status" = 0 ]; then
    log "PASSED in ${SECONDS}s"
  else
    log "FAILED after ${SECONDS}s (everything it created is removed)"
  fi
  exit "$status"
}

main() {
  check_requirements
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/lock"
  flock -w 1800 9 || fail "another compose test holds $STATE_DIR/lock"
  write_podman_config
  use_test_podman
  trap host_cleanup EXIT
  # Interrupted (Ctrl-C, CI time-out): still clean up.
  trap 'log "interrupted"; exit 130' INT TERM

  # A copy of the project's files as a clone has them: the README's `cp .env.example .env` runs there, never
  # over a developer's own .env.
  SCRATCH_DIR=$(mktemp -d /var/tmp/hirebridge-compose.XXXXXX)
  (cd "$REPO_DIR" && git ls-files -z --cached --others --exclude-standard | xargs -0 -I{} sh -c 'test -e "{}" && echo "{}"' |
    tar -cf - -T -) | tar -C "$SCRATCH_DIR" -xf -
  export COMPOSE_PROJECT_NAME=hbcomposetest$$

  log "the README's set-up commands (other than \`docker compose up\`), in a copy of the project"
  local line seen_up=0
  while IFS= read -r line; do
    if [ "$line" = 'docker compose up' ]; then
      seen_up=1
      continue
    fi
    log "\$ $line"
    (cd "$SCRATCH_DIR" && bash -c "$line") || fail "README command failed: $line"
  done < <(node "$REPO_DIR/node_modules/.bin/ts-node" --transpile-only "$COMPOSE_TEST_DIR/readme-commands.ts" setup "$SCRATCH_DIR/README.md")
  [ "$seen_up" = 1 ] || fail "README's Run it block has no plain \`docker compose up\` line"

  # The images docker-compose.yml and the Dockerfile name.
  local config base_images=() app_name
  config=$(cd "$SCRATCH_DIR" && docker-compose config) || fail "docker-compose config rejects the compose file"
  app_name=$(awk '/^  [a-z0-9_-]+:$/ { svc = $1 } /^    build:/ { b[svc] = 1 } /^    image:/ { img[svc] = $2 }
    END { for (s in b) print img[s] }' <<<"$config" | sort -u)
  [ "$(wc -w <<<"$app_name")" = 1 ] || fail "expected one built image in docker-compose.yml, got: $app_name"
  mapfile -t base_images < <({
    awk '/^  [a-z0-9_-]+:$/ { svc = $1 } /^    build:/ { b[svc] = 1 } /^    image:/ { img[svc] = $2 }
      END { for (s in img) if (!(s in b) && img[s] != "'"$app_name"'") print img[s] }' <<<"$config"
    awk 'toupper($1) == "FROM" { print $2 }' "$SCRATCH_DIR/Dockerfile"
  } | sort -u)
  log "base images named: ${base_images[*]}; app image: $app_name"

  build_stand_ins "${base_images[@]}"

  APP_IMAGE=$(qualified_name "$app_name")
  log "docker compose build: the app image $app_name from the project's Dockerfile"
  # Outside the test's network namespace, for the Dockerfile's `npm ci`: podman's build containers reach the npm
  # registry through the host (NAT). Everything the test then runs has only its compose network.
  start_podman_service "$RUN_DIR/podman-build.sock"
  (cd "$SCRATCH_DIR" && compose build) >"$RUN_DIR/app-build.log" 2>&1 || {
    tail -40 "$RUN_DIR/app-build.log" >&2
    fail "docker compose build failed"
  }
  stop_podman_service
  log "app image built ($(podman image inspect --format '{{.Size}}' "$APP_IMAGE" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"

  export SCRATCH_DIR REPO_DIR COMPOSE_TEST_DIR STATE_DIR
  # In the background and waited for, so that a signal reaches the trap at once.
  unshare --net --fork -- bash "${BASH_SOURCE[0]}" --in-netns &
  NETNS_PID=$!
  wait "$NETNS_PID" || fail "see above"
  NETNS_PID=
}

if [ "${1:-}" = --in-netns ]; then
  use_test_podman
  in_netns
else
  main "$@"
fi
