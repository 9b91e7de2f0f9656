#!/usr/bin/env bash
# Runs Parity on this machine: Keycloak (dev mode, in-memory database, realm "parity") on
# 127.0.0.1:8180, then the FHIR server in the foreground. Ctrl-C stops both.
#
#   ./mvnw -DskipTests package && deploy/run-local.sh [server arguments...]
#
# Environment (all optional):
#   KEYCLOAK_PORT            port for Keycloak on 127.0.0.1 (default 8180)
#   KC_BOOTSTRAP_ADMIN_USERNAME / KC_BOOTSTRAP_ADMIN_PASSWORD
#                            Keycloak's master-realm admin (dev defaults admin / admin; local only)
#   KEYCLOAK_START_TIMEOUT   seconds to wait for Keycloak (default 300: the first start after a
#                            fresh unpack also re-augments Keycloak, over a minute on a busy machine)
# Demo users and the realm: docs/identity.md. Nothing here is fit for production.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
keycloak_version="26.5.6"
kc_home="$root/deploy/keycloak/target/keycloak-$keycloak_version"
realm_file="$root/deploy/keycloak/parity-realm.json"
jar="$root/fhir-server/target/parity-server.jar"
kc_port="${KEYCLOAK_PORT:-8180}"
kc_url="http://127.0.0.1:$kc_port"
timeout="${KEYCLOAK_START_TIMEOUT:-300}"
log="$kc_home/data/keycloak.log"

fail() { echo "run-local: $*" >&2; exit 1; }

[ -f "$jar" ] || fail "missing $jar: run ./mvnw -DskipTests package first"
[ -x "$kc_home/bin/kc.sh" ] || fail "missing Keycloak in $kc_home: run ./mvnw -DskipTests package first"
[ -f "$realm_file" ] || fail "missing realm file $realm_file"
command -v java >/dev/null 2>&1 || fail "java not found: Java 17 or later is needed"
command -v curl >/dev/null 2>&1 || fail "curl not found: it is used to wait for Keycloak"

# Refuse to start beside something already on the port (another Keycloak would answer our readiness check).
if (exec 3<>"/dev/tcp/127.0.0.1/$kc_port") 2>/dev/null; then
  fail "port $kc_port on 127.0.0.1 is already in use; stop that process or set KEYCLOAK_PORT"
fi

mkdir -p "$kc_home/data/import"
cp "$realm_file" "$kc_home/data/import/parity-realm.json"

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"

kc_pid=""
server_pid=""
stop_all() {
  trap - EXIT INT TERM
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$kc_pid" ] && kill -0 "$kc_pid" 2>/dev/null; then
    echo "run-local: stopping Keycloak (pid $kc_pid)" >&2
    # kc.sh forwards TERM to its JVM and waits for it to stop.
    kill -TERM "$kc_pid" 2>/dev/null || true
    for _ in $(seq 1 30); do kill -0 "$kc_pid" 2>/dev/null || break; sleep 1; done
    kill -KILL "$kc_pid" 2>/dev/null || true
    wait "$kc_pid" 2>/dev/null || true
  fi
}
trap 'stop_all' EXIT
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM

echo "run-local: starting Keycloak $keycloak_version on $kc_url (log: $log)" >&2
"$kc_home/bin/kc.sh" start-dev \
  --http-host 127.0.0.1 --http-port "$kc_port" --hostname "$kc_url" \
  --import-realm --db dev-mem >"$log" 2>&1 &
kc_pid=$!

ready=""
for _ in $(seq 1 "$timeout"); do
  if ! kill -0 "$kc_pid" 2>/dev/null; then
    tail -n 30 "$log" >&2 || true
    kc_pid=""
    fail "Keycloak stopped during start-up (log above, full log $log)"
  fi
  if curl -sf -o /dev/null --max-time 2 "$kc_url/realms/parity/.well-known/openid-configuration"; then
    ready=yes
    break
  fi
  sleep 1
done
if [ -z "$ready" ]; then
  tail -n 30 "$log" >&2 || true
  fail "Keycloak did not answer on $kc_url within ${timeout}s (log above, full log $log)"
fi
echo "run-local: Keycloak ready, issuer $kc_url/realms/parity" >&2

java -jar "$jar" "$@" &
server_pid=$!
set +e
wait "$server_pid"
status=$?
set -e
server_pid=""
exit "$status"
