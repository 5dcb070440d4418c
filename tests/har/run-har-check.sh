#!/usr/bin/env bash
# HAR recordings against the HAR 1.2 structure: `oktasim run --record` over shipped fixtures (a SCIM push, an import,
# a plugin) and `oktasim check --record` against `oktasim app-server`, each file validated with Ajv
# (har-1.2.schema.json, pinned in package-lock.json); no secret reaches a recording; and a run recorded against the
# app-server replays offline (the replay connector) to identical output, a changed run failing at its first divergence.
# Usage: run-har-check.sh OKTASIM_BINARY SOURCE_DIR BUILD_DIR (ctest passes them; see tests/CMakeLists.txt).
set -euo pipefail

if [[ $# -ne 3 ]]; then
  echo "usage: $0 OKTASIM_BINARY SOURCE_DIR BUILD_DIR" >&2
  exit 2
fi
oktasim=$(realpath -m "$1")
src=$(cd "$2" && pwd)
here="$src/tests/har"
mkdir -p "$3/har"
work=$(cd "$3/har" && pwd)

for tool in node npm timeout; do
  command -v "$tool" >/dev/null || { echo "har: '$tool' not found on PATH (tools/install-deps.sh installs it)" >&2; exit 1; }
done
cp "$here/package.json" "$here/package-lock.json" "$here/validate-har.mjs" "$here/har-1.2.schema.json" "$work/"
if ! (cd "$work" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1); then
  echo "har: npm ci failed (log: $work/npm-ci.log):" >&2
  cat "$work/npm-ci.log" >&2
  exit 1
fi

# 1. Scenario runs, one HAR each, and one HAR of two scenarios (two pages).
fixtures="$src/fixtures/scenarios"
"$oktasim" run "$fixtures/flows/assign-create-aiw.json" --record "$work/aiw-push.har" >/dev/null
"$oktasim" run "$fixtures/import/import-auto-confirm-activate.json" --record "$work/import.har" >/dev/null
"$oktasim" run "$fixtures/plugins/push-through-plugin.json" "$fixtures/failure-modes/invalid-credentials.json" \
  --record "$work/two-pages.har" >/dev/null

# 2. `oktasim check` against the simulated app served on loopback.
token="har-check-token-$$"
"$oktasim" app-server --port 0 --token "$token" >"$work/server.out" 2>"$work/server.err" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  grep -q "listening on" "$work/server.out" 2>/dev/null && break
  sleep 0.1
done
url=$(sed -n 's/^oktasim app-server listening on //p' "$work/server.out" | head -n1)
[[ -n "$url" ]] || { echo "har: app-server did not start: $(cat "$work/server.err")" >&2; exit 1; }
"$oktasim" check "$url" --token "$token" --seed 7 --record "$work/check.har" >/dev/null || true

# 3. The structure, then secrets: the check's token appears nowhere (passwords are redacted by the writer, unit-tested).
(cd "$work" && node validate-har.mjs aiw-push.har import.har two-pages.har check.har)
if grep -l -- "$token" "$work"/*.har; then
  echo "har: a recording holds the check's token" >&2
  exit 1
fi
pages=$(node -e 'const h=JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));console.log(h.log.pages.length)' "$work/two-pages.har")
[[ "$pages" == 2 ]] || { echo "har: expected 2 pages in two-pages.har, got $pages" >&2; exit 1; }
echo "har: all recordings are HAR 1.2, with no secret"

# 4. Record and replay: a scenario run against the app-server, recorded, replays offline to identical output; a
#    changed step is reported at the first divergence.
make_scenario() {  # make_scenario FILE CONNECTOR_JSON LAST_NAME
  node -e '
    const [file, connector, last] = process.argv.slice(1);
    const users = [{id: "00uada0000000000000A", status: "ACTIVE",
      profile: {login: "ada@example.com", email: "ada@example.com", firstName: "Ada", lastName: "Lovelace"}}];
    const caps = {create: {lifecycleCreate: {status: "ENABLED"}},
      update: {profile: {status: "ENABLED"}, lifecycleDeactivate: {status: "ENABLED"}}};
    const doc = {oktasim: 1, name: "record and replay", seed: 11, org: {users},
      apps: [{key: "live", label: "Live App", features: [{name: "USER_PROVISIONING", capabilities: caps}],
              connector: JSON.parse(connector)}],
      steps: [{do: "assign", user: "ada@example.com", app: "live"},
              {do: "update-user", user: "ada@example.com", profile: {lastName: last}},
              {do: "unassign", user: "ada@example.com", app: "live"}]};
    require("fs").writeFileSync(file, JSON.stringify(doc));' "$1" "$2" "$3"
}
auth="{\"mode\": \"header\", \"token\": \"$token\"}"
mkdir -p "$work/live" "$work/replay" "$work/changed"
make_scenario "$work/live/scenario.json" "{\"type\": \"scim2\", \"baseUrl\": \"$url\", \"auth\": $auth}" King
"$oktasim" run "$work/live/scenario.json" --record "$work/live.har" >"$work/live.out"
replay="{\"type\": \"replay\", \"har\": \"$work/live.har\", \"baseUrl\": \"$url\", \"auth\": $auth}"
make_scenario "$work/replay/scenario.json" "$replay" King
kill -TERM $server 2>/dev/null || true  # offline from here
"$oktasim" run "$work/replay/scenario.json" >"$work/replay.out"
if ! diff <(sed "s|$work/live/|X/|g" "$work/live.out") <(sed "s|$work/replay/|X/|g" "$work/replay.out"); then
  echo "har: the replay's output differs from the recorded run's (above)" >&2
  exit 1
fi
make_scenario "$work/changed/scenario.json" "$replay" Byron
if "$oktasim" run "$work/changed/scenario.json" --report "$work/changed-report.json" >"$work/changed.out" 2>&1; then
  echo "har: a changed request sequence replayed without a failure" >&2
  exit 1
fi
expected='replay diverged: request 4 (HAR entry 3) differs: the PUT /scim/v2/Users/'
grep -qF "$expected" "$work/changed.out" || { echo "har: no divergence report in:" >&2; cat "$work/changed.out" >&2; exit 1; }
grep -qF 'body differs at /name/familyName: recorded "King", got "Byron"' "$work/changed.out" ||
  { echo "har: the divergence does not name the body difference:" >&2; cat "$work/changed.out" >&2; exit 1; }
grep -qF 'replay diverged: request 4' "$work/changed-report.json" ||
  { echo "har: --report does not carry the divergence:" >&2; cat "$work/changed-report.json" >&2; exit 1; }
echo "har: the recording replays to identical output, and a changed request is reported at the first divergence"
