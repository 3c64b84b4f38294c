#!/bin/bash
# CPU hotplug keeps the scheduler working: offline CPU 1, tasks still run, sched domains are
# rebuilt; online it again and it takes work.
NAME="cpu hotplug"
. "$(dirname "$0")/lib.sh"
[ -w /sys/devices/system/cpu/cpu1/online ] || pass "no hotpluggable CPU 1"
echo 0 > /sys/devices/system/cpu/cpu1/online || fail "cannot offline CPU 1"
sleep 0.5
pid=$(busy_loop); sleep 1
on=$(awk '{print $39}' /proc/$pid/stat)
stop_loop "$pid"
echo 1 > /sys/devices/system/cpu/cpu1/online || fail "cannot online CPU 1"
sleep 1
p1=$(busy_loop); p2=$(busy_loop)
for i in $(seq 40); do	# the load balancer spreads them within a few seconds
	sleep 0.25
	c1=$(awk '{print $39}' /proc/$p1/stat); c2=$(awk '{print $39}' /proc/$p2/stat)
	[ "$c1" != "$c2" ] && break
done
stop_loop "$p1" "$p2"
[ "$on" = 0 ] || fail "with CPU 1 offline a task ran on CPU $on"
[ -d /sys/kernel/debug/sched/domains/cpu1 ] || fail "no sched domains for CPU 1 after onlining it"
[ "$c1" != "$c2" ] || fail "two busy loops share CPU $c1 after onlining CPU 1"
pass "offline: task on CPU 0; online: loops on CPUs $c1 and $c2, domains rebuilt"
