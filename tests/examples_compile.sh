#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Every CUDA example compiles, with each of its ideas and with all of them at once (no GPU needed):
#   tests/examples_compile.sh SOURCE_DIR
# 1. the baseline with the target's own build command (its phylo.toml: harness linked, every architecture);
# 2. kernel.cu alone for sm_90 with each idea at each of its values (-DNAME=VALUE, or -DNAME=1 for a flag),
#    and with every idea on at its first value and at its last.
# Exits 77 (ctest SKIP) where nvcc is missing; 1 naming every combination that did not compile.
set -uo pipefail
src=$(realpath "${1:?usage: examples_compile.sh SOURCE_DIR}")
command -v nvcc >/dev/null || { echo "SKIP: nvcc not found"; exit 77; }
work=$(mktemp -d /tmp/examples-compile-XXXXXX)
trap 'rm -rf "$work"' EXIT
failed=0 count=0

# One line per combination: the -D flags (empty for the baseline's kernel alone).
combinations() {
  python3 - "$1" <<'PY'
import sys, tomllib
ideas = tomllib.load(open(sys.argv[1], "rb")).get("idea", [])
flag = lambda idea, value: f"-D{idea['name'].upper()}={value}"
print("")
for idea in ideas:
    for value in idea.get("values", ["1"]):
        print(flag(idea, value))
for pick in (0, -1):
    print(" ".join(flag(i, i.get("values", ["1"])[pick]) for i in ideas))
PY
}

for example in llg graphwave ltsa; do
  dir=$src/examples/$example
  cp -r "$dir" "$work/$example"
  cmd=$(python3 -c 'import tomllib,sys; print(tomllib.load(open(sys.argv[1],"rb"))["build"]["command"])' "$dir/phylo.toml")
  cmd=${cmd//\{defines\}/}; cmd=${cmd//\{bin\}/$work/$example/bin}; cmd=${cmd//\{harness\}/$src/gpu/harness}
  count=$((count + 1))
  if ! (cd "$work/$example" && eval "$cmd") >"$work/$example.log" 2>&1; then
    echo "FAIL $example: the baseline build command"; tail -5 "$work/$example.log"; failed=$((failed + 1))
  fi
  while IFS= read -r flags; do
    count=$((count + 1))
    # shellcheck disable=SC2086 # the flags are words
    if ! (cd "$work/$example" && nvcc -O3 -std=c++17 -arch=sm_90 $flags -I"$src/gpu/harness" -c kernel.cu \
      -o "$work/kernel.o") >"$work/$example-kernel.log" 2>&1; then
      echo "FAIL $example: kernel.cu with ${flags:-no flags}"; grep -m3 error "$work/$example-kernel.log"
      failed=$((failed + 1))
    fi
  done < <(combinations "$dir/phylo.toml")
done
echo "$((count - failed)) of $count builds compiled"
[ "$failed" = 0 ]
