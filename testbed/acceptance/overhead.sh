#!/bin/bash
# Scheduler throughput on this host, for comparing the stock scheduler with the module's:
# hackbench (rt-tests; seconds, lower is better) and stress-ng --switch (context switches per
# second, higher is better), each ROUNDS times; prints the medians.
# usage: overhead.sh [ROUNDS]
NAME="overhead"
. "$(dirname "$0")/lib.sh"
rounds=${1:-5}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
hb=$(for i in $(seq "$rounds"); do
	hackbench -g 4 -f 10 -l 200 2>&1 | awk '/^Time:/ { print $2 }'
done | median)
sw=$(for i in $(seq "$rounds"); do
	# the "bogo ops/s (real time)" column of the switch line
	stress-ng --switch 2 -t 5s --metrics-brief 2>&1 |
		awk '{ for (i = 1; i < NF; i++) if ($i == "switch" && $(i + 1) ~ /^[0-9]+$/) { print $(i + 5); exit } }'
done | median)
[ -n "$hb" ] && [ -n "$sw" ] || fail "hackbench or stress-ng printed nothing"
echo "hackbench_seconds=$hb switch_ops_per_second=$sw module_enabled=$(enabled && echo 1 || echo 0)"
pass "hackbench ${hb} s, stress-ng switch ${sw} ops/s"
