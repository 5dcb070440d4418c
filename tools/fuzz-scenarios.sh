#!/usr/bin/env bash
# Seeded fuzzing of the scenario loader and runner: mutates the shipped fixtures (oktasim_fuzz_mutate), runs
# `oktasim validate` and `oktasim run` on each, and fails on a sanitizer report, a crash, exit 3, a time-out, an
# internal-bug message, or an exit-2 message that names neither a JSON path nor a line and column. Run it on an
# ASan/UBSan build (`make fuzz`).
set -uo pipefail

usage() {
    cat <<'EOF'
usage: tools/fuzz-scenarios.sh [--build DIR] [--count N] [--seed S] [--timeout SECONDS] [--max-seconds SECONDS]
                               [--keep DIR]
  --build DIR        a CMake build tree with tools/oktasim and tools/oktasim_fuzz_mutate (default build/asan)
  --count N          mutated scenarios (default 5000); each is validated and run
  --seed S           the mutation seed (default 1); the same seed writes the same files
  --timeout SECONDS  per oktasim invocation (default 30); running longer counts as a problem
  --max-seconds S    stop starting new cases after S seconds (default: no limit); the summary says how many ran
  --keep DIR         copy every case that shows a problem, with its output, to DIR
EOF
}

root=$(cd "$(dirname "$0")/.." && pwd)
build="$root/build/asan" count=5000 seed=1 per_run=30 max_seconds=0 keep=""
while [ $# -gt 0 ]; do
    case "$1" in
        --build) build=$2; shift 2 ;;
        --count) count=$2; shift 2 ;;
        --seed) seed=$2; shift 2 ;;
        --timeout) per_run=$2; shift 2 ;;
        --max-seconds) max_seconds=$2; shift 2 ;;
        --keep) keep=$2; shift 2 ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; exit 2 ;;
    esac
done
oktasim="$build/tools/oktasim" mutator="$build/tools/oktasim_fuzz_mutate"
for exe in "$oktasim" "$mutator"; do
    [ -x "$exe" ] || { echo "fuzz: $exe is missing; build the oktasim and oktasim_fuzz_mutate targets" >&2; exit 2; }
done

work=$(mktemp -d "${TMPDIR:-/tmp}/oktasim-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
"$mutator" --seed "$seed" --count "$count" --out "$work/cases" "$root"/fixtures/scenarios/*/*.json || exit 2

# Sanitizers: abort on the first report, so that it shows as a signal as well as in stderr.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
export NO_COLOR=1

declare -A outcomes=()
problems=0 ran=0 start=$SECONDS
position='(: /|: .*line [0-9]+, column [0-9]+)'
for case_file in "$work"/cases/*.json; do
    if [ "$max_seconds" -gt 0 ] && [ $((SECONDS - start)) -ge "$max_seconds" ]; then break; fi
    ran=$((ran + 1))
    name=$(basename "$case_file")
    for command in validate run; do
        timeout "$per_run" "$oktasim" "$command" "$case_file" >"$work/out" 2>"$work/err"
        rc=$?
        problem=""
        if grep -qE 'AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:' "$work/err"; then
            problem="sanitizer report"
        elif grep -qF 'bug in oktasim' "$work/out" "$work/err"; then
            problem="oktasim reports an internal bug"
        elif [ $rc -eq 124 ]; then
            problem="no answer within ${per_run}s"
        elif [ $rc -ge 3 ]; then
            problem="exit $rc"
        elif [ $rc -eq 2 ] && ! grep -qE "^oktasim: $case_file$position" "$work/err" &&
             ! grep -qE "^oktasim: $case_file: the file is empty" "$work/err"; then
            problem="exit 2 without a JSON path or a line and column"
        fi
        outcomes["$command exit $rc"]=$((${outcomes["$command exit $rc"]:-0} + 1))
        if [ -n "$problem" ]; then
            problems=$((problems + 1))
            echo "fuzz: case $name ($command): $problem"
            grep -F "$name " "$work/cases/manifest.txt" | sed 's/^/  mutations: /'
            head -c 2000 "$work/err" | sed 's/^/  | /'
            if [ -n "$keep" ]; then
                mkdir -p "$keep"
                cp "$case_file" "$keep/$name"
                cp "$work/err" "$keep/${name%.json}.$command.stderr"
            fi
        fi
    done
done

echo "fuzz: seed $seed, $ran of $count mutated scenarios validated and run in $((SECONDS - start))s"
for k in "${!outcomes[@]}"; do echo "  $k: ${outcomes[$k]}"; done | sort
echo "fuzz: $problems problem(s)"
[ "$problems" -eq 0 ]
