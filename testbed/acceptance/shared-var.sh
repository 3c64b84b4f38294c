#!/bin/bash
# A shared scheduler variable keeps its value across load and unload, and the module's and
# vmlinux's views agree: min_granularity_ns is vmlinux's debugfs view of
# sysctl_sched_min_granularity; sched/debug (the module's while it is loaded) prints it too.
# usage: shared-var.sh set VALUE | check VALUE
NAME="shared variable (${1} ${2})"
. "$(dirname "$0")/lib.sh"
f=/sys/kernel/debug/sched/min_granularity_ns
case "$1" in
set) echo "$2" > $f; pass "set to $(cat $f)" ;;
check)
	v=$(cat $f); [ "$v" = "$2" ] || fail "vmlinux's view is $v"
	d=$(awk '/sysctl_sched_min_granularity/ {print $NF; exit}' /sys/kernel/debug/sched/debug)
	want=$(awk -v v="$2" 'BEGIN { printf "%d.%06d", v / 1000000, v % 1000000 }')
	[ "$d" = "$want" ] || fail "sched/debug shows $d, vmlinux's variable holds $want ms"
	pass "vmlinux's view $v ns, sched/debug $d ms" ;;
*) fail "usage: $0 set|check VALUE" ;;
esac
