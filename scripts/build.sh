#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Configures (once) and builds the dev preset: build/dev. Extra arguments go to the build (e.g. a target).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f build/dev/build.ninja ] || cmake --preset dev >/dev/null
cmake --build build/dev --parallel "$(nproc)" "$@"
