#!/usr/bin/env bash
# Bounded soak of `oktasim app-server` on loopback: memory stays flat after warm-up under many requests, and
# connections past --max-connections, and a burst of 500 at the default limit, are answered 503 (never closed
# without a response). Exits non-zero otherwise.
# Usage: tools/soak-app-server.sh [path/to/oktasim]   (env: SOAK_ROUNDS, SOAK_PER_ROUND, SOAK_MAX_GROWTH_KB)
set -euo pipefail

oktasim=${1:-build/dev/tools/oktasim}
rounds=${SOAK_ROUNDS:-5}             # measured rounds after the warm-up
per_round=${SOAK_PER_ROUND:-5000}    # requests per round (one keep-alive connection, curl URL globbing)
capacity=2000                        # --log-capacity: the warm-up fills the ring, so later rounds only replace entries
max_growth_kb=${SOAK_MAX_GROWTH_KB:-2048}
limit=4                              # --max-connections for the connection-limit phase
probes=40                            # connections opened while the limit is taken

command -v curl >/dev/null || { echo "soak: curl is needed" >&2; exit 2; }
[[ -x $oktasim ]] || { echo "soak: $oktasim is not an executable (build first, or pass its path)" >&2; exit 2; }
work=$(mktemp -d)
server_pid=
cleanup() {
    [[ -n $server_pid ]] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT
deadline=$((SECONDS + 300))  # the whole soak is bounded in time, whatever happens

# Starts the server with "$@"; sets server_pid and base (http://127.0.0.1:PORT).
start_server() {
    "$oktasim" app-server --port 0 --token soak-tok --admin-token soak-adm --quiet "$@" >"$work/out" 2>"$work/err" &
    server_pid=$!
    # Up to 30 s: on a loaded machine (a parallel build) start-up can take seconds; a server that died stops the wait.
    for _ in $(seq 600); do
        if grep -q 'listening on' "$work/out" 2>/dev/null; then break; fi
        kill -0 "$server_pid" 2>/dev/null || break
        sleep 0.05
    done
    local line
    line=$(grep -o 'http://127.0.0.1:[0-9]*' "$work/out") || { echo "soak: the server did not start" >&2; cat "$work/err" >&2; exit 1; }
    base=$line
}

stop_server() {
    kill "$server_pid"
    wait "$server_pid" || { echo "soak: the server exited with $?" >&2; exit 1; }
    server_pid=
}

rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$server_pid/status"; }

# Sends `count` requests over one keep-alive connection; fails unless every one was answered.
burst() {
    local count=$1 codes
    codes=$(curl -s -o /dev/null -o /dev/null -w '%{http_code}\n' -H 'Authorization: Bearer soak-tok' \
        "$base/scim/v2/Users/soak-[1-$count]" "$base/scim/v2/Users?filter=userName%20eq%20%22soak%22&count=[1-$count]" \
        | sort | uniq -c | tr -s ' ' | tr '\n' ';')
    [[ $codes == " $count 200; $count 404;" ]] || { echo "soak: unexpected answers: $codes" >&2; exit 1; }
}

echo "== memory: $((rounds + 1)) x $((2 * per_round)) requests, in-memory log capacity $capacity"
start_server --log-capacity "$capacity"
burst "$per_round"
warm=$(rss_kb)
echo "after warm-up: VmRSS ${warm} kB"
peak=$warm
for round in $(seq "$rounds"); do
    ((SECONDS < deadline)) || { echo "soak: out of time" >&2; exit 1; }
    burst "$per_round"
    now=$(rss_kb)
    ((now > peak)) && peak=$now
    echo "round $round: VmRSS ${now} kB"
done
dropped=$(curl -s -D - -o /dev/null -H 'Authorization: Bearer soak-adm' "$base/_oktasim/log" \
    | tr -d '\r' | awk -F': ' 'tolower($1) == "x-oktasim-log-dropped" {print $2}')
echo "backend log: $dropped entries dropped from the ring"
stop_server
growth=$((peak - warm))
echo "growth after warm-up: ${growth} kB (allowed ${max_growth_kb} kB)"
((growth <= max_growth_kb)) || { echo "soak: FAIL: memory keeps growing" >&2; exit 1; }

echo "== connection limit: $limit busy connections, then $probes more at once"
start_server --max-connections "$limit"
curl -s -o /dev/null -X PUT -H 'Authorization: Bearer soak-adm' "$base/_oktasim/faults" \
    -d '[{"name": "busy", "match": {"path": "/Users/busy"}, "respond": {"delay": "4s"}}]'
for i in $(seq "$limit"); do
    curl -s -o /dev/null -w '%{http_code}\n' --max-time 10 -H 'Authorization: Bearer soak-tok' \
        "$base/scim/v2/Users/busy" >"$work/busy-$i" &
done
sleep 1  # let the busy requests reach the server (they are then held for 4 s)
curl -s --no-progress-meter -o /dev/null -w '%{http_code}\n' --max-time 5 -Z --parallel-max "$probes" \
    -H 'Authorization: Bearer soak-tok' "$base/scim/v2/Users?probe=[1-$probes]" >"$work/probes" 2>/dev/null || true
wait $(jobs -p | grep -v "^$server_pid\$") 2>/dev/null || true
answered_503=$(grep -c '^503$' "$work/probes" || true)
silent=$(grep -c '^000$' "$work/probes" || true)
busy_ok=$(cat "$work"/busy-* | grep -c '^404$' || true)
echo "probes: $answered_503 x 503, $silent closed without a response, $((probes - answered_503 - silent)) other"
echo "busy connections answered after their delay: $busy_ok of $limit"
stop_server
((silent == 0)) || { echo "soak: FAIL: over-limit connections were closed without a response" >&2; exit 1; }
((answered_503 > 0)) || { echo "soak: FAIL: no 503 past the connection limit" >&2; exit 1; }
((busy_ok == limit)) || { echo "soak: FAIL: a busy connection was not answered" >&2; exit 1; }
burst=500
echo "== burst: $burst connections at once against the default limit (256), each request held 3 s"
start_server
curl -s -o /dev/null -X PUT -H 'Authorization: Bearer soak-adm' "$base/_oktasim/faults" \
    -d '[{"name": "slow", "match": {"path": "/Users"}, "respond": {"delay": "3s"}}]'
curl -s --no-progress-meter -o /dev/null -w '%{http_code}\n' --max-time 10 -Z --parallel-max "$burst" \
    -H 'Authorization: Bearer soak-tok' "$base/scim/v2/Users?burst=[1-$burst]" >"$work/burst" 2>/dev/null || true
ok=$(grep -c '^200$' "$work/burst" || true)
busy=$(grep -c '^503$' "$work/burst" || true)
silent=$(grep -c '^000$' "$work/burst" || true)
echo "burst: $ok x 200, $busy x 503, $silent closed without a response, $((burst - ok - busy - silent)) other"
stop_server
((silent == 0 && ok + busy == burst)) || { echo "soak: FAIL: a burst connection was not answered" >&2; exit 1; }
((busy > 0)) || { echo "soak: FAIL: no 503 past the connection limit" >&2; exit 1; }
echo "soak: PASS"
