#!/bin/bash
# Starts memory pressure for a while (the caller loads the module meanwhile).
# usage: mem-pressure.sh start|stop
NAME="memory pressure"
. "$(dirname "$0")/lib.sh"
case "$1" in
start) setsid stress-ng --vm 2 --vm-bytes 70% --vm-keep -t 120s >/dev/null 2>&1 < /dev/null &
       sleep 3; pgrep -f "stress-ng --vm" >/dev/null || fail "stress-ng did not start"; pass "started" ;;
stop) pkill -f "stress-ng --vm"; pass "stopped" ;;
esac
