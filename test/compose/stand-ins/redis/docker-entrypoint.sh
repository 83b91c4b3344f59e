#!/usr/bin/env bash
# Test tooling only: what docker-compose.yml relies on from the official redis image. It runs redis-server as user
# redis in /data, and with protected mode off, as the official build does (clients come from other containers).
set -Eeuo pipefail

if [ "${1:0:1}" = '-' ] || [ "${1%.conf}" != "$1" ]; then set -- redis-server "$@"; fi

if [ "$1" = redis-server ] && [ "$(id -u)" = 0 ]; then
  chown -R redis:redis .
  exec setpriv --reuid=redis --regid=redis --init-groups "${BASH_SOURCE[0]}" "$@"
fi

if [ "$1" = redis-server ]; then
  shift
  # A configuration file must stay the first argument; later flags override earlier ones.
  if [ $# -gt 0 ] && [ "${1:0:1}" != '-' ]; then
    conf=$1
    shift
    set -- redis-server "$conf" --protected-mode no "$@"
  else
    set -- redis-server --protected-mode no "$@"
  fi
fi

exec "$@"
