# Helpers of the guest scenarios: every check prints one line the host parses:
#   FSTEST PASS <name>
#   FSTEST FAIL <name>: <what was wrong>
#   FSTEST METRIC <key>=<value> ...
T=/t
S=/sys/kernel/foosched
TR=/sys/kernel/tracing
M=foosched_selftest
MARK="[$M]"
nfail=0

not() { ! "$@"; }
pass() { echo "FSTEST PASS $1"; }
fail() { echo "FSTEST FAIL $1: $2"; nfail=$((nfail + 1)); }
metric() { echo "FSTEST METRIC $*"; }
# check NAME DETAIL COMMAND...: pass when COMMAND succeeds; DETAIL (usually
# single-quoted) is expanded only on failure, so it shows the state after COMMAND
check() {
	name=$1 detail=$2
	shift 2
	if "$@"; then pass "$name"; else fail "$name" "$(eval "echo \"$detail\"")"; fi
}

# write VALUE FILE: like echo > FILE, but the error text keeps errno (dd reports it)
write() { echo "$1" | dd of="$2" 2>/tmp/write.err; }
write_err() { cat /tmp/write.err; }

resolve() {	# resolve MODULE: /t/MODULE.ko -> /tmp/MODULE.ko
	$T/foosched-resolve -k /proc/kallsyms -l $T/resolve.list -o /tmp/$1.ko $T/$1.ko
}
load() { insmod /tmp/$1.ko 2>/tmp/insmod.err; }
insmod_err() { cat /tmp/insmod.err; }
loaded() { [ -d /sys/module/$1 ]; }
enabled() { [ "$(cat $S/$1/enable 2>/dev/null)" = 1 ]; }

# the patch sites of the self-test's functions, read from /proc/kcore
FUNCS="cmdline_proc_show enabled_show,2 rb_simple_read __x64_sys_pause"
bytes() { for f in $FUNCS; do echo "$f $($T/fstool peek $f 10)"; done; }

# kernel log since a mark: mark; ...; since_mark
mark() { dmesg | wc -l > /tmp/mark; }
since_mark() { dmesg | tail -n +$(( $(cat /tmp/mark) + 1 )); }
log_has() { since_mark | grep -q -- "$1"; }

cmdline_is_orig() { [ "$(cat /proc/cmdline)" = "$ORIG" ]; }
cmdline_is_mod() { [ "$(cat /proc/cmdline)" = "$MARK $ORIG" ]; }

unchanged() {	# nothing of the self-test is live: original output, original bytes, not loaded
	cmdline_is_orig && [ "$(bytes)" = "$BYTES0" ] && ! loaded $M
}

# a task sleeping in pause(2); sets BLOCKER
start_blocker() { $T/fstool pause & BLOCKER=$!; sleep 1; }
stop_blocker() { kill $BLOCKER 2>/dev/null; wait $BLOCKER 2>/dev/null; BLOCKER=; }

tracer_reset() {
	echo nop > $TR/current_tracer
	echo > $TR/set_ftrace_filter
	[ -e $TR/events/kprobes/enable ] && echo 0 > $TR/events/kprobes/enable
	echo > $TR/kprobe_events
	echo > $TR/trace
	echo 1 > $TR/tracing_on
}
