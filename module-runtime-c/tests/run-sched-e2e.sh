#!/bin/bash
# The real scheduler module on Debian's real kernel under QEMU (TCG).
#
#   run-sched-e2e.sh --ko SCHED.ko --list RESOLVE.list --qs-ko QS.ko --qs-list QS.list
#                    [--deb PKG.deb] [--kit KITDIR] [--work DIR] [--only suite|bench|table]...
#                    [--bench-threads 200,2000,10000] [--bench-runs N] [--cycles N]
#
# SCHED.ko/RESOLVE.list: `foosched build` of an unmodified workspace
# (working/build/kernel/sched/mod/{scheduler.ko,resolve.list}); QS.ko/QS.list:
# the same after the seed's Quick Start edit (FOOSCHED_TEST feature, printk_once in
# __schedule); PKG.deb: the unmodified build's DEB (its installer is run in the guest).
#
# suite: boots the kit's kernel with 2 vCPUs and runs tests/guest/sched.sh (load
# under a CPU + context-switch load with hundreds of sleeping threads, metrics,
# files served by the module, RT task and cpu.max quota across switches, unload,
# CYCLES load/unload cycles, the Quick Start, the package's installer, a clean
# kernel log).  bench: boots with 1 and 2 vCPUs and runs tests/guest/schedbench.sh
# (an empty stop_machine beside the module's load/unload, per thread count);
# results in DIR/sched-bench-results.md (table: only rebuild that table from the
# consoles of an earlier bench in DIR).  Prints "FSTEST PASS/FAIL" per check,
# exits 1 when any failed or did not run.  QEMU_NICE=-10 runs QEMU at a higher
# priority (root only), to see past other jobs on a shared host.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rt=$(cd "$here/.." && pwd)
kit= work=$HOME/.cache/foosched/runtime/sched-e2e only= ko= list= qsko= qslist= deb=
bench_threads=200,2000,10000 bench_runs=10 cycles=20
usage() {
	echo "usage: run-sched-e2e.sh --ko SCHED.ko --list RESOLVE.list --qs-ko QS.ko --qs-list QS.list [--deb PKG.deb]" \
		"[--kit KITDIR] [--work DIR] [--only suite|bench]... [--bench-threads A,B,C] [--bench-runs N] [--cycles N]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--ko) ko=$2; shift 2 ;;
	--list) list=$2; shift 2 ;;
	--qs-ko) qsko=$2; shift 2 ;;
	--qs-list) qslist=$2; shift 2 ;;
	--deb) deb=$2; shift 2 ;;
	--kit) kit=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--only) only="$only $2"; shift 2 ;;
	--bench-threads) bench_threads=$2; shift 2 ;;
	--bench-runs) bench_runs=$2; shift 2 ;;
	--cycles) cycles=$2; shift 2 ;;
	*) usage ;;
	esac
done
[ -n "$only" ] || only="suite bench"
want() { case " $only " in *" $1 "*) return 0 ;; esac; return 1; }
for f in "$ko" "$list" "$qsko" "$qslist"; do
	[ -n "$f" ] && [ -f "$f" ] || { echo "run-sched-e2e: missing input: '$f'" >&2; usage; }
done
if [ -z "$kit" ]; then
	kit=$(ls -d "$HOME"/.cache/foosched/kits/*-amd64 2>/dev/null | sort -V | tail -1)
fi
release=${kit##*/}
root=$kit/root
vmlinuz=$root/boot/vmlinuz-$release
headers=$root/usr/src/linux-headers-$release
for f in "$vmlinuz" "$headers/Module.symvers"; do
	[ -e "$f" ] || { echo "run-sched-e2e: the kernel kit is incomplete: $f is missing" >&2; exit 1; }
done
for t in qemu-system-x86_64 busybox cpio gzip gcc make; do
	command -v $t > /dev/null || { echo "run-sched-e2e: $t is not installed (see .ci/setup-host.sh)" >&2; exit 1; }
done
mkdir -p "$work"
work=$(cd "$work" && pwd)
failures=0
step() { echo "== $*"; }

tools=$work/tools
build_tools() {
	step "building the guest tools against $release"
	rm -rf "$tools"
	mkdir -p "$tools"
	make -s -C "$rt/tools/resolve" O="$tools" || return 1
	gcc -O2 -Wall -Werror -static -pthread -s -o "$tools/schedtool" "$here/tools/schedtool.c" || return 1
	cp -r "$here/stopbench" "$tools/stopbench"
	make -s -C "$headers" M="$tools/stopbench" -j2 modules > "$tools/stopbench/make.log" 2>&1 ||
		{ cat "$tools/stopbench/make.log"; return 1; }
}

initramfs() {
	step "assembling the initramfs"
	local ir=$work/initramfs
	rm -rf "$ir"
	mkdir -p "$ir"/{bin,proc,sys,dev,tmp,t,var/lib}
	cp "$(command -v busybox)" "$ir/bin/busybox"
	cp "$here/guest/init" "$ir/init"
	chmod 0755 "$ir/init"
	cp "$here/guest/lib.sh" "$here/guest/sched.sh" "$here/guest/schedbench.sh" "$ir/t/"
	[ "$cycles" = 20 ] || sed -i "s/^CYCLES=.*/CYCLES=$cycles/" "$ir/t/sched.sh"
	cp "$tools/foosched-resolve" "$tools/schedtool" "$tools/stopbench/fs_stopbench.ko" "$ir/t/"
	cp "$ko" "$ir/t/scheduler.ko"
	cp "$list" "$ir/t/scheduler.list"
	cp "$qsko" "$ir/t/scheduler_qs.ko"
	cp "$qslist" "$ir/t/scheduler_qs.list"
	if [ -n "$deb" ]; then
		rm -rf "$work/deb-root"
		dpkg-deb -x "$deb" "$work/deb-root" && cp -a "$work/deb-root/usr" "$ir/usr" || return 1
	fi
	(cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initramfs.gz.tmp" &&
		mv -f "$work/initramfs.gz.tmp" "$work/initramfs.gz"
}

# boot SCENARIO CPUS MEM_MB TIMEOUT [EXTRA_CMDLINE]: console log in $work/console-SCENARIO-smpCPUS.log
boot() {
	local log=$work/console-$1-smp$2.log
	step "booting $release with $2 vCPU(s), $3 MiB: $1 (console: $log)"
	timeout --foreground -k 10 "$4" nice -n "${QEMU_NICE:-0}" qemu-system-x86_64 -accel tcg -smp "$2" -m "$3" -nographic -no-reboot \
		-kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
		-append "console=ttyS0 loglevel=4 panic=-1 fstest=$1 ${5:-}" < /dev/null > "$log" 2>&1
	local rc=$?
	tr -d '\r' < "$log" > "$log.txt"
	mv -f "$log.txt" "$log"
	[ $rc = 0 ] || echo "run-sched-e2e: QEMU exited with $rc (124: timed out)"
	grep -E "^FSTEST (PASS|FAIL)" "$log"
	if grep -Eq "Kernel panic|BUG:|Oops" "$log"; then
		echo "FSTEST FAIL $1.kernel_crashed: $(grep -Em1 'Kernel panic|BUG:|Oops' "$log")"
		failures=$((failures + 1))
	fi
	grep -q "^FSTEST DONE failures=0" "$log" || {
		echo "FSTEST FAIL $1.completed: the guest did not finish cleanly ($(grep '^FSTEST DONE' "$log" || echo no DONE line))"
		failures=$((failures + 1))
	}
}

suite() {
	boot sched 2 1024 1500
	local log=$work/console-sched-smp2.log
	failures=$((failures + $(grep -c '^FSTEST FAIL' "$log")))
	local missing=0
	for c in $(sed -n 's/^[[:space:]]*check \([a-z_]*\.[a-z_]*\) .*/\1/p' "$here/guest/sched.sh" | sort -u); do
		grep -q "^FSTEST PASS $c$" "$log" || { echo "FSTEST FAIL $c: did not pass (see $log)"; missing=$((missing + 1)); }
	done
	failures=$((failures + missing))
}

# median of the numbers on stdin
median() { sort -n | awk '{ a[NR] = $1 } END { if (!NR) exit; print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
minimum() { sort -n | head -1; }
# field LOG CPUS THREADS KIND KEY: that key's values, the first (warm-up) run left out
field() {
	grep "^FSTEST METRIC smp=$2 threads=$3 kind=$4 " "$1" | grep -v " run=0 " |
		tr ' ' '\n' | sed -n "s/^$5=//p"
}
# us NS...: "median (min)" in µs
us() {
	[ -n "$1" ] || { echo "–"; return; }
	awk -v m="$1" -v l="$2" 'BEGIN { printf "%.0f (%.0f)", m / 1000, l / 1000 }'
}

bench() {
	for cpus in 1 2; do
		boot schedbench "$cpus" 3072 2400 "fsthreads=$bench_threads RUNS=$bench_runs"
		failures=$((failures + $(grep -c '^FSTEST FAIL' "$work/console-schedbench-smp$cpus.log")))
	done
	table
}

# the results table from the bench consoles in $work
table() {
	local results=$work/sched-bench-results.md
	{
		echo "| vCPUs | threads | what | runs | stop machine µs, median (min) | × empty (medians) | stop handler µs | stack check µs | all the time µs | threads counted |"
		echo "|---|---|---|---|---|---|---|---|---|---|"
		for cpus in 1 2; do
			local log=$work/console-schedbench-smp$cpus.log
			for t in $(echo "$bench_threads" | tr , ' '); do
				local empty
				empty=$(field "$log" "$cpus" "$t" empty stop_machine | median)
				for kind in empty load unload; do
					local n sm sh sc al th ratio
					n=$(field "$log" "$cpus" "$t" "$kind" stop_machine | wc -l)
					[ "$n" -gt 0 ] || continue
					sm=$(field "$log" "$cpus" "$t" "$kind" stop_machine | median)
					th=$(field "$log" "$cpus" "$t" "$kind" counted | median)
					ratio=$(awk -v a="$sm" -v b="$empty" 'BEGIN { if (b > 0) printf "%.0f", a / b; else print "–" }')
					cols=""
					for k in stop_machine handler stack all; do
						cols="$cols | $(us "$(field "$log" "$cpus" "$t" "$kind" $k | median)" \
							"$(field "$log" "$cpus" "$t" "$kind" $k | minimum)")"
						[ $k = stop_machine ] && cols="$cols | $ratio"
					done
					echo "| $cpus | $t | $( [ $kind = empty ] && echo "empty stop_machine" || echo "scheduler $kind") | $n$cols | ${th:-–} |"
				done
			done
		done
	} > "$results.tmp" && mv -f "$results.tmp" "$results"
	echo "bench results ($results):"
	cat "$results"
}

if want suite || want bench; then
	build_tools || { echo "FSTEST FAIL host.tools: building the guest tools failed"; exit 1; }
	initramfs || { echo "FSTEST FAIL host.initramfs"; exit 1; }
fi
if want suite; then suite; fi
if want bench; then bench; elif want table; then table; fi
echo "run-sched-e2e: $failures failure(s)"
[ $failures = 0 ]
