#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Tree view benchmark (ui/tree; tests/bench_tree_view.cpp): open + layout of a synthetic 10,000-node
# session, frame time while panning and zooming (the viewport rendered into an image, offscreen), and
# the GUI thread's cost of a live update. Prints the command and a markdown table (docs/benchmarks/ui.md).
# Usage: scripts/bench-ui.sh [--nodes N] [--repeat R] [--frames F] [--adds A] [--bsp]
# Environment: BUILD_DIR (default build/dev), JOBS (build parallelism, default: all cores).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${BUILD_DIR:-build/dev}
if [ ! -f "$build/build.ninja" ]; then
  if [ "$build" = build/dev ]; then
    cmake --preset dev >/dev/null
  else
    cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  fi
fi
cmake --build "$build" --parallel "${JOBS:-$(nproc)}" --target bench_tree_view >/dev/null
cpu=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')
echo "Command: \`scripts/bench-ui.sh $*\` (commit $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(date -u +%F), $cpu)"
echo
QT_QPA_PLATFORM=offscreen "$build/tests/bench_tree_view" "$@" 2> >(grep -v XDG_RUNTIME_DIR >&2)
