#!/usr/bin/env bash
# Interop test against a real third-party SCIM server: installs SCIMMY + scimmy-routers + express from the pinned
# lock file, starts tests/interop/scim-server.mjs on a free loopback port (a fresh server per part), and runs
# oktasim's push scenarios (AIW and OIN), two import scenarios (users and a group made with curl, imported To Okta,
# confirmed and imported again; 150 users read in two pages), a Group Push scenario and `oktasim check` (also
# --groups) against it.
# Usage: run-interop.sh OKTASIM_BINARY BUILD_DIR (ctest passes both; see tests/CMakeLists.txt).
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 OKTASIM_BINARY BUILD_DIR" >&2
  exit 2
fi
oktasim=$(realpath -m "$1")
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
mkdir -p "$2/interop"
work=$(cd "$2/interop" && pwd)
token="oktasim-interop-token"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS $1"; }
fail() { failed=$((failed + 1)); echo "FAIL $1"; }
skip() { echo "SKIP $1"; }

# Servers this script started (pids, and the descriptors their stdout is read from), stopped on any exit.
servers=()
server_fds=()
stop_servers() {
  local pid fd
  for pid in "${servers[@]}"; do
    kill -TERM "$pid" 2>/dev/null || continue
    # Bounded: the server exits within a second of SIGTERM, else it is killed.
    timeout 5 tail --pid="$pid" -f /dev/null 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
  for fd in "${server_fds[@]}"; do exec {fd}<&-; done
  servers=()
  server_fds=()
}
trap stop_servers EXIT
trap 'exit 130' INT TERM

for tool in node npm curl timeout; do
  if ! command -v "$tool" >/dev/null; then
    echo "interop: '$tool' not found on PATH; install it (tools/install-deps.sh installs nodejs, npm and curl)" >&2
    exit 1
  fi
done
[[ -x "$oktasim" ]] || { echo "interop: $oktasim is not an executable" >&2; exit 1; }

# 1. Install the pinned server packages in a work directory under the build tree.
cp "$here/package.json" "$here/package-lock.json" "$here/scim-server.mjs" "$work/"
echo "== npm ci ($(node --version), npm $(npm --version)) in $work"
started=$SECONDS
if ! (cd "$work" && timeout 300 npm ci --no-audit --no-fund --loglevel=error >"$work/npm-ci.log" 2>&1); then
  echo "interop: npm ci failed (log: $work/npm-ci.log):" >&2
  cat "$work/npm-ci.log" >&2
  exit 1
fi
echo "   installed in $((SECONDS - started)) s"

# start_server NAME [server options...]: starts a fresh server, sets $port and $base_url; stderr goes to NAME.log.
# The port is read from the server's first stdout line, bounded by `read -t` so a broken server cannot hang CI.
start_server() {
  local name=$1 line=""
  shift
  exec {server_out}< <(cd "$work" && exec node scim-server.mjs --token "$token" "$@" 2>"$work/$name.log")
  servers+=("$!")
  server_fds+=("$server_out")
  if ! IFS= read -r -t 20 -u "$server_out" line || [[ ! "$line" =~ ^listening\ on\ ([0-9]+)$ ]]; then
    echo "interop: the SCIM server did not report its port within 20 s (got '${line}'); its log:" >&2
    cat "$work/$name.log" >&2
    return 1
  fi
  port=${BASH_REMATCH[1]}
  base_url="http://127.0.0.1:$port/scim/v2"
  echo "   $name: SCIMMY listening on $base_url"
}

# precreate NAME USERNAME GIVEN FAMILY [ACTIVE]: creates an account (active unless ACTIVE is false) on the running
# server with curl, as the app's own admin would (not through Okta); false, with the answer on stderr, unless the
# server says 201.
precreate() {
  local name=$1 user=$2 given=$3 family=$4 active=${5:-true} status
  status=$(curl -sS --max-time 10 -o "$work/$name-precreate.json" -w '%{http_code}' \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
    -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"$user\",
         \"name\":{\"givenName\":\"$given\",\"familyName\":\"$family\"},\"displayName\":\"$given $family\",
         \"active\":$active,\"emails\":[{\"value\":\"$user\",\"type\":\"work\",\"primary\":true}]}" \
    "$base_url/Users") || status="no answer (curl failed)"
  [[ "$status" == 201 ]] && return 0
  echo "interop: POST $base_url/Users for $user answered $status: $(cat "$work/$name-precreate.json" 2>/dev/null)" >&2
  return 1
}

# precreate_group NAME DISPLAYNAME MEMBER_ID...: creates a group with those account ids as members on the running
# server with curl; false, with the answer on stderr, unless the server says 201.
precreate_group() {
  local name=$1 display=$2 members="" id status
  shift 2
  for id in "$@"; do members+="${members:+,}{\"value\":\"$id\"}"; done
  status=$(curl -sS --max-time 10 -o "$work/$name-precreate-group.json" -w '%{http_code}' \
    -H "Authorization: Bearer $token" -H 'Content-Type: application/scim+json' \
    -d "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"$display\",
         \"members\":[$members]}" \
    "$base_url/Groups") || status="no answer (curl failed)"
  [[ "$status" == 201 ]] && return 0
  echo "interop: POST $base_url/Groups for $display answered $status: $(cat "$work/$name-precreate-group.json" 2>/dev/null)" >&2
  return 1
}

# verify_accounts NAME: the accounts SCIMMY holds after a push scenario are the ones Okta left: Ada created,
# renamed, deactivated and reactivated (one account, active, familyName King), Grace linked and overwritten.
verify_accounts() {
  local name=$1
  curl -sS --max-time 10 -o "$work/$name-accounts.json" -H "Authorization: Bearer $token" \
    "$base_url/Users?startIndex=1&count=100" || return 1
  node - "$work/$name-accounts.json" <<'JS'
const list = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
const want = {
  "ada.lovelace@example.com": {active: true, familyName: "King", externalId: "00u1ada0000000000A01"},
  "grace.hopper@example.com": {active: true, familyName: "Hopper", displayName: "Grace Hopper"},
};
const problems = [];
const resources = list.Resources ?? [];
if (resources.length !== 2) problems.push(`${resources.length} account(s), expected 2`);
for (const [userName, w] of Object.entries(want)) {
  const r = resources.find((x) => x.userName === userName);
  if (!r) { problems.push(`no account ${userName}`); continue; }
  if (r.active !== w.active) problems.push(`${userName}: active ${r.active}, expected ${w.active}`);
  if (r.name?.familyName !== w.familyName) problems.push(`${userName}: familyName ${r.name?.familyName}, expected ${w.familyName}`);
  if (w.externalId && r.externalId !== w.externalId) problems.push(`${userName}: externalId ${r.externalId}, expected ${w.externalId}`);
  if (w.displayName && r.displayName !== w.displayName) problems.push(`${userName}: displayName ${r.displayName}, expected ${w.displayName}`);
}
if (problems.length) { console.error(problems.join("\n")); process.exit(1); }
JS
}

# 2. Push: create, update, deactivate, reactivate and link, as an AIW and as an OIN app.
push_scenario() {
  local flavour=$1 template=$2 name="push-$1"
  echo "== push ($flavour) against SCIMMY: oktasim run ${template##*/}"
  if ! start_server "$name" --sequential-ids; then fail "push $flavour: server did not start"; return; fi
  # The account to link: made before Okta sees it, with a profile Okta will overwrite (it gets id ...0001).
  if ! precreate "$name" grace.hopper@example.com Grace Murray; then
    fail "push $flavour: could not pre-create the account to link"
    stop_servers
    return
  fi
  sed -e "s|@BASE_URL@|$base_url|g" -e "s|@TOKEN@|$token|g" "$template" >"$work/$name.json"
  if timeout 120 "$oktasim" run --color never --transcript "$work/$name.transcript" "$work/$name.json" >"$work/$name.out" 2>&1; then
    pass "push $flavour (create, update, deactivate, reactivate, link)"
  else
    cat "$work/$name.out"
    echo "   transcript: $work/$name.transcript; server log: $work/$name.log"
    fail "push $flavour"
  fi
  if verify_accounts "$name"; then pass "push $flavour: SCIMMY holds the accounts Okta left"
  else fail "push $flavour: SCIMMY's accounts differ (see above; list in $work/$name-accounts.json)"; fi
  stop_servers
}
push_scenario AIW "$here/push-against-scimmy.json"
push_scenario OIN "$here/push-against-scimmy-oin.json"

# 3. Import (To Okta): accounts and a group made with curl are read by a full import, matched, confirmed and read
# again; Okta only reads, so the server sees no write but the script's own.
import_scenario() {
  local name=import template="$here/import-from-scimmy.json" writes
  echo "== import against SCIMMY: oktasim run ${template##*/}"
  if ! start_server "$name" --sequential-ids; then fail "import: server did not start"; return; fi
  # Ids ...0001 to ...0004, in this order: Grace (an Okta user's email), Alan (new), Ken (inactive), Engineers.
  if ! precreate "$name" grace.hopper@example.com Grace Hopper ||
     ! precreate "$name" alan.turing@example.com Alan Turing ||
     ! precreate "$name" ken.thompson@example.com Ken Thompson false ||
     ! precreate_group "$name" Engineers 00000000-0000-4000-8000-000000000001 00000000-0000-4000-8000-000000000002; then
    fail "import: could not pre-create the accounts and the group to import"
    stop_servers
    return
  fi
  sed -e "s|@BASE_URL@|$base_url|g" -e "s|@TOKEN@|$token|g" "$template" >"$work/$name.json"
  if timeout 120 "$oktasim" run --color never --transcript "$work/$name.transcript" "$work/$name.json" >"$work/$name.out" 2>&1; then
    pass "import (users and a group, matched, confirmed, imported again)"
  else
    cat "$work/$name.out"
    echo "   transcript: $work/$name.transcript; server log: $work/$name.log"
    fail "import"
  fi
  # The server's log has one line per request: the four POSTs above are the only writes.
  writes=$(grep -cE '^(POST|PUT|PATCH|DELETE) ' "$work/$name.log" || true)
  if [[ "$writes" == 4 ]]; then pass "import: SCIMMY saw no write from Okta"
  else fail "import: SCIMMY saw $writes write(s), expected the script's 4 (server log: $work/$name.log)"; fi
  stop_servers
}
import_scenario

# The same against 150 accounts: two pages of users, with SCIMMY's itemsPerPage echoing the requested count.
import_paged_scenario() {
  local name=import-paged template="$here/import-paged-from-scimmy.json" n
  echo "== paged import against SCIMMY: oktasim run ${template##*/}"
  if ! start_server "$name"; then fail "paged import: server did not start"; return; fi
  for n in $(seq -f '%03g' 1 150); do
    if ! precreate "$name" "user$n@example.com" User "No$n"; then
      fail "paged import: could not pre-create user$n@example.com"
      stop_servers
      return
    fi
  done
  sed -e "s|@BASE_URL@|$base_url|g" -e "s|@TOKEN@|$token|g" "$template" >"$work/$name.json"
  if timeout 120 "$oktasim" run --color never --transcript "$work/$name.transcript" "$work/$name.json" >"$work/$name.out" 2>&1; then
    pass "paged import (150 accounts, two pages, imported again)"
  else
    cat "$work/$name.out"
    echo "   transcript: $work/$name.transcript; server log: $work/$name.log"
    fail "paged import"
  fi
  stop_servers
}
import_paged_scenario

# 3c. Group Push (OIN) against SCIMMY: the group SCIMMY holds afterwards is gone (unlinked with delete).
group_push_scenario() {
  local name=group-push template="$here/group-push-against-scimmy.json"
  echo "== group push against SCIMMY: oktasim run ${template##*/}"
  if ! start_server "$name"; then fail "group push: server did not start"; return; fi
  sed -e "s|@BASE_URL@|$base_url|g" -e "s|@TOKEN@|$token|g" "$template" >"$work/$name.json"
  if timeout 120 "$oktasim" run --color never --transcript "$work/$name.transcript" "$work/$name.json" >"$work/$name.out" 2>&1; then
    pass "group push (create, add, filtered remove, Push Now, unlink with delete)"
  else
    cat "$work/$name.out"
    echo "   transcript: $work/$name.transcript; server log: $work/$name.log"
    fail "group push"
  fi
  local left
  left=$(curl -sS --max-time 10 -H "Authorization: Bearer $token" "$base_url/Groups?startIndex=1&count=100" |
         node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log((JSON.parse(s).Resources??[]).length))' || echo "?")
  if [[ "$left" == 0 ]]; then pass "group push: SCIMMY holds no group after the unlink with delete"
  else fail "group push: SCIMMY holds $left group(s) after the unlink with delete"; fi
  stop_servers
}
group_push_scenario

# 4. `oktasim check`: every required step passes, SCIMMY's quirks come out as warnings; a wrong token fails.
if ! "$oktasim" check --help >/dev/null 2>&1; then
  skip "check: not built"
else
  echo "== oktasim check against SCIMMY"
  # One account made outside Okta, so the list and get-by-id steps of Okta's spec test have a user to read.
  if start_server check && precreate check existing.user@example.com Existing User; then
    code=0
    timeout 300 "$oktasim" check "$base_url" --token "$token" >"$work/check.out" 2>&1 || code=$?
    cat "$work/check.out"
    if [[ $code -eq 0 ]]; then pass "check: exit 0, every required step passed"
    else fail "check: exit $code (expected 0); server log: $work/check.log"; fi
    # The known SCIMMY quirks, reported as warnings (not failures).
    if grep -q 'warning: *itemsPerPage is [0-9]* but the page holds' "$work/check.out"; then pass "check: reports the itemsPerPage quirk"
    else fail "check: no warning about itemsPerPage echoing the requested count"; fi
    if grep -q 'warning: .*compares userName case-sensitively' "$work/check.out"; then pass "check: reports the case-sensitive userName filter"
    else fail "check: no warning about the case-sensitive userName filter"; fi
    if grep -q '^note: Okta never sends DELETE .* it deactivated the 3 account(s) it created$' "$work/check.out"; then
      pass "check: deactivated the accounts it created, and says so"
    else
      fail "check: no note that the run deactivated the 3 accounts it created"
    fi

    # A second run against the same server, which keeps the first run's (deactivated) users: a fresh nonce gives
    # fresh names and ids, so nothing collides (no 409) and every required step passes again.
    code=0
    timeout 300 "$oktasim" check "$base_url" --token "$token" >"$work/check-again.out" 2>&1 || code=$?
    cat "$work/check-again.out"
    if [[ $code -eq 0 ]]; then pass "check, second run against the same server: exit 0, every required step passed"
    else fail "check, second run against the same server: exit $code (expected 0); server log: $work/check.log"; fi
    if grep -q '^FAIL ' "$work/check-again.out"; then fail "check, second run: a step failed"
    else pass "check, second run: no step failed"; fi

    # Group Push against SCIMMY (issue 9): create, add and remove a member, rename, delete, for both flavours.
    code=0
    timeout 300 "$oktasim" check "$base_url" --token "$token" --groups --only lifecycle >"$work/check-groups.out" 2>&1 || code=$?
    cat "$work/check-groups.out"
    if [[ $code -eq 0 ]]; then pass "check --groups: exit 0, every required step passed"
    else fail "check --groups: exit $code (expected 0); server log: $work/check.log"; fi
    group_passes=$(grep -c '^PASS groups: ' "$work/check-groups.out" || true)
    if [[ $group_passes -eq 10 ]]; then pass "check --groups: the 10 Group Push steps passed"
    else fail "check --groups: $group_passes Group Push steps passed (expected 10)"; fi

    code=0
    timeout 120 "$oktasim" check "$base_url" --token "not-$token" >"$work/check-bad-token.out" 2>&1 || code=$?
    if [[ $code -eq 1 ]]; then pass "check with a wrong token: exit 1"
    else cat "$work/check-bad-token.out"; fail "check with a wrong token: exit $code (expected 1)"; fi
    if grep -q 'Unauthorized\. Errors reported by remote server:' "$work/check-bad-token.out"; then
      pass "check with a wrong token: Okta's \"Unauthorized.\" message"
    else
      fail "check with a wrong token: no \"Unauthorized. Errors reported by remote server:\" in the output"
    fi
  else
    fail "check: server did not start, or it refused the account made with curl"
  fi
  stop_servers
fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
