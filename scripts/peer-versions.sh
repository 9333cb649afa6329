#!/usr/bin/env bash
# `npm run test:peers`: synthApp's byte-for-byte tests (test/synth.test.ts) against the lowest and the newest versions
# the peer dependency ranges of package.json allow, installed from the npm registry into a temporary copy of this
# checkout (tracked and untracked files, not node_modules). The tests compare synthApp's files with app.synth()'s for
# every output type and fail when synthApp falls back to app.synth() (it warns when cdk8s's internals are not the ones
# it was tested with). It also type-checks the library (tsconfig.build.json) against those versions.
#
# Not part of `npm test`, which runs offline: this needs the registry.
#   scripts/peer-versions.sh            # lowest, then newest
#   scripts/peer-versions.sh lowest     # or: newest
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

peers=(cdk8s cdk8s-plus-28 constructs)
modes=("$@")
[ ${#modes[@]} -gt 0 ] || modes=(lowest newest)

# The range of a peer in package.json, e.g. ^2.68.12
range() { node -p "require('./package.json').peerDependencies['$1']"; }

status=0
for mode in "${modes[@]}"; do
  copy="$work/$mode"
  mkdir -p "$copy"
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar -cf - --null -T - | tar -xf - -C "$copy"
  specs=()
  for peer in "${peers[@]}"; do
    r=$(range "$peer")
    case "$mode" in
      # the lowest version a ^ or ~ range allows is the one it names; it must exist on the registry
      lowest) specs+=("$peer@${r#[~^]}") ;;
      newest) specs+=("$peer@$r") ;;
      *) echo "usage: $0 [lowest|newest]..." >&2; exit 2 ;;
    esac
  done
  echo "== $mode: ${specs[*]}"
  (
    cd "$copy"
    npm ci --ignore-scripts --no-audit --no-fund --loglevel=error > /dev/null
    npm install --no-save --ignore-scripts --no-audit --no-fund --loglevel=error "${specs[@]}" > /dev/null
    node -e "console.log('installed: ' + process.argv.slice(1).map((p) => p + ' ' + require(p + '/package.json').version).join(', '))" "${peers[@]}"
    rc=0
    if npx tsc --noEmit -p tsconfig.build.json; then echo "tsc -p tsconfig.build.json: ok"; else echo "tsc -p tsconfig.build.json: FAILED"; rc=1; fi
    out=$(npx jest --ci test/synth.test.ts 2>&1) || rc=1
    printf '%s\n' "$out" | grep -E '^Tests:|✕|warning: synthApp' || true
    exit $rc
  ) || status=1
done
exit $status
