# Downtime of the real scheduler module (run as /t/schedbench.sh, fstest=schedbench):
# for each thread count in BENCH_THREADS, an empty stop_machine (fs_stopbench)
# and the module's load/unload, each RUNS times, as FSTEST METRIC lines:
#   FSTEST METRIC smp=C threads=N kind=empty|load|unload run=R stop_machine=ns handler=ns [stack=ns all=ns counted=n]
. /t/lib.sh
M=scheduler
RUNS=${RUNS:-10}
NCPU=$(grep -c ^processor /proc/cpuinfo)
BENCH_THREADS=$(sed -n 's/.*fsthreads=\([0-9,]*\).*/\1/p' /proc/cmdline | tr , ' ')
[ -n "$BENCH_THREADS" ] || BENCH_THREADS="200 2000"

$T/foosched-resolve -k /proc/kallsyms -l $T/scheduler.list -o /tmp/$M.ko $T/$M.ko ||
	fail bench.resolve "resolver failed"
base=$($T/schedtool threadcount)
for want in $BENCH_THREADS; do
	extra=$((want - base))
	[ $extra -gt 0 ] || extra=0
	$T/schedtool threads $extra > /tmp/threads.out 2>&1 & TH=$!
	n=0
	while [ $n -lt 300 ] && ! grep -q "^ready" /tmp/threads.out; do sleep 1; n=$((n + 1)); done
	if ! grep -q "^ready" /tmp/threads.out; then
		fail bench.threads_$want "could not start $extra threads: $(cat /tmp/threads.out)"
		kill $TH 2>/dev/null
		continue
	fi
	have=$($T/schedtool threadcount)
	echo "bench: $have threads (wanted $want), $(grep MemAvailable /proc/meminfo)"
	mark
	insmod $T/fs_stopbench.ko runs=$RUNS
	rmmod fs_stopbench
	since_mark | sed -n 's/.*fs_stopbench run \([0-9]*\): stop machine time is \([0-9]*\) ns, stop handler time is \([0-9]*\) ns/\1 \2 \3/p' |
		while read -r run sm sh; do
			metric "smp=$NCPU threads=$want kind=empty run=$run stop_machine=$sm handler=$sh counted=$have"
		done
	mark
	tries=0
	until insmod /tmp/$M.ko 2>/tmp/insmod.err; do
		tries=$((tries + 1))
		[ $tries -lt 20 ] || { fail bench.load_$want "$(cat /tmp/insmod.err)"; break; }
		sleep 1
	done
	i=1
	while [ $i -lt $RUNS ]; do
		for v in 0 1; do
			t=0
			until write $v $S/$M/enable; do t=$((t + 1)); [ $t -lt 20 ] || break; sleep 1; done
		done
		i=$((i + 1))
	done
	t=0
	until write 0 $S/$M/enable; do t=$((t + 1)); [ $t -lt 20 ] || break; sleep 1; done
	rmmod $M || fail bench.rmmod_$want "rmmod failed"
	since_mark | awk -v m="$M" -v n="$NCPU" -v w="$want" '
		{ sub(/^\[[^]]*\] /, "") }
		index($0, m " load: ") == 1 || index($0, m " unload: ") == 1 {
			op = ($2 == "load:") ? "load" : "unload"
			v = $(NF) == "ns" ? $(NF - 1) : $NF
			if ($0 ~ /thread number/) threads = v
			if ($0 ~ /stop machine time/) sm = v
			if ($0 ~ /stop handler time/) sh = v
			if ($0 ~ /stack check time/) sc = v
			if ($0 ~ /all the time/) {
				runs[op]++
				printf "FSTEST METRIC smp=%s threads=%s kind=%s run=%d stop_machine=%s handler=%s stack=%s all=%s counted=%s\n", \
					n, w, op, runs[op] - 1, sm, sh, sc, v, threads
			}
		}'
	kill $TH 2>/dev/null
	wait $TH 2>/dev/null
	sleep 2
done
dmesg | grep -E "BUG:|Oops|WARNING:|RIP:|rcu: INFO|blocked for more than|soft lockup" > /tmp/bad.log
check bench.kernel_log_clean '$(head -3 /tmp/bad.log)' [ ! -s /tmp/bad.log ]
echo "FSTEST DONE failures=$nfail"
