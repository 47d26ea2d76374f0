#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# sweep-example.sh - exhaustively benchmark every idea combination of a
# PhyloEvolve target (by default the bundled examples/matmul-cpu).
#
# It reads the target's phylo.toml, builds every configuration of its ideas
# (each idea off, or on with each of its values) with the target's own build
# command, runs each configuration's check command once with a random
# PHYLO_SEED, then times all configurations interleaved over several rounds
# (so that slow drifts in machine load hit every configuration alike) and
# prints a Markdown report: each idea alone versus the baseline (all ideas
# off), the path a one-pass greedy search would take, and every
# configuration ranked by its median metric, with speedup and check result.
#
# Usage: scripts/sweep-example.sh [-r ROUNDS] [-j JOBS] [-k] [TARGET_DIR]
#   -r ROUNDS  timed runs per configuration (default 5)
#   -j JOBS    parallel builds (default 2; timed runs are always sequential)
#   -k         keep the scratch directory and print its path
#
# Commands run as phylo runs them (docs/target-format.md): `/bin/sh -c` in a
# fresh copy of the target dir, with {bin} and {defines} substituted,
# PHYLO_<NAME> set for each idea that is on, PHYLO_MODE=check|run, and a fresh
# PHYLO_SEED for the check and for every timed run.
#
# Only the subset of TOML that phylo.toml files use is understood: tables,
# [[idea]] arrays, and one-line `key = "string" | number | ["a", "b"]` pairs.
# Needs bash 4.3+, awk, coreutils (shuf, sort, timeout, mktemp).

set -euo pipefail

rounds=5
jobs=2
keep=0
while getopts "r:j:kh" opt; do
    case "$opt" in
        r) rounds=$OPTARG ;;
        j) jobs=$OPTARG ;;
        k) keep=1 ;;
        h) sed -n '3,/^# Needs/p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) exit 2 ;;
    esac
done
shift $((OPTIND - 1))
repo_root=$(cd "$(dirname "$0")/.." && pwd)
target=$(cd "${1:-$repo_root/examples/matmul-cpu}" && pwd)
toml="$target/phylo.toml"
[[ -f $toml ]] || { echo "no phylo.toml in $target" >&2; exit 2; }

# --- parse phylo.toml ------------------------------------------------------
# Emits tab-separated records: "key<TAB>section.key<TAB>value" for scalars,
# "idea<TAB>name<TAB>v1 v2 ..." per [[idea]] ("idea<TAB>name<TAB>" when it is
# an on/off idea).
parse_toml() {
    awk '
    function unquote(s) { sub(/^[ \t]*"/, "", s); sub(/"[ \t]*$/, "", s); return s }
    function flush_idea() { if (idea_name != "") printf "idea\t%s\t%s\n", idea_name, idea_values; idea_name = ""; idea_values = "" }
    /^[ \t]*#/ || /^[ \t]*$/ { next }
    /^[ \t]*\[\[idea\]\][ \t]*$/ { flush_idea(); section = "idea"; next }
    /^[ \t]*\[[^\[]/ { flush_idea(); s = $0; gsub(/[][ \t]/, "", s); section = s; next }
    {
        line = $0
        eq = index(line, "=")
        if (eq == 0) next
        key = substr(line, 1, eq - 1); gsub(/[ \t]/, "", key)
        val = substr(line, eq + 1)
        # Strip a trailing comment that follows a closing quote, bracket or number.
        sub(/[ \t]+#[^"]*$/, "", val)
        sub(/^[ \t]+/, "", val); sub(/[ \t]+$/, "", val)
        if (section == "idea") {
            if (key == "name") idea_name = unquote(val)
            else if (key == "values") {
                gsub(/[][",]/, " ", val); gsub(/[ \t]+/, " ", val)
                sub(/^ /, "", val); sub(/ $/, "", val); idea_values = val
            }
            next
        }
        if (val ~ /^"/) val = unquote(val)
        printf "key\t%s.%s\t%s\n", section, key, val
    }
    END { flush_idea() }
    ' "$toml"
}

declare -A conf
idea_names=()
idea_values=()
while IFS=$'\t' read -r kind key value; do
    if [[ $kind == key ]]; then
        conf[$key]=$value
    else
        idea_names+=("$key")
        idea_values+=("$value")
    fi
done < <(parse_toml)

build_cmd=${conf[build.command]:?phylo.toml has no [build] command}
run_cmd=${conf[run.command]:?phylo.toml has no [run] command}
check_cmd=${conf[check.command]:-}
build_timeout=${conf[build.timeout_s]:-600}
run_timeout=${conf[run.timeout_s]:-600}
check_timeout=${conf[check.timeout_s]:-$run_timeout}
metric=${conf[metric.name]:?phylo.toml has no [metric] name}
direction=${conf[metric.direction]:-minimize}

# --- enumerate configurations -----------------------------------------------
# A configuration is a space-separated list of name=value (value 1 for on/off
# ideas); the empty list is the baseline.
configs=("")
for i in "${!idea_names[@]}"; do
    name=${idea_names[$i]}
    read -r -a vals <<< "${idea_values[$i]}"
    [[ ${#vals[@]} -eq 0 ]] && vals=(1)
    next=()
    for c in "${configs[@]}"; do
        next+=("$c")
        for v in "${vals[@]}"; do next+=("${c:+$c }$name=$v"); done
    done
    configs=("${next[@]}")
done
n=${#configs[@]}

label() {  # human-readable name of a configuration
    local out="" kv name value
    for kv in $1; do
        name=${kv%%=*}; value=${kv#*=}
        if idea_has_values "$name"; then
            out+="${out:+ + }$name=$value"
        else
            out+="${out:+ + }$name"
        fi
    done
    echo "${out:-baseline}"
}
idea_has_values() {
    local i
    for i in "${!idea_names[@]}"; do
        [[ ${idea_names[$i]} == "$1" && -n ${idea_values[$i]} ]] && return 0
    done
    return 1
}
defines_of() {  # -DNAME=VALUE for each idea that is on
    local out="" kv name
    for kv in $1; do
        name=${kv%%=*}
        out+="${out:+ }-D${name^^}=${kv#*=}"
    done
    echo "$out"
}
# Runs a command line from phylo.toml ($2) for configuration $1 in its scratch
# dir, with {bin} and {defines} substituted, PHYLO_<NAME> exported, and a time
# limit of $3 seconds.
run_in() {
    local idx=$1 template=$2 limit=$3
    local dir="$work/cfg$idx"
    local cmd=${template//\{bin\}/$dir/bin}
    cmd=${cmd//\{defines\}/$(defines_of "${configs[$idx]}")}
    (
        cd "$dir"
        for kv in ${configs[$idx]}; do
            name=${kv%%=*}
            export "PHYLO_${name^^}=${kv#*=}"
        done
        exec timeout "$limit" /bin/sh -c "$cmd" < /dev/null
    )
}

work=$(mktemp -d "${TMPDIR:-/tmp}/phylo-sweep.XXXXXX")
if [[ $keep -eq 0 ]]; then trap 'rm -rf "$work"' EXIT; fi

# --- build ------------------------------------------------------------------
echo "sweep: $n configurations of ${#idea_names[@]} ideas from $toml" >&2
echo "sweep: building with $jobs parallel jobs in $work" >&2
build_one() {
    local idx=$1
    mkdir -p "$work/cfg$idx"
    cp -R "$target/." "$work/cfg$idx/"
    if run_in "$idx" "$build_cmd" "$build_timeout" > "$work/build$idx.log" 2>&1; then
        echo ok > "$work/build$idx.status"
    else
        echo FAIL > "$work/build$idx.status"
    fi
}
for idx in "${!configs[@]}"; do
    while [[ $(jobs -rp | wc -l) -ge $jobs ]]; do wait -n; done
    build_one "$idx" &
done
wait

status=()
for idx in "${!configs[@]}"; do
    status[idx]=$(cat "$work/build$idx.status")
    [[ ${status[$idx]} == ok ]] || echo "sweep: build failed: $(label "${configs[$idx]}") (see $work/build$idx.log)" >&2
done

# --- check ------------------------------------------------------------------
checks=()
for idx in "${!configs[@]}"; do
    if [[ ${status[$idx]} != ok ]]; then checks[idx]="build failed"; continue; fi
    if [[ -z $check_cmd ]]; then checks[idx]="-"; continue; fi
    seed=$(( (RANDOM << 15 | RANDOM) + 1 ))
    if PHYLO_MODE=check PHYLO_SEED=$seed run_in "$idx" "$check_cmd" "$check_timeout" > "$work/check$idx.log" 2>&1; then
        checks[idx]="ok"
    else
        checks[idx]="FAIL (seed $seed)"
        echo "sweep: check failed: $(label "${configs[$idx]}") seed $seed: $(tail -1 "$work/check$idx.log")" >&2
    fi
done

# --- timed runs, interleaved --------------------------------------------------
for ((r = 1; r <= rounds; r++)); do
    echo "sweep: round $r/$rounds" >&2
    for idx in $(shuf -e "${!configs[@]}"); do
        [[ ${checks[$idx]} == ok || ${checks[$idx]} == - ]] || continue
        seed=$(( (RANDOM << 15 | RANDOM) + 1 ))
        value=$(PHYLO_MODE=run PHYLO_SEED=$seed run_in "$idx" "$run_cmd" "$run_timeout" 2>&1 |
            awk -v m="$metric" '$1 == "METRIC" { split($2, kv, "="); if (kv[1] == m) v = kv[2] } END { print v }') || true
        [[ -n $value ]] && echo "$value" >> "$work/times$idx"
    done
done

median_of() {  # median of the numbers in file $1 (one per line)
    [[ -s $1 ]] || { echo ""; return; }
    sort -g "$1" | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
range_of() {
    sort -g "$1" | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f", lo, hi }'
}

base_median=$(median_of "$work/times0")
rows=()
# "@configuration" -> sort key (lower is better) / median; the "@" because bash
# refuses an empty subscript, and the baseline is the empty configuration.
declare -A key_of med_of
for idx in "${!configs[@]}"; do
    med=$(median_of "$work/times$idx" 2> /dev/null || true)
    if [[ -z $med ]]; then
        rows+=("inf	$idx	-	-	-")
        continue
    fi
    speedup=$(awk -v b="$base_median" -v m="$med" -v d="$direction" \
        'BEGIN { if (b == "" || m == 0) print "-"; else printf "%.2fx", (d == "maximize") ? m / b : b / m }')
    sortkey=$(awk -v m="$med" -v d="$direction" 'BEGIN { printf "%.6f", (d == "maximize") ? -m : m }')
    rows+=("$sortkey	$idx	$(printf '%.2f' "$med")	$(range_of "$work/times$idx")	$speedup")
    key_of[@${configs[$idx]}]=$sortkey
    med_of[@${configs[$idx]}]=$(printf '%.2f' "$med")
done
better() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a + 0 < b + 0) }'; }  # key $1 beats key $2
# key $1 beats key $2 by more than 1% (noise margin for the greedy path)
clearly_better() { awk -v a="$1" -v b="$2" 'BEGIN { d = b < 0 ? -b : b; exit !(a + 0 < b - 0.01 * d) }'; }

# --- report -------------------------------------------------------------------
n_on() { local a; read -r -a a <<< "$1"; echo "${#a[@]}"; }
cpu=$(awk -F: '/model name/ { sub(/^ /, "", $2); print $2; exit }' /proc/cpuinfo 2> /dev/null || true)
echo "## Sweep of $(basename "$target")"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); host: ${cpu:-unknown CPU}, $(nproc) cores"
echo "- compiler: $(${CXX:-g++} --version 2> /dev/null | head -1)"
echo "- build: \`$build_cmd\`"
echo "- $n configurations, $rounds interleaved rounds each; $metric is the median over rounds," \
    "speedup is relative to the baseline (all ideas off, median $base_median)"
echo
echo "### Each idea alone"
echo
echo "| configuration | median $metric | range | speedup | check |"
echo "|---|---:|---:|---:|---|"
for row in "${rows[@]}"; do
    IFS=$'\t' read -r _ idx med range speedup <<< "$row"
    [[ $(n_on "${configs[$idx]}") -le 1 ]] || continue
    echo "| $(label "${configs[$idx]}") | $med | $range | $speedup | ${checks[$idx]} |"
done
echo
echo "### Greedy path"
echo
echo "Ideas tried one at a time in phylo.toml order, each with its best value," \
    "kept only if more than 1% faster than the current configuration:"
echo
current=""
for i in "${!idea_names[@]}"; do
    name=${idea_names[$i]}
    read -r -a vals <<< "${idea_values[$i]}"
    [[ ${#vals[@]} -eq 0 ]] && vals=(1)
    best=""
    for v in "${vals[@]}"; do
        cand="${current:+$current }$name=$v"
        [[ -n ${key_of[@$cand]:-} ]] || continue
        if [[ -z $best ]] || better "${key_of[@$cand]}" "${key_of[@$best]}"; then best=$cand; fi
    done
    [[ -n $best ]] || continue
    if [[ -n ${key_of[@$current]:-} ]] && clearly_better "${key_of[@$best]}" "${key_of[@$current]}"; then
        echo "- $(label "$best"): ${med_of[@$best]} (kept)"
        current=$best
    else
        echo "- $(label "$best"): ${med_of[@$best]} (dropped)"
    fi
done
echo
echo "Greedy result: $(label "$current"), ${med_of[@$current]:-?}"
echo
echo "### All configurations, fastest first"
echo
echo "| rank | configuration | median $metric | range | speedup | check |"
echo "|---:|---|---:|---:|---:|---|"
rank=0
while IFS=$'\t' read -r _ idx med range speedup; do
    rank=$((rank + 1))
    echo "| $rank | $(label "${configs[$idx]}") | $med | $range | $speedup | ${checks[$idx]} |"
done < <(printf '%s\n' "${rows[@]}" | sort -t$'\t' -k1,1g)
if [[ $keep -eq 1 ]]; then echo "sweep: scratch kept in $work" >&2; fi
