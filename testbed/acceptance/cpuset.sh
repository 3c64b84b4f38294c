#!/bin/bash
# A cpuset (cgroup v2) confines a busy task to CPU 1; moving the limit moves it.
NAME="cpuset"
. "$(dirname "$0")/lib.sh"
[ "$(nproc)" -ge 2 ] || pass "one CPU only: nothing to confine"
g=$CG/fs-cpuset; mkdir -p $g
echo "+cpuset" > $CG/cgroup.subtree_control 2>/dev/null
echo 1 > $g/cpuset.cpus
pid=$(busy_loop); echo "$pid" > $g/cgroup.procs
bad=0
for i in $(seq 20); do
	cpu=$(awk '{print $39}' /proc/$pid/stat); [ "$cpu" = 1 ] || bad=$((bad+1)); sleep 0.05
done
echo 0 > $g/cpuset.cpus; sleep 0.3
moved=$(awk '{print $39}' /proc/$pid/stat)
stop_loop "$pid"; rmdir $g
[ "$bad" = 0 ] || fail "the task left CPU 1 in $bad of 20 samples"
[ "$moved" = 0 ] || fail "after cpuset.cpus=0 the task is on CPU $moved"
pass "20/20 samples on CPU 1, then on CPU 0"
