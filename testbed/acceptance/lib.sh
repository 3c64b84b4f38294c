# Helpers for the acceptance checks run on the test VM (bash, as root).
# Each check prints "PASS <name>: <detail>" or "FAIL <name>: <detail>" and exits 0/1.
MOD=${FOOSCHED_MODULE:-scheduler}
ENABLE=/sys/kernel/foosched/$MOD/enable
CG=/sys/fs/cgroup

pass() { echo "PASS $NAME: $*"; exit 0; }
fail() { echo "FAIL $NAME: $*"; exit 1; }
enabled() { [ -r "$ENABLE" ] && [ "$(cat "$ENABLE")" = 1 ]; }
busy_loop() { sh -c 'while :; do :; done' >/dev/null 2>&1 < /dev/null & echo $!; }
# CPU time (usec) a cgroup used over $2 seconds
cg_usage() {
	local a b
	a=$(awk '/^usage_usec/ {print $2}' "$1/cpu.stat"); sleep "$2"
	b=$(awk '/^usage_usec/ {print $2}' "$1/cpu.stat"); echo $(( b - a ))
}
# kill a busy loop (not our child: it was started in a command substitution) and wait for it
stop_loop() { kill "$@" 2>/dev/null; for p in "$@"; do while kill -0 "$p" 2>/dev/null; do sleep 0.05; done; done; }
