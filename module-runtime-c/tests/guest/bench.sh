# Downtime figures (run as /t/bench.sh): an empty stop_machine, then the
# self-test module's load/unload, each RUNS times, as FSTEST METRIC lines.
. /t/lib.sh
RUNS=30
NCPU=$(grep -c ^processor /proc/cpuinfo)

insmod $T/fs_stopbench.ko runs=$RUNS
dmesg | sed -n 's/.*fs_stopbench run \([0-9]*\): stop machine time is \([0-9]*\) ns, stop handler time is \([0-9]*\) ns/\1 \2 \3/p' |
	while read -r run sm sh; do
		metric "smp=$NCPU kind=empty run=$run stop_machine=$sm handler=$sh"
	done
rmmod fs_stopbench

resolve $M || fail bench.resolve "resolver failed"
tries=0
until load $M; do
	tries=$((tries + 1))
	[ $tries -lt 10 ] || { fail bench.load "$(insmod_err)"; break; }
	sleep 1
done
i=1
while [ $i -lt $RUNS ]; do
	for v in 0 1; do
		until write $v $S/$M/enable; do sleep 1; done
	done
	i=$((i + 1))
done
write 0 $S/$M/enable
rmmod $M
dmesg | awk -v m="$M" -v n="$NCPU" '
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
			printf "FSTEST METRIC smp=%s kind=%s run=%d stop_machine=%s handler=%s stack=%s all=%s threads=%s\n", \
				n, op, runs[op] - 1, sm, sh, sc, v, threads
		}
	}'
echo "FSTEST DONE failures=$nfail"
