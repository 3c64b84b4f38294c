#!/usr/bin/env bash
# Times Foosched's pipeline on Debian's real kernel: init (collect, index, analyse, extract,
# compile check) from a populated kit, a re-analysis from cached facts, an in-process
# re-analysis after a configuration change, and a module build with packages.
#
# usage: bench/pipeline-bench.sh [RELEASE] [WORKDIR]
#   RELEASE  kernel release (default: the newest cached kit)
#   WORKDIR  scratch directory (default: /tmp/foosched-bench)
# Prints one line per measurement; the numbers go to docs/BENCHMARKS.md by hand.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
fs="$here/foosched"
release=${1:-$(ls -t ~/.cache/foosched/kits | grep -v '^\.' | head -1)}
work=${2:-/tmp/foosched-bench}
kit=~/.cache/foosched/kits/$release
[ -f "$kit/kit.json" ] || { echo "no kit for $release: run foosched kit fetch --release $release" >&2; exit 1; }
mkdir -p "$work"
"$fs" --version >/dev/null   # build the application outside the timings
if [ ! -f "$work/kernel/Makefile" ]; then
	"$fs" extract_src "$kit"/debs/linux-source-*.deb "$work/kernel" >/dev/null
fi
rm -rf "$work/scheduler" "$work/scheduler.failed"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, load $(cut -d' ' -f1-3 /proc/loadavg)"
t0=$(date +%s.%N)
"$fs" init "$release" "$work/kernel" "$work/scheduler" | sed -n '/^  [a-z].* s$/p'
t1=$(date +%s.%N)
printf 'init (wall, with JVM start): %.1f s\n' "$(echo "$t1 - $t0" | bc)"
t0=$(date +%s.%N)
"$fs" analyze "$work/scheduler" --roots 0 | grep "Analysed in"
t1=$(date +%s.%N)
printf 'analyze from cached facts and vmlinux index (wall, with JVM start): %.1f s\n' "$(echo "$t1 - $t0" | bc)"
java -cp "$here/app/target/foosched.jar" org.foosched.app.bench.ReanalysisBench "$work/scheduler"
t0=$(date +%s.%N)
"$fs" build "$work/scheduler" | sed -n '/^  [a-z].* s$/p'
t1=$(date +%s.%N)
printf 'build with packages (wall): %.1f s\n' "$(echo "$t1 - $t0" | bc)"
