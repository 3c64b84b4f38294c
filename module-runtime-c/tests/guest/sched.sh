# The real scheduler module (foosched build of Debian's 6.1 scheduler) on Debian's
# real kernel (run as /t/sched.sh by the guest's init, fstest=sched).
# /t holds scheduler.ko + scheduler.list (the plain build), scheduler_qs.ko +
# scheduler_qs.list (the seed's Quick Start edit: a FOOSCHED_TEST feature and a
# printk_once in __schedule), schedtool, foosched-resolve, and the DEB's payload
# under /usr/lib/foosched/scheduler.  Every check name must report PASS
# (run-sched-e2e.sh enforces it).
. /t/lib.sh
M=scheduler
CYCLES=${CYCLES:-20}
SLEEPERS=${SLEEPERS:-500}
F=/sys/kernel/debug/sched/features
NCPU=$(grep -c ^processor /proc/cpuinfo)

sres() {	# sres NAME: /t/NAME.ko resolved with /t/NAME.list -> /tmp/NAME.ko
	$T/foosched-resolve -k /proc/kallsyms -l $T/$1.list -o /tmp/$1.ko $T/$1.ko
}
sload() { insmod /tmp/$1.ko 2>/tmp/insmod.err; }
threads() { $T/schedtool userthreads; }
# counter FILE: the number a load generator last wrote there (it truncates and rewrites the file)
counter() {
	for _ in 1 2 3 4 5; do
		v=$(cat $1 2>/dev/null)
		case "$v" in ''|*[!0-9]*) sleep 0.1 ;; *) echo $v; return ;; esac
	done
	echo 0
}
# progresses FILE SECONDS: the number in FILE grows within SECONDS
progresses() {
	a=$(counter $1)
	sleep $2
	b=$(counter $1)
	[ "$b" -gt "$a" ]
}
# switch V: write V to enable, retrying while the stack check says busy; sets SWITCH_TRIES
switch() {
	SWITCH_TRIES=0
	until write $1 $S/$M/enable; do
		grep -q "resource busy" /tmp/write.err || return 1
		SWITCH_TRIES=$((SWITCH_TRIES + 1))
		[ $SWITCH_TRIES -lt 20 ] || return 1
		sleep 1
	done
}
# unload: disable (retrying on busy) and rmmod
unload() { switch 0 && rmmod $M; }
metric_lines_ok() {	# metric_lines_ok load|unload: the seed's six lines, numbers non-zero
	ok=1
	for re in "$M $1: current cpu number is +$NCPU\$" \
		"$M $1: current thread number is +[1-9][0-9]+\$" \
		"$M $1: stop machine time is +[1-9][0-9]* ns" \
		"$M $1: stop handler time is +[1-9][0-9]* ns" \
		"$M $1: stack check time is +[1-9][0-9]* ns" \
		"$M $1: all the time is +[1-9][0-9]* ns"; do
		since_mark | grep -Eq "\] $re" || { echo "missing: $re"; ok=0; }
	done
	[ $ok = 1 ]
}

start_load() {
	( i=0; while :; do i=$((i + 1)); [ $((i % 200)) = 0 ] && echo $i > /tmp/spin; done ) & SPIN=$!
	$T/schedtool pingpong /tmp/pingpong & PINGPONG=$!
	yes > /dev/null & YES=$!
	$T/schedtool threads 50 2000 > /tmp/wakers.out & WAKERS=$!
	$T/schedtool threads $SLEEPERS > /tmp/sleepers.out & SLEEPING=$!
	n=0
	while [ $n -lt 60 ] && ! grep -q "^ready" /tmp/sleepers.out; do sleep 1; n=$((n + 1)); done
	# the long-lived threads, counted before the short-lived sleep(1) processes start
	THREADS0=$(threads)
	start_napper
}
# a shell that forks a short sleep every 50 ms: new tasks and wakeups all the time
start_napper() { ( while :; do sleep 0.05; done ) & NAPPER=$!; }
stop_napper() { kill $NAPPER 2>/dev/null; wait $NAPPER 2>/dev/null; sleep 1; }
sleepers() { sed -n 's/^Threads:[[:space:]]*//p' /proc/$SLEEPING/status; }
stop_load() {
	kill $SPIN $PINGPONG $YES $WAKERS $SLEEPING $NAPPER 2>/dev/null
	wait $SPIN $PINGPONG $YES $WAKERS $SLEEPING $NAPPER 2>/dev/null
	# pingpong's child dies on the broken pipe
	sleep 1
}

# ---------------------------------------------------------------- load
sec_load() {
	FEAT0=$(cat $F)
	# opened before the load: vmlinux's seq_operations, valid whatever happens to the module
	exec 5< /proc/schedstat
	check sched.resolve 'foosched-resolve failed' sres $M
	check sched.resolve_qs 'foosched-resolve failed on the Quick Start module' sres scheduler_qs
	start_load
	metric user_threads_with_load=$THREADS0 all_threads=$($T/schedtool threadcount) sleepers=$(sleepers)
	mark
	check sched.insmod 'insmod failed: $(insmod_err); $(since_mark | tail -5)' sload $M
	since_mark | grep -E "Hi,|$M" | tee /tmp/load.log
	check sched.hello 'no greeting' log_has "Hi, $M mod is installing!"
	check sched.init_time 'no init time line' eval 'since_mark | grep -Eq "\] $M: total initialization time is +[1-9][0-9]* ns"'
	check sched.load_metrics 'a load metric line is missing' metric_lines_ok load
	check sched.rebuilt 'no rebuild line or inconsistent: $(since_mark | grep rebuilt)' \
		eval 'since_mark | grep -Eq "$M: load: rebuilt [0-9]+ queued tasks on $NCPU CPUs, run queues consistent"'
	check sched.enabled 'enable reads $(cat $S/$M/enable)' enabled $M
	check sched.features_served 'features: $(cat $F)' [ "$(cat $F)" = "$FEAT0" ]
	check sched.schedstat 'schedstat: $(head -2 /proc/schedstat)' grep -q "^version 15" /proc/schedstat
	check sched.sched_debug 'sched/debug: $(head -2 /sys/kernel/debug/sched/debug)' \
		grep -q "^Sched Debug Version" /sys/kernel/debug/sched/debug
	check sched.switches 'pingpong stalled at $(counter /tmp/pingpong)' progresses /tmp/pingpong 5
	check sched.cpu_bound_runs 'spinner stalled at $(counter /tmp/spin)' progresses /tmp/spin 3
	t0=$(date +%s)
	sleep 2
	dt=$(( $(date +%s) - t0 ))
	check sched.sleep_wakes 'sleep 2 took $dt s' [ $dt -ge 2 -a $dt -le 6 ]
	check sched.fork_exec 'cannot run a new process' eval '[ "$(echo ok | cat)" = ok ]'
}

# ---------------------------------------------------------------- files held by module objects
sec_files() {
	exec 3< /sys/kernel/debug/sched/debug
	read -r first <&3
	mark
	check files.unload_refused_while_open 'disable with sched/debug open: $(write_err)' not write 0 $S/$M/enable
	check files.refusal_named 'no message about the open file: $(since_mark | tail -3)' log_has "open file(s)"
	check files.still_enabled 'enable reads $(cat $S/$M/enable)' enabled $M
	exec 3<&-
	check files.unload_after_close 'disable after closing: $(write_err)' switch 0
	check files.reenable 'enable again: $(write_err)' switch 1
	# /proc/schedstat opened while the module serves it
	exec 4< /proc/schedstat
	read -r first <&4
	check files.module_schedstat_refuses 'disable with /proc/schedstat open: $(write_err)' not write 0 $S/$M/enable
	exec 4<&-
}

# ---------------------------------------------------------------- RT and bandwidth across a switch
sec_classes() {
	$T/schedtool rtspin 10 600 & RT=$!
	mkdir -p /sys/fs/cgroup
	mount -t cgroup2 none /sys/fs/cgroup 2>/dev/null
	echo +cpu > /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	mkdir -p /sys/fs/cgroup/capped
	echo "10000 100000" > /sys/fs/cgroup/capped/cpu.max
	( i=0; while :; do i=$((i + 1)); [ $((i % 200)) = 0 ] && echo $i > /tmp/capped; done ) & CAPPED=$!
	echo $CAPPED > /sys/fs/cgroup/capped/cgroup.procs
	sleep 2
	thr0=$(sed -n 's/^nr_throttled //p' /sys/fs/cgroup/capped/cpu.stat)
	check classes.disable_with_rt_and_quota 'disable: $(write_err)' switch 0
	check classes.enable_with_rt_and_quota 'enable: $(write_err)' switch 1
	sleep 2
	thr1=$(sed -n 's/^nr_throttled //p' /sys/fs/cgroup/capped/cpu.stat)
	metric nr_throttled_before=$thr0 nr_throttled_after=$thr1
	check classes.quota_still_throttles 'nr_throttled $thr0 -> $thr1' [ "$thr1" -gt "$thr0" ]
	check classes.capped_task_runs 'capped spinner stalled at $(counter /tmp/capped)' progresses /tmp/capped 3
	check classes.rt_task_alive 'the SCHED_FIFO task died' kill -0 $RT
	kill $CAPPED $RT 2>/dev/null
	wait $CAPPED $RT 2>/dev/null
}

# ---------------------------------------------------------------- CPU hotplug with the module live
cpu1() { cat /sys/devices/system/cpu/cpu1/online; }
sec_hotplug() {
	if [ ! -w /sys/devices/system/cpu/cpu1/online ]; then
		fail hotplug.possible "cpu1 cannot be taken offline in this guest"
		return
	fi
	mark
	check hotplug.offline_by_module 'offlining cpu1 failed' write 0 /sys/devices/system/cpu/cpu1/online
	check hotplug.cpu1_offline 'cpu1 online reads $(cpu1)' [ "$(cpu1)" = 0 ]
	check hotplug.disable_with_cpu_offline 'disable: $(write_err)' switch 0
	check hotplug.one_cpu_rebuilt 'rebuild line: $(since_mark | grep rebuilt)' \
		eval 'since_mark | grep -Eq "$M: unload: rebuilt [0-9]+ queued tasks on 1 CPUs, run queues consistent"'
	check hotplug.enable_with_cpu_offline 'enable: $(write_err)' switch 1
	check hotplug.online_by_module 'onlining cpu1 failed' write 1 /sys/devices/system/cpu/cpu1/online
	check hotplug.cpu1_online 'cpu1 online reads $(cpu1)' [ "$(cpu1)" = 1 ]
	check hotplug.still_schedules 'pingpong stalled at $(counter /tmp/pingpong)' progresses /tmp/pingpong 3
	check hotplug.both_cpus_used 'cpu1 ran nothing after onlining' eval \
		'a=$(awk "/^cpu1 /{print \$2+\$4}" /proc/stat); sleep 2; b=$(awk "/^cpu1 /{print \$2+\$4}" /proc/stat); [ $b -gt $a ]'
}

# ---------------------------------------------------------------- unload
sec_unload() {
	mark
	check unload.disable 'disable: $(write_err)' switch 0
	check unload.metrics 'an unload metric line is missing' metric_lines_ok unload
	check unload.rebuilt 'no rebuild line: $(since_mark | grep rebuilt)' \
		eval 'since_mark | grep -Eq "$M: unload: rebuilt [0-9]+ queued tasks on $NCPU CPUs, run queues consistent"'
	check unload.rmmod 'rmmod failed' rmmod $M
	check unload.bye 'no goodbye' log_has "Bye, $M mod has be removed!"
	check unload.features_back 'features: $(cat $F)' [ "$(cat $F)" = "$FEAT0" ]
	check unload.still_schedules 'pingpong stalled at $(counter /tmp/pingpong)' progresses /tmp/pingpong 3
	check unload.old_file_readable 'reading /proc/schedstat opened before the load failed' eval 'head -1 <&5 | grep -q .'
	exec 5<&-
}

# ---------------------------------------------------------------- cycles under load
sec_cycles() {
	n=0 bad=0 busy=0
	while [ $n -lt $CYCLES ]; do
		if ! sload $M; then
			if grep -q "resource busy" /tmp/insmod.err; then
				busy=$((busy + 1)); sleep 1; continue
			fi
			bad=$((bad + 1)); echo "cycle $n: insmod: $(insmod_err)"; break
		fi
		sleep 1
		if switch 0; then busy=$((busy + SWITCH_TRIES)); else bad=$((bad + 1)); echo "cycle $n: disable: $(write_err)"; break; fi
		rmmod $M || { bad=$((bad + 1)); break; }
		n=$((n + 1))
	done
	metric cycles=$n busy_retries=$busy
	check cycles.all_done '$bad failures after $n cycles' [ $bad = 0 -a $n = $CYCLES ]
	check cycles.still_schedules 'pingpong stalled at $(counter /tmp/pingpong)' progresses /tmp/pingpong 3
	stop_napper
	metric all_threads_after_cycles=$($T/schedtool threadcount)
	check cycles.threads_kept 'user threads $(threads), expected $THREADS0' [ "$(threads)" = "$THREADS0" ]
	check cycles.sleepers_kept 'the sleeping process has $(sleepers) threads, expected $((SLEEPERS + 1))' \
		[ "$(sleepers)" = $((SLEEPERS + 1)) ]
	stop_load
}

# ---------------------------------------------------------------- the seed's Quick Start
sec_quickstart() {
	mark
	check quickstart.insmod 'insmod: $(insmod_err)' sload scheduler_qs
	check quickstart.feature_listed 'features: $(cat $F)' eval 'cat $F | tr " " "\n" | grep -qx NO_FOOSCHED_TEST'
	check quickstart.feature_switched 'writing FOOSCHED_TEST: $(write_err)' write FOOSCHED_TEST $F
	check quickstart.feature_on 'features: $(cat $F)' eval 'cat $F | tr " " "\n" | grep -qx FOOSCHED_TEST'
	sleep 1
	check quickstart.new_scheduler_speaks 'no line from __schedule: $(since_mark | tail -3)' \
		log_has "I am the new scheduler: __schedule"
	since_mark | grep "I am the new scheduler"
	check quickstart.unload 'disable: $(write_err)' switch 0
	check quickstart.rmmod 'rmmod failed' rmmod $M
	check quickstart.feature_gone 'features: $(cat $F)' eval '! grep -q FOOSCHED_TEST $F'
	check quickstart.vmlinux_features_back 'features: $(cat $F)' [ "$(cat $F)" = "$FEAT0" ]
}

# ---------------------------------------------------------------- the package's installer
sec_installer() {
	PK=/usr/lib/foosched/$M
	if [ ! -x $PK/installer ]; then
		fail installer.present "no package payload in $PK"
		return
	fi
	mark
	$PK/installer install $PK > /tmp/inst.out 2>&1
	rc=$?
	cat /tmp/inst.out
	check installer.install 'exit $rc: $(tail -3 /tmp/inst.out)' [ $rc = 0 ]
	check installer.prints_metrics 'no load metrics in its output' grep -q "$M load: stop machine time is" /tmp/inst.out
	check installer.enabled 'enable reads $(cat $S/$M/enable 2>&1)' enabled $M
	$PK/installer remove $PK > /tmp/inst.out 2>&1
	rc=$?
	cat /tmp/inst.out
	check installer.remove 'exit $rc: $(tail -3 /tmp/inst.out)' [ $rc = 0 ]
	check installer.unloaded 'still loaded' not loaded $M
}

# ---------------------------------------------------------------- the end
sec_final() {
	dmesg | grep -E "BUG:|Oops|WARNING:|general protection|RIP:|Call Trace|rcu: INFO|detected stalls|blocked for more than|soft lockup|hard LOCKUP" > /tmp/bad.log
	cat /tmp/bad.log
	check final.kernel_log_clean '$(head -3 /tmp/bad.log)' [ ! -s /tmp/bad.log ]
	check final.nothing_loaded '$(lsmod)' not loaded $M
}

for s in load files classes hotplug unload cycles quickstart installer final; do
	echo "==== $s"
	sec_$s
done
echo "FSTEST DONE failures=$nfail"
