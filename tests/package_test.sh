#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the Debian package of a build tree with CPack, unpacks it with dpkg -x into a scratch root and
# runs the installed phylo from there only: --version, a short offline session on the installed
# examples/matmul-cpu (then 'phylo show' must count 3 evaluations), and a check that the installed
# binary hands {harness} = <root>/usr/share/phyloevolve/harness to a target's build command.
# Usage: tests/package_test.sh BUILD_DIR   (the build must be complete: cpack installs what is built)
set -euo pipefail

build=${1:?usage: $0 BUILD_DIR}
build=$(cd "$build" && pwd -P)
[ -f "$build/CPackConfig.cmake" ] || { echo "FAIL: $build/CPackConfig.cmake missing (not a configured build dir?)"; exit 1; }

# The cpack of the CMake that configured this build dir, else the one on PATH.
cpack=cpack
cmake_command=$(sed -n 's/^CMAKE_COMMAND:INTERNAL=//p' "$build/CMakeCache.txt" 2>/dev/null || true)
[ -n "$cmake_command" ] && [ -x "$(dirname "$cmake_command")/cpack" ] && cpack="$(dirname "$cmake_command")/cpack"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/phylo-package-test.XXXXXX")
scratch=$(cd "$scratch" && pwd -P)
trap 'rm -rf "$scratch"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== cpack -G DEB ($build)"
"$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$scratch/pkg" >"$scratch/cpack.log" 2>&1 \
  || { cat "$scratch/cpack.log"; fail "cpack -G DEB failed"; }
debs=("$scratch"/pkg/*.deb)
[ ${#debs[@]} -eq 1 ] && [ -f "${debs[0]}" ] || { cat "$scratch/cpack.log"; fail "expected one .deb in $scratch/pkg"; }
deb=${debs[0]}
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes"
dpkg-deb --field "$deb" Package Version Architecture Depends

# The package's contents: the programs this build made, the data dirs, and the desktop entry with the app.
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's#^\./#/#' >"$scratch/contents"
expect=(/usr/bin/phylo
        /usr/share/phyloevolve/harness/phylo_harness.h /usr/share/phyloevolve/harness/phylo_harness.cu
        /usr/share/phyloevolve/examples/matmul-cpu/phylo.toml /usr/share/phyloevolve/prompts/)
if [ -x "$build/app/phyloevolve/phyloevolve" ]; then
  expect+=(/usr/bin/phyloevolve /usr/share/applications/phyloevolve.desktop
           /usr/share/icons/hicolor/scalable/apps/phyloevolve.svg)
fi
for path in "${expect[@]}"; do
  grep -qxF "$path" "$scratch/contents" || fail "$path missing from the package"
done
echo "contents: $(grep -c -v '/$' "$scratch/contents") files; all expected paths present"

root="$scratch/root"
dpkg -x "$deb" "$root"
phylo="$root/usr/bin/phylo"
share="$root/usr/share/phyloevolve"

# From here on only the unpacked root: no harness override, a scratch cwd, cache and home.
unset PHYLO_HARNESS_DIR
export HOME="$scratch/home" XDG_CACHE_HOME="$scratch/home/.cache" PHYLO_BUILD_CACHE="$scratch/build-cache"
mkdir -p "$HOME" "$scratch/work"
cd "$scratch/work"

echo "== phylo --version"
"$phylo" --version || fail "phylo --version"

echo "== phylo run (installed examples/matmul-cpu, 3 evaluations, offline)"
rc=0
"$phylo" run "$share/examples/matmul-cpu" --db "$scratch/s.db" --max-evals 3 --jobs 2 --offline \
  >"$scratch/run.log" 2>&1 || rc=$?
[ $rc -eq 0 ] || { tail -n 40 "$scratch/run.log"; fail "phylo run exited $rc"; }
"$phylo" show --db "$scratch/s.db" | tee "$scratch/show.log"
grep -Eq '^Evaluations: +3 ' "$scratch/show.log" || fail "phylo show does not count 3 evaluations"

echo "== {harness} of the installed phylo"
# A copy of the example whose build first checks that {harness} is the unpacked share dir.
cp -r "$share/examples/matmul-cpu" "$scratch/harness-probe"
sed -i "s#^command = \"g++#command = \"test -f {harness}/phylo_harness.cu \\&\\& test \$(cd {harness} \\&\\& pwd -P) = $share/harness \\&\\& g++#" \
  "$scratch/harness-probe/phylo.toml"
grep -q 'test -f {harness}' "$scratch/harness-probe/phylo.toml" || fail "could not rewrite the probe's build command"
"$phylo" run "$scratch/harness-probe" --db "$scratch/probe.db" --max-evals 1 --jobs 1 --offline \
  >"$scratch/probe.log" 2>&1 || { tail -n 40 "$scratch/probe.log"; fail "installed phylo's {harness} is not $share/harness"; }

echo "PASS: package_deb"
