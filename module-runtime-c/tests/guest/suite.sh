# The runtime's checks on Debian's real kernel (run as /t/suite.sh by the guest's init).
# Every check's name is listed in tests/expected-checks.txt; the host fails the
# run when one is missing or failed.
. /t/lib.sh

ORIG=$(cat /proc/cmdline)
BYTES0=$(bytes)
NCPU=$(grep -c ^processor /proc/cpuinfo)
echo "initial patch sites:"
echo "$BYTES0"

# ---------------------------------------------------------------- resolver
sec_resolver() {
	ok=1
	for m in $M foosched_selftest2 foosched_st_jl foosched_st_jlk foosched_st_bad foosched_st_allow; do
		resolve $m || ok=0
	done
	check resolver.resolves_modules 'foosched-resolve failed on a module' [ $ok = 1 ]

	rq=$(grep ' runqueues$' /proc/kallsyms)
	echo "kallsyms: $rq"
	metric kallsyms_runqueues="'$rq'"
	set -- $rq
	check resolver.percpu_is_offset 'runqueues shows as \"$rq\", expected a small absolute (A) value' \
		[ "$2" = A -a "$(printf %d 0x$1)" -lt 1048576 ]

	$T/foosched-resolve -k /proc/kallsyms -l $T/badsyms.list -o /tmp/badsyms.o $T/badsyms.o 2>/tmp/res.err
	rc=$?
	cat /tmp/res.err
	check resolver.error_exit 'exit status $rc, expected 1' [ $rc = 1 ]
	check resolver.unresolvable_named 'no message naming no_such_symbol_foosched' \
		grep -q "foosched.vmlinux.0.no_such_symbol_foosched: vmlinux has no symbol no_such_symbol_foosched" /tmp/res.err
	check resolver.ambiguous_named 'no message naming the ambiguous enabled_show' \
		grep -q "foosched.vmlinux.0.enabled_show: enabled_show is ambiguous: vmlinux has 5 symbols" /tmp/res.err
	check resolver.sympos_out_of_range 'no message about sympos 9' \
		grep -q "vmlinux has only 5 symbol(s) named enabled_show, not sympos 9" /tmp/res.err
	check resolver.list_symbol_named 'no message naming the listed missing symbol' \
		grep -q "another_missing_symbol_foosched: vmlinux has no symbol another_missing_symbol_foosched" /tmp/res.err
	check resolver.nothing_written 'an output was written despite the errors' [ ! -e /tmp/badsyms.o ]
}

# ---------------------------------------------------------------- load
sec_load() {
	mark
	softirqs_before=$(grep 'TIMER:' /proc/softirqs)
	check load.insmod 'insmod failed: $(insmod_err)' load $M
	check load.cmdline_redirected '/proc/cmdline: \"$(cat /proc/cmdline)\"' cmdline_is_mod
	check load.sympos_static_redirected 'THP enabled: \"$(cat /sys/kernel/mm/transparent_hugepage/enabled)\"' \
		grep -qF "$MARK" /sys/kernel/mm/transparent_hugepage/enabled
	check load.notrace_redirected 'tracing_on: \"$(cat $TR/tracing_on)\"' [ "$(cat $TR/tracing_on)" = "1 $MARK" ]
	echo "patch sites while enabled:"
	bytes
	check load.fentry_kept 'cmdline_proc_show: $($T/fstool peek cmdline_proc_show 6)' \
		[ "$($T/fstool peek cmdline_proc_show 6)" = "0f 1f 44 00 00 e9" ]
	check load.notrace_jump_at_entry 'rb_simple_read: $($T/fstool peek rb_simple_read 1)' \
		[ "$($T/fstool peek rb_simple_read 1)" = e9 ]

	since_mark | grep -E "Hi,|$M" > /tmp/load.log
	cat /tmp/load.log
	ok=1
	for re in "Hi, $M mod is installing!" \
		"$M: total initialization time is +[1-9][0-9]* ns" \
		"$M module is loading" \
		"$M load: current cpu number is +$NCPU\$" \
		"$M load: current thread number is +[1-9][0-9]+\$" \
		"$M load: stop machine time is +[1-9][0-9]* ns" \
		"$M load: stop handler time is +[1-9][0-9]* ns" \
		"$M load: stack check time is +[1-9][0-9]* ns" \
		"$M load: all the time is +[1-9][0-9]* ns"; do
		grep -Eq "\] $re" /tmp/load.log || { echo "missing: $re"; ok=0; }
	done
	check load.metric_lines 'a metric line is missing or malformed' [ $ok = 1 ]
	# numbers end in the same column, as in the seed's lines
	cols=$(grep -E "\] $M load: " /tmp/load.log | sed 's/ ns$//' | awk '{ print length($0) }' | sort -u | wc -l)
	check load.metric_alignment 'load lines end in $cols different columns' [ "$cols" = 1 ]
	sm=$(sed -n "s/.*$M load: stop machine time is *\([0-9]*\) ns/\1/p" /tmp/load.log)
	sh=$(sed -n "s/.*$M load: stop handler time is *\([0-9]*\) ns/\1/p" /tmp/load.log)
	sc=$(sed -n "s/.*$M load: stack check time is *\([0-9]*\) ns/\1/p" /tmp/load.log)
	al=$(sed -n "s/.*$M load: all the time is *\([0-9]*\) ns/\1/p" /tmp/load.log)
	check load.metric_values_sane 'stack $sc <= handler $sh <= stop machine $sm <= all $al violated' \
		[ "$sc" -le "$sh" -a "$sh" -le "$sm" -a "$sm" -le "$al" ]

	fl=$(ls $S/$M/functions | tr '\n' ' ')
	check load.sysfs_functions 'functions: $fl' \
		[ "$fl" = "__x64_sys_pause,0 cmdline_proc_show,0 enabled_show,2 rb_simple_read,0 " ]
	check load.sysfs_function_state '$(cat $S/$M/functions/*)' \
		[ "$(cat $S/$M/functions/cmdline_proc_show,0)" = "offset=5 redirected=1" -a \
		  "$(cat $S/$M/functions/rb_simple_read,0)" = "offset=0 redirected=1" ]
	check load.sysfs_enable 'enable reads \"$(cat $S/$M/enable)\"' enabled $M
	check load.module_reference 'refcnt $(cat /sys/module/$M/refcnt)' [ "$(cat /sys/module/$M/refcnt)" = 1 ]
	hooks=$(cat /sys/kernel/debug/$M/hooks)
	check load.hooks_on_every_cpu 'hooks: $hooks' \
		[ "$hooks" = "prepare=1 before=$NCPU master=1 after=$NCPU finish=1" ]

	cat /sys/kernel/debug/$M/percpu > /tmp/percpu
	softirqs_after=$(grep 'TIMER:' /proc/softirqs)
	cat /tmp/percpu
	echo "softirqs before: $softirqs_before"
	echo "softirqs after:  $softirqs_after"
	check load.percpu_export_matches '$(head -1 /tmp/percpu)' grep -qx "kstat_offset_matches_export=1" /tmp/percpu
	check load.percpu_rq_curr '$(sed -n 2p /tmp/percpu)' grep -qx "rq_curr_is_reader=1" /tmp/percpu
	ok=1 cpu=0
	while [ $cpu -lt $NCPU ]; do
		set -- $softirqs_before
		eval "lo=\${$((cpu + 2))}"
		set -- $softirqs_after
		eval "hi=\${$((cpu + 2))}"
		v=$(sed -n "s/^cpu$cpu rq_cpu=$cpu timer_softirqs=\([0-9]*\)$/\1/p" /tmp/percpu)
		[ -n "$v" ] && [ "$v" -ge "$lo" ] && [ "$v" -le "$hi" ] || { echo "cpu$cpu: $v not in [$lo, $hi]"; ok=0; }
		cpu=$((cpu + 1))
	done
	check load.percpu_values_match_kernel 'per-cpu values disagree with /proc/softirqs or rq->cpu' [ $ok = 1 ]
}

# ---------------------------------------------------------------- ftrace while enabled
sec_ftrace() {
	mark
	tracer_reset
	echo cmdline_proc_show > $TR/set_ftrace_filter
	echo function > $TR/current_tracer
	out=$(cat /proc/cmdline)
	echo 0 > $TR/tracing_on		# keep the buffer: changing the tracer clears it
	grep cmdline_proc_show $TR/trace | head -3
	check ftrace.traces_redirected_function 'no cmdline_proc_show in the trace' grep -q ' cmdline_proc_show <-' $TR/trace
	check ftrace.module_still_runs '/proc/cmdline while traced: \"$out\"' [ "$out" = "$MARK $ORIG" ]
	hooked=$($T/fstool peek cmdline_proc_show 6)
	echo "while traced: $hooked"
	check ftrace.hook_and_jump_coexist 'cmdline_proc_show while traced: $hooked' \
		eval 'case "$hooked" in "e8 "*" e9") true ;; *) false ;; esac'
	echo nop > $TR/current_tracer
	check ftrace.fentry_free_after 'cmdline_proc_show: $($T/fstool peek cmdline_proc_show 6)' \
		[ "$($T/fstool peek cmdline_proc_show 6)" = "0f 1f 44 00 00 e9" ]

	tracer_reset
	echo meminfo_proc_show > $TR/set_ftrace_filter
	echo function > $TR/current_tracer
	cat /proc/meminfo > /dev/null
	echo 0 > $TR/tracing_on
	grep meminfo_proc_show $TR/trace | head -1
	check ftrace.other_function 'no meminfo_proc_show in the trace' grep -q ' meminfo_proc_show <-' $TR/trace

	tracer_reset
	echo 'p:fsprobe cmdline_proc_show' > $TR/kprobe_events
	echo 1 > $TR/events/kprobes/fsprobe/enable
	out=$(cat /proc/cmdline)
	echo 0 > $TR/events/kprobes/fsprobe/enable
	grep fsprobe $TR/trace | head -2
	check ftrace.kprobe_on_redirected 'no fsprobe hit in the trace' grep -q 'fsprobe: (cmdline_proc_show' $TR/trace
	check ftrace.module_runs_under_kprobe '/proc/cmdline under kprobe: \"$out\"' [ "$out" = "$MARK $ORIG" ]
	tracer_reset

	since_mark | grep -iE "ftrace|kprobe" > /tmp/ftrace.log
	cat /tmp/ftrace.log
	check ftrace.no_ftrace_bug 'ftrace complained: $(head -3 /tmp/ftrace.log)' \
		not grep -qiE "ftrace_bug|ftrace failed|ftrace faulted|failed to" /tmp/ftrace.log
}

# ---------------------------------------------------------------- another foosched module
sec_second() {
	mark
	check conflict.second_module_refused 'foosched_selftest2 loaded' not load foosched_selftest2
	insmod_err
	since_mark | grep foosched_selftest2
	check conflict.names_function_and_module 'no message naming cmdline_proc_show and foosched_selftest' \
		log_has "foosched_selftest2: cmdline_proc_show,0: the patch site at +5 holds e9 .*\[module foosched_selftest\]"
	check conflict.first_untouched 'first module changed: $(cat /proc/cmdline)' cmdline_is_mod
	check conflict.no_second_sysfs '$(ls $S)' [ "$(ls $S)" = "$M" ]
}

# ---------------------------------------------------------------- rmmod, disable
sec_unload() {
	mark
	check unload.rmmod_refused 'rmmod succeeded while enabled' not rmmod $M 2>/tmp/rmmod.err
	cat /tmp/rmmod.err
	check unload.still_enabled_after_rmmod 'not loaded/enabled or output changed' eval "loaded $M && enabled $M && cmdline_is_mod"
	check unload.disable 'writing 0 failed: $(write_err)' write 0 $S/$M/enable
	check unload.disabled_state 'enable reads $(cat $S/$M/enable)' [ "$(cat $S/$M/enable)" = 0 ]
	check unload.original_behaviour '/proc/cmdline: $(cat /proc/cmdline)' cmdline_is_orig
	check unload.original_notrace 'tracing_on: $(cat $TR/tracing_on)' [ "$(cat $TR/tracing_on)" = 1 ]
	check unload.bytes_restored 'patch sites differ: $(bytes)' [ "$(bytes)" = "$BYTES0" ]
	check unload.sysfs_state '$(cat $S/$M/functions/cmdline_proc_show,0)' \
		[ "$(cat $S/$M/functions/cmdline_proc_show,0)" = "offset=5 redirected=0" ]
	check unload.reference_dropped 'refcnt $(cat /sys/module/$M/refcnt)' [ "$(cat /sys/module/$M/refcnt)" = 0 ]
	ok=1
	for re in "$M module is unloading" "$M unload: current cpu number is +$NCPU\$" \
		"$M unload: stop machine time is +[1-9][0-9]* ns" "$M unload: all the time is +[1-9][0-9]* ns"; do
		since_mark | grep -Eq "\] $re" || { echo "missing: $re"; ok=0; }
	done
	check unload.metric_lines 'unload metric lines missing' [ $ok = 1 ]
	check unload.rmmod_after_disable 'rmmod failed: $(cat /tmp/rmmod.err)' rmmod $M 2>/tmp/rmmod.err
	check unload.bye 'no Bye line' log_has "Bye, $M mod has be removed!"
	check unload.sysfs_root_gone '/sys/kernel/foosched still exists' [ ! -e $S ]
	check unload.nothing_left 'not back to the original' unchanged
}

# ---------------------------------------------------------------- refusals before any change
refused() {	# refused CHECK MODULE PATTERN [KO]: loading MODULE fails, logs PATTERN, changes nothing
	mark
	if insmod "${4:-/tmp/$2.ko}" 2>/tmp/insmod.err; then
		fail $1 "$2 loaded"
		write 0 $S/$2/enable && rmmod $2
		return
	fi
	since_mark | grep "$2" | tail -4
	if ! log_has "$3"; then
		fail $1 "no message matching '$3'"
	elif ! cmdline_is_orig || loaded $2 || [ -e $S/$2 ]; then
		fail $1 "something changed"
	else
		pass $1
	fi
}

sec_refuse() {
	tracer_reset
	echo cmdline_proc_show > $TR/set_ftrace_filter
	echo function > $TR/current_tracer
	refused refuse.ftrace_hooked $M "$M: cmdline_proc_show,0: the fentry site (hooked"
	check refuse.ftrace_hooked_bytes 'patch sites changed' \
		[ "$(bytes | grep -v cmdline_proc_show)" = "$(echo "$BYTES0" | grep -v cmdline_proc_show)" -a \
		  "$($T/fstool peek cmdline_proc_show+5 5)" = "$(echo "$BYTES0" | awk '$1 == "cmdline_proc_show" { print $7, $8, $9, $10, $11 }')" ]
	tracer_reset
	check refuse.after_tracer_removed 'bytes not back: $(bytes)' [ "$(bytes)" = "$BYTES0" ]

	echo 'p:fsprobe cmdline_proc_show' > $TR/kprobe_events
	echo 1 > $TR/events/kprobes/fsprobe/enable
	refused refuse.kprobe_at_entry $M "$M: cmdline_proc_show,0: the fentry site (hooked"
	tracer_reset

	echo 'p:fsprobe5 cmdline_proc_show+5' > $TR/kprobe_events
	echo 1 > $TR/events/kprobes/fsprobe5/enable
	$T/fstool peek cmdline_proc_show 10
	refused refuse.kprobe_inside_patch_range $M "$M: cmdline_proc_show,0: the patch site at +5 holds \(cc\|e9\)"
	tracer_reset
	check refuse.after_kprobe_removed 'bytes not back: $(bytes)' [ "$(bytes)" = "$BYTES0" ]

	refused refuse.jump_label_flag foosched_st_jl \
		"foosched_st_jl: mem_cgroup_swappiness_read,0: the patch range +5..+9 overlaps a jump-label site"
	refused refuse.jump_label_kernel foosched_st_jlk \
		"foosched_st_jlk: mem_cgroup_swappiness_read,0: the kernel reports a jump-label or static-call site"
	# foosched_st_bad's table expects the last of the 5 bytes at +5 changed (tests/run-e2e.sh)
	set -- $(echo "$BYTES0" | awk '$1 == "cmdline_proc_show" { print $7, $8, $9, $10, $11 }')
	last=00
	[ "$5" = 00 ] && last=01
	refused refuse.unexpected_bytes foosched_st_bad "foosched_st_bad: cmdline_proc_show,0: expected $1 $2 $3 $4 $last at +5"
	# resolved against the wrong symbol table: text_mutex 8 bytes off
	sed 's/0 \([Dd]\) text_mutex$/8 \1 text_mutex/' /proc/kallsyms > /tmp/kallsyms.wrong
	mkdir -p /tmp/wrong
	$T/foosched-resolve -k /tmp/kallsyms.wrong -l $T/resolve.list -o /tmp/wrong/$M.ko $T/$M.ko
	refused refuse.wrong_symbol_table $M "$M: text_mutex,0 resolved to .*, which kallsyms calls text_mutex+0x8/" /tmp/wrong/$M.ko
	check refuse.nothing_changed 'patch sites changed: $(bytes)' [ "$(bytes)" = "$BYTES0" ]
}

# ---------------------------------------------------------------- the stack check
sec_busy() {
	start_blocker
	mark
	check busy.enable_refused 'loaded while a task sleeps in __x64_sys_pause' not load $M
	insmod_err
	since_mark | grep $M | tail -3
	check busy.errno 'insmod error: $(insmod_err)' grep -q "resource busy" /tmp/insmod.err
	check busy.names_task_and_function 'no message naming fstool and __x64_sys_pause' \
		log_has "$M: enable: busy: fstool\[$BLOCKER\] is inside __x64_sys_pause,0"
	check busy.enable_changed_nothing 'something changed' unchanged
	stop_blocker

	check busy.enable_after_task_left 'insmod failed: $(insmod_err)' load $M
	start_blocker
	check busy.module_pause_in_use 'calls: $(cat /sys/kernel/debug/$M/calls)' \
		grep -q "pause=1" /sys/kernel/debug/$M/calls
	mark
	check busy.disable_refused 'disabled while a task sleeps in the module pause function' not write 0 $S/$M/enable
	write_err
	check busy.disable_errno 'write error: $(write_err)' grep -q "resource busy" /tmp/write.err
	check busy.disable_names_task 'no message naming the module code' \
		log_has "$M: disable: busy: fstool\[$BLOCKER\] is inside this module's code"
	check busy.still_enabled 'state changed' eval "enabled $M && cmdline_is_mod"
	stop_blocker
	check busy.disable_after_task_left 'disable failed: $(write_err)' write 0 $S/$M/enable
	rmmod $M
	check busy.all_restored 'not back to the original' unchanged

	# the allow-list: foosched_st_allow accepts the return address where pause(2) sleeps
	A=foosched_st_allow
	start_blocker
	check allow.enable_with_task_at_allowed_address 'insmod failed: $(insmod_err)' load $A
	check allow.redirected 'enable: $(cat $S/$A/enable 2>/dev/null), /proc/cmdline: $(cat /proc/cmdline)' \
		eval "enabled $A && [ \"\$(cat /proc/cmdline)\" = \"[$A] \$ORIG\" ]"
	check allow.old_pause_still_running 'the blocker died' kill -0 $BLOCKER
	kill $BLOCKER
	wait $BLOCKER
	rc=$?
	check allow.old_pause_returns_cleanly 'the blocker ended with $rc, not 143 (SIGTERM)' [ $rc = 143 ]
	check allow.module_pause_not_used 'calls: $(cat /sys/kernel/debug/$A/calls)' \
		grep -q "pause=0" /sys/kernel/debug/$A/calls
	check allow.disable 'disable failed: $(write_err)' write 0 $S/$A/enable
	rmmod $A
	check allow.all_restored 'not back to the original' eval "unchanged && ! loaded $A"
}

# ---------------------------------------------------------------- repeated switches under load
stress_reader() {	# stress_reader FILE EXPECTED_ORIG EXPECTED_MOD: record any other output
	# one read(2) each: two reads could meet both implementations (a switch
	# between them), which is legitimate and not what this looks for
	while :; do
		o=$(dd if="$1" bs=4096 count=1 2>/dev/null)
		[ "$o" = "$2" ] || [ "$o" = "$3" ] || echo "$1: '$o'" >> /tmp/stress.bad
	done
}

sec_cycles() {
	rm -f /tmp/stress.bad
	thp=$(cat /sys/kernel/mm/transparent_hugepage/enabled)
	stress_reader /proc/cmdline "$ORIG" "$MARK $ORIG" & r1=$!
	stress_reader /sys/kernel/mm/transparent_hugepage/enabled "$thp" "$thp $MARK" & r2=$!
	stress_reader $TR/tracing_on 1 "1 $MARK" & r3=$!
	( while :; do ls -R /sys/kernel/debug > /dev/null 2>&1; done ) & r4=$!
	check cycles.initial_load 'insmod failed: $(insmod_err)' load $M
	n=0 busy=0 bad=0
	while [ $n -lt 50 ]; do
		for v in 0 1; do
			tries=0
			until write $v $S/$M/enable; do
				grep -q "resource busy" /tmp/write.err || { bad=$((bad + 1)); break; }
				busy=$((busy + 1)) tries=$((tries + 1))
				[ $tries -lt 20 ] || { bad=$((bad + 1)); break; }
			done
			[ "$(cat $S/$M/enable)" = $v ] || bad=$((bad + 1))
		done
		n=$((n + 1))
	done
	kill $r1 $r2 $r3 $r4
	wait $r1 $r2 $r3 $r4 2>/dev/null
	metric cycles=$n busy_retries=$busy
	check cycles.fifty_switch_pairs '$bad switches failed or left the wrong state' [ $bad = 0 ]
	check cycles.outputs_consistent 'readers saw: $(head -3 /tmp/stress.bad 2>/dev/null)' [ ! -s /tmp/stress.bad ]
	check cycles.still_redirected 'after the cycles: $(cat /proc/cmdline)' cmdline_is_mod
	write 0 $S/$M/enable
	rmmod $M
	check cycles.restored 'not back to the original' unchanged
}

# ---------------------------------------------------------------- the installer (POSIX sh)
PK=/usr/lib/foosched/$M
INST=$PK/installer

sec_installer() {
	export FOOSCHED_BACKOFF=1
	rm -rf /tmp/pk-bad
	cp -a $PK /tmp/pk-bad
	sed -i 's/^release=.*/release=6.1.0-99-amd64/' /tmp/pk-bad/package
	$INST install /tmp/pk-bad 2>/tmp/inst.err
	rc=$?
	cat /tmp/inst.err
	check installer.release_mismatch_refused 'rc $rc' [ $rc = 1 ]
	check installer.release_mismatch_message 'message: $(cat /tmp/inst.err)' \
		grep -q "refusing $M: it was built for kernel 6.1.0-99-amd64 but this host runs $(uname -r)" /tmp/inst.err
	check installer.release_mismatch_nothing_loaded 'loaded' not loaded $M

	mkdir -p /tmp/fakesys/kernel/livepatch/klp_example /tmp/fakesys/kernel/kpatch
	FOOSCHED_SYS=/tmp/fakesys $INST check $PK 2>/tmp/inst.err
	rc=$?
	cat /tmp/inst.err
	check installer.livepatch_conflict 'rc $rc: $(cat /tmp/inst.err)' \
		eval "[ $rc = 1 ] && grep -q 'livepatch patches are loaded: klp_example' /tmp/inst.err"
	rmdir /tmp/fakesys/kernel/livepatch/klp_example
	mkdir -p /tmp/fakesys/kernel/kpatch/kpatch_example
	FOOSCHED_SYS=/tmp/fakesys $INST check $PK 2>/tmp/inst.err
	rc=$?
	check installer.kpatch_conflict 'rc $rc: $(cat /tmp/inst.err)' \
		eval "[ $rc = 1 ] && grep -q 'kpatch patches are loaded: kpatch_example' /tmp/inst.err"
	check installer.check_passes_here 'check failed: $($INST check $PK 2>&1)' $INST check $PK

	start_blocker
	FOOSCHED_RETRIES=3 $INST install $PK 2>/tmp/inst.err
	rc=$?
	cat /tmp/inst.err
	check installer.busy_gives_up 'rc $rc' [ $rc = 1 ]
	check installer.busy_retried '$(grep -c retrying /tmp/inst.err) retries' \
		[ "$(grep -c 'stack check busy (attempt [12] of 3), retrying' /tmp/inst.err)" = 2 ]
	check installer.busy_message '$(tail -1 /tmp/inst.err)' \
		grep -q "the stack check stayed busy after 3 attempts; nothing was changed" /tmp/inst.err
	check installer.busy_nothing_loaded 'something changed' unchanged

	# let the installer meet the busy stack at least once, then let the task go
	nbusy=$(dmesg | grep -c "enable: busy")
	( while [ "$(dmesg | grep -c 'enable: busy')" = "$nbusy" ]; do sleep 1; done; kill $BLOCKER ) &
	FOOSCHED_RETRIES=6 $INST install $PK 2>/tmp/inst.err
	rc=$?
	wait $BLOCKER 2>/dev/null
	cat /tmp/inst.err
	check installer.busy_then_loaded 'rc $rc' [ $rc = 0 ]
	check installer.loaded_after_retry 'not after a retry: $(tail -2 /tmp/inst.err)' \
		grep -q "$M loaded and enabled (attempt [2-6])" /tmp/inst.err
	check installer.enabled 'not enabled' eval "enabled $M && cmdline_is_mod"
	check installer.metrics_shown 'no metric lines in its output' grep -q "$M load: all the time is" /tmp/inst.err
	check installer.idempotent 'second install failed' $INST install $PK

	rm -rf /tmp/pk2
	cp -a $PK /tmp/pk2
	cp $T/foosched_selftest2.ko /tmp/pk2/foosched_selftest2.ko
	sed -i 's/^module=.*/module=foosched_selftest2/' /tmp/pk2/package
	$INST install /tmp/pk2 2>/tmp/inst.err
	rc=$?
	cat /tmp/inst.err
	check installer.another_foosched_refused 'rc $rc: $(cat /tmp/inst.err)' \
		eval "[ $rc = 1 ] && grep -q 'another foosched module is loaded: $M' /tmp/inst.err"

	start_blocker
	FOOSCHED_RETRIES=2 $INST remove $PK 2>/tmp/inst.err
	rc=$?
	cat /tmp/inst.err
	check installer.remove_refused_when_busy 'rc $rc' [ $rc = 1 ]
	check installer.remove_refusal_message '$(tail -1 /tmp/inst.err)' \
		grep -q "cannot disable $M, so it stays loaded and enabled" /tmp/inst.err
	check installer.still_enabled_after_refusal 'state changed' eval "loaded $M && enabled $M && cmdline_is_mod"
	stop_blocker
	$INST remove $PK 2>/tmp/inst.err
	rc=$?
	cat /tmp/inst.err
	check installer.remove_ok 'rc $rc' [ $rc = 0 ]
	check installer.removed 'something left' eval "unchanged && [ ! -e /var/lib/foosched/$M.ko ]"
	check installer.remove_when_absent 'remove of an absent module failed' $INST remove $PK
	unset FOOSCHED_BACKOFF
}

# ---------------------------------------------------------------- the packages' own scripts
sec_pkgscripts() {
	D=/pkg/deb
	sh $D/preinst install
	check deb.preinst_install 'preinst refused' [ $? = 0 ]
	sh $D/preinst upgrade 0.0.9 2>/tmp/p.err
	check deb.preinst_refuses_upgrade 'rc 0: $(cat /tmp/p.err)' eval "[ $? = 1 ]"
	sh $D/postinst configure
	check deb.postinst_loads 'postinst: not loaded/enabled' eval "enabled $M && cmdline_is_mod"
	sh $D/prerm remove
	check deb.prerm_unloads 'prerm failed or left it loaded' eval "[ $? = 0 ] && unchanged"
	sh $D/postrm remove
	check deb.postrm_cleans 'state file left' [ ! -e /var/lib/foosched/$M.ko ]

	R=/pkg/rpm
	sh $R/pre 1
	check rpm.pre_install 'pre refused' [ $? = 0 ]
	sh $R/pre 2 2>/dev/null
	check rpm.pre_refuses_upgrade 'pre accepted an upgrade' eval "[ $? = 1 ]"
	sh $R/post 1
	check rpm.post_loads 'post: not loaded/enabled' eval "enabled $M && cmdline_is_mod"
	start_blocker
	FOOSCHED_RETRIES=2 FOOSCHED_BACKOFF=1 sh $R/preun 0 2>/dev/null
	check rpm.preun_refuses_when_busy 'preun exited 0 while busy' eval "[ $? != 0 ] && enabled $M"
	stop_blocker
	sh $R/preun 0
	check rpm.preun_unloads 'preun failed or left it loaded' eval "[ $? = 0 ] && unchanged"
	sh $R/postun 0
	check rpm.postun_cleans 'state file left' [ ! -e /var/lib/foosched/$M.ko ]
}

# ---------------------------------------------------------------- the end
sec_final() {
	dmesg | grep -E "BUG:|Oops|WARNING:|general protection|RIP:|ftrace_bug|Call Trace" > /tmp/bad.log
	cat /tmp/bad.log
	check final.kernel_log_clean '$(head -3 /tmp/bad.log)' [ ! -s /tmp/bad.log ]
	check final.bytes_restored 'patch sites differ: $(bytes)' [ "$(bytes)" = "$BYTES0" ]
	check final.nothing_loaded '$(lsmod | grep foosched)' eval "! lsmod | grep -q foosched"
}

for s in resolver load ftrace second unload refuse busy cycles installer pkgscripts final; do
	echo "==== $s"
	sec_$s
done
echo "FSTEST DONE failures=$nfail"
