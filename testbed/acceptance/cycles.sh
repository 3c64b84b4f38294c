#!/bin/bash
# N disable/enable cycles of the loaded module while stress-ng runs a scheduler-heavy mix and
# SLEEPERS threads sleep; the number of threads alive is the same before and after.
# usage: cycles.sh N SLEEPERS
NAME="load/unload cycles"
. "$(dirname "$0")/lib.sh"
n=${1:-20}; s=${2:-2000}
enabled || fail "module $MOD is not enabled"
"$(dirname "$0")/sleepers" "$s" > /tmp/sleepers.log 2>&1 & sp=$!
for i in $(seq 50); do grep -q threads /tmp/sleepers.log && break; sleep 0.2; done
grep -q "sleepers: $s threads" /tmp/sleepers.log || fail "$(cat /tmp/sleepers.log)"
# --schedpolicy moves its workers through SCHED_OTHER, BATCH, IDLE, FIFO, RR and DEADLINE (the
# stress-ng option --sched only sets the policy of the other stressors). Not --affinity: its
# tasks wait inside the module's affine_move_task() for a migration that the stop_machine
# itself holds up, so an unload is busy for as long as it runs (docs/runtime.md).
setsid stress-ng --cpu 2 --switch 2 --yield 2 --fork 2 --schedpolicy 2 -t 600s \
	> /tmp/stress.log 2>&1 < /dev/null &
sleep 3
before=$(ls -d /proc/[0-9]*/task/* 2>/dev/null | grep -c "^/proc/$sp/")
busy=0
for i in $(seq "$n"); do
	for v in 0 1; do
		tries=0
		until echo $v > "$ENABLE" 2>/dev/null; do
			tries=$((tries+1)); busy=$((busy+1))
			[ $tries -lt 100 ] || { pkill -f stress-ng; kill $sp; fail "cycle $i: enable=$v stayed busy"; }
			sleep 0.1
		done
	done
done
after=$(ls -d /proc/[0-9]*/task/* 2>/dev/null | grep -c "^/proc/$sp/")
pkill -f stress-ng; kill "$sp"; wait 2>/dev/null
enabled || fail "module not enabled at the end"
[ "$before" = "$after" ] || fail "sleeper threads before $before, after $after"
pass "$n cycles, $busy busy retries, $after sleeper threads before and after"
