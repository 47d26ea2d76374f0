#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The main job: install what is missing, build, and optimize the bundled example offline
# (no LLM, no key). Each call starts a new session in runs/; pass extra `phylo run` flags
# after the script name, e.g. scripts/run.sh --max-evals 60 --jobs 1.
# With a display, the desktop app opens on the session while it runs and follows it live
# (steer it from there); without one (or with PHYLO_NO_APP=1) the run shows a progress line.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
with_app=0
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ "${PHYLO_NO_APP:-0}" != 1 ]; then
  with_app=1
  scripts/build.sh --target phylo phyloevolve
else
  scripts/build.sh --target phylo
fi
mkdir -p runs
db="runs/matmul-cpu-$(date +%Y%m%d-%H%M%S).db"
# 30 evaluations unless the caller chose another number.
defaults=(--max-evals 30)
for arg in "$@"; do
  case "$arg" in --max-evals|--max-evals=*) defaults=() ;; esac
done
status=0
if [ "$with_app" = 1 ]; then
  build/dev/app/phylo/phylo run examples/matmul-cpu --db "$db" --offline "${defaults[@]}" "$@" &
  runner=$!
  # The app follows the file as soon as the run has created it; closing the app leaves the run going.
  for _ in $(seq 100); do [ -s "$db" ] && break; sleep 0.1; done
  build/dev/app/phyloevolve/phyloevolve "$db" || true
  wait "$runner" || status=$?
else
  build/dev/app/phylo/phylo run examples/matmul-cpu --db "$db" --offline "${defaults[@]}" "$@" || status=$?
fi
if [ -f "$db" ]; then
  echo
  build/dev/app/phylo/phylo show --db "$db"
  echo "Session file: $db  (phylo export --db $db --format json)"
fi
exit $status
