#!/usr/bin/env bash
# Proof that the generated journeys (tests/model) find bugs: for each deliberately broken
# build of shop-api (scripts/model-mutants/<name>.patch), copy this checkout to a scratch
# directory, apply the patch there, and run the model project against it on the local
# target. A mutant must make the run fail; its shrunk counterexample is printed.
# The shipped service is never touched.
#
#   scripts/model-mutants.sh                       # every mutant
#   scripts/model-mutants.sh merge-overwrites      # some of them, by name
#   MODEL_RUNS=30 scripts/model-mutants.sh         # any setting passes through
#
# The budget is 15 sequences per test unless MODEL_RUNS says otherwise: the default (6)
# catches most of these, not every one on every seed. A mutant that needs two requests
# to meet at the right moment (found by the groups at once) names a bigger budget in its
# patch's header (MODEL_RUNS=120), which wins.
#
# Each run's output is kept in reports/model-mutants/<name>.log (and .json, Playwright's JSON report). Exit status 0 when every
# mutant was caught, 1 when one survived (or its run failed without a counterexample).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
export MODEL_RUNS="${MODEL_RUNS:-15}"
cd "$root"
if [ "$#" -gt 0 ]; then names=("$@"); else names=(); for p in scripts/model-mutants/*.patch; do names+=("$(basename "$p" .patch)"); done; fi

scratch=""
cleanup() { if [ -n "$scratch" ]; then rm -rf "$scratch"; fi; }
trap cleanup EXIT

survived=()
for name in "${names[@]}"; do
  patch_file="$root/scripts/model-mutants/$name.patch"
  [ -f "$patch_file" ] || { echo "no such mutant: $name (see scripts/model-mutants/)" >&2; exit 2; }
  echo "=== $name: $(head -n 1 "$patch_file")"

  # The working tree as it is (tracked and untracked files, not what git ignores), with
  # this checkout's installed dependencies linked in.
  scratch=$(mktemp -d /tmp/shop-mutant-XXXXXX)
  git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$scratch"
  ln -s "$root/node_modules" "$scratch/node_modules"
  for deps in services/*/node_modules; do if [ -d "$deps" ]; then ln -s "$root/$deps" "$scratch/$deps"; fi; done
  (cd "$scratch" && git apply "$patch_file")

  # A mutant that only timing can reveal says in its header how many sequences it needs.
  runs=$(sed -n '/^---/q; s/.*MODEL_RUNS=\([0-9][0-9]*\).*/\1/p' "$patch_file")
  runs=${runs:-$MODEL_RUNS}
  started=$(date +%s)
  set +e
  log="$root/reports/model-mutants/$name.log"
  mkdir -p "$(dirname "$log")"
  (cd "$scratch" && MODEL_RUNS=$runs TARGET=local CI= PLAYWRIGHT_JSON_OUTPUT_NAME="${log%.log}.json" npx playwright test tests/model --no-deps --reporter=list,json) > "$log" 2>&1
  status=$?
  set -e
  seconds=$(( $(date +%s) - started ))

  if [ "$status" -ne 0 ] && grep -q 'Error: Generated journeys failed' "$log"; then
    echo "    caught (${seconds} s); shrunk counterexample(s):"
    # Each failure: the shrunk story, the replay settings, and the assertion that failed.
    awk '/Error: Generated journeys failed/ {on=1} on {print "    " $0} on && /^ *> [0-9]+ \|/ {on=0}' "$log"
  else
    echo "    SURVIVED: no counterexample (exit status $status, ${seconds} s); see $log"
    survived+=("$name")
  fi
  rm -rf "$scratch"; scratch=""
done

if [ "${#survived[@]}" -gt 0 ]; then
  echo "survived: ${survived[*]}"
  exit 1
fi
echo "every mutant was caught: ${names[*]}"
