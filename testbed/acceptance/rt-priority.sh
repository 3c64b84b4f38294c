#!/bin/bash
# chrt -f gives a task SCHED_FIFO at the asked priority and it runs.
NAME="chrt -f"
. "$(dirname "$0")/lib.sh"
chrt -f 42 sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done' & pid=$!
sleep 0.2
pol=$(chrt -p "$pid" 2>/dev/null | tr '\n' ' ')
wait "$pid" || fail "the FIFO task failed"
case "$pol" in *SCHED_FIFO*42*) pass "$pol" ;; *) fail "policy was: $pol" ;; esac
