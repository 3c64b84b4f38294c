#!/bin/bash
# A CPU quota (cgroup v2 cpu.max 50%) holds a busy loop under 75% of a CPU, and raising the
# quota releases it. Run before, while and after the module is loaded.
NAME="cpu quota (${1:-now})"
. "$(dirname "$0")/lib.sh"
g=$CG/fs-quota; mkdir -p $g
echo "+cpu" > $CG/cgroup.subtree_control 2>/dev/null
echo "50000 100000" > $g/cpu.max
pid=$(busy_loop); echo "$pid" > $g/cgroup.procs
used=$(cg_usage $g 3)
echo "max 100000" > $g/cpu.max
free=$(cg_usage $g 3)
stop_loop "$pid"; rmdir $g
pct=$(( used / 30000 )); fpct=$(( free / 30000 ))
[ "$pct" -lt 75 ] || fail "the loop used ${pct}% of a CPU under a 50% quota"
[ "$fpct" -gt 80 ] || fail "after raising the quota the loop used only ${fpct}% of a CPU"
pass "${pct}% of a CPU under a 50% quota, ${fpct}% after raising it"
