#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Renders the README's screenshots into docs/screenshots/: the main window while a headless
# `phylo run` is still writing the session (the app follows it live), the node inspector's diff,
# and the charts. Under Xvfb when xvfb-run is installed, else with Qt's offscreen platform.
#   scripts/screenshots.sh [BUILD_DIR]      (default build/dev; build it first: scripts/build.sh)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build/dev}
phylo="$build/app/phylo/phylo"
app="$build/app/phyloevolve/phyloevolve"
out=docs/screenshots
for exe in "$phylo" "$app"; do
    [ -x "$exe" ] || { echo "screenshots: $exe is missing; run scripts/build.sh first" >&2; exit 2; }
done
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

if command -v xvfb-run >/dev/null 2>&1; then
    run_app() { xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$@"; }
else
    run_app() { QT_QPA_PLATFORM=offscreen "$app" "$@"; }
fi

db="$work/matmul.db"
# A session still running: the window shows it live (running nodes, the status line, the progress chart).
"$phylo" run examples/matmul-cpu --db "$db" --max-evals 60 --seed 7 --jobs 1 --offline >"$work/run.log" 2>&1 &
runner=$!
i=0
evaluated() { "$phylo" show --db "$db" 2>/dev/null | sed -n 's/^Evaluations: *\([0-9]*\).*/\1/p'; }
until [ "$(evaluated || true)" -ge 24 ] 2>/dev/null; do
    i=$((i + 1))
    [ $i -lt 600 ] || { echo "screenshots: the session did not get going; see $work/run.log" >&2; cat "$work/run.log" >&2; exit 1; }
    sleep 0.2
done
run_app "$db" --screenshot "$out/main-window.png"
wait $runner

# The best node against its parent, and the charts, once the session is complete.
run_app "$db" --tab diff --part inspector --screenshot "$out/diff-view.png"
run_app "$db" --part charts --screenshot "$out/charts.png"
echo "screenshots: wrote $(ls "$out" | tr '\n' ' ')"
