# SPDX-License-Identifier: GPL-3.0-or-later
# time = 100 - 8a - 6b - 10(a and b) + 5c - 30(c and d=1) - 3(d=1) - 5(d=2) - 2(e=x) + 2(e=y)
# Optimum: a, b, c, d=1, e=x -> 46. Greedy (ideas in order) settles at a, b, d=2, e=x -> 69:
# c hurts on top of d=2, and d=1 loses to d=2 while c is off.
t=100
[ -n "$PHYLO_A" ] && t=$((t - 8))
[ -n "$PHYLO_B" ] && t=$((t - 6))
[ -n "$PHYLO_A" ] && [ -n "$PHYLO_B" ] && t=$((t - 10))
[ -n "$PHYLO_C" ] && t=$((t + 5))
[ -n "$PHYLO_C" ] && [ "$PHYLO_D" = 1 ] && t=$((t - 30))
[ "$PHYLO_D" = 1 ] && t=$((t - 3))
[ "$PHYLO_D" = 2 ] && t=$((t - 5))
[ "$PHYLO_E" = x ] && t=$((t - 2))
[ "$PHYLO_E" = y ] && t=$((t + 2))
echo "METRIC time_ms=$t"
