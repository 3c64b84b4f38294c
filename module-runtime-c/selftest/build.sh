#!/bin/bash
# Build one variant of the self-test module against a kernel kit:
#
#   build.sh --kit KITROOT --name MODNAME --spec SPEC --out DIR
#            [--table-sed SEDEXPR] [--log-name WORD] [--define NAME=VALUE]
#
# KITROOT is the kit's fake root (…/kits/<release>/root).  Writes
# DIR/MODNAME.ko and DIR/resolve.list; the build tree is DIR/build.
# --table-sed edits the generated table (tests of refusals on tables that
# do not match the kernel); --define adds a -D to the self-test's compilation.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kit= name= spec= out= table_sed= log_name= defines=
while [ $# -gt 0 ]; do
	case "$1" in
	--kit) kit=$2; shift 2 ;;
	--name) name=$2; shift 2 ;;
	--spec) spec=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--table-sed) table_sed=$2; shift 2 ;;
	--log-name) log_name=$2; shift 2 ;;
	--define) defines="$defines -D$2"; shift 2 ;;
	*) echo "build.sh: unknown option $1" >&2; exit 2 ;;
	esac
done
[ -n "$kit" ] && [ -n "$name" ] && [ -n "$spec" ] && [ -n "$out" ] ||
	{ echo "usage: build.sh --kit KITROOT --name MODNAME --spec SPEC --out DIR [--table-sed EXPR] [--log-name WORD]" >&2; exit 2; }

headers=$(ls -d "$kit"/usr/src/linux-headers-*-amd64 2>/dev/null | head -1)
release=${headers##*/linux-headers-}
vmlinux=$kit/usr/lib/debug/boot/vmlinux-$release
[ -d "$headers" ] || { echo "build.sh: no linux-headers-*-amd64 in $kit/usr/src" >&2; exit 1; }
[ -r "$vmlinux" ] || { echo "build.sh: no -dbg vmlinux at $vmlinux" >&2; exit 1; }

b=$out/build
rm -rf "$b"
mkdir -p "$b"
"$here/../copy-runtime.sh" "$b/foosched-runtime"
cp "$here/selftest.c" "$b/"
"$here/gen-table.sh" "$vmlinux" "$spec" "$b/foosched_redirects.h"
[ -z "$table_sed" ] || sed -i -e "$table_sed" "$b/foosched_redirects.h"

# struct rq offsets for the per-cpu check, from the release's DWARF
pahole -C rq "$vmlinux" > "$b/rq.layout"
rq_off() { awk -v f="$1;" '$NF == "*/" && $(NF-4) == f { print $(NF-2); exit }' "$b/rq.layout"; }
off_cpu=$(rq_off cpu) off_curr=$(rq_off curr)
[ -n "$off_cpu" ] && [ -n "$off_curr" ] || { echo "build.sh: cannot read struct rq layout" >&2; exit 1; }
printf '#define SELFTEST_RQ_OFF_CPU %s\n#define SELFTEST_RQ_OFF_CURR %s\n' "$off_cpu" "$off_curr" > "$b/selftest_offsets.h"

cat > "$b/Kbuild" <<KBUILD
FOOSCHED_MODULE := $name
FOOSCHED_RUNTIME_DIR := foosched-runtime
FOOSCHED_LOG_NAME := $log_name
obj-m := \$(FOOSCHED_MODULE).o
\$(FOOSCHED_MODULE)-y := selftest.o
CFLAGS_selftest.o := $defines
include \$(src)/\$(FOOSCHED_RUNTIME_DIR)/Kbuild.runtime
KBUILD

# Debian's headers Makefile includes the -common tree by its absolute
# installed path; in an unpacked kit that path is under the kit root.
makefile=()
common=$(sed -n 's|^include \(/usr/src/linux-headers-[^/]*-common\)/Makefile$|\1|p' "$headers/Makefile")
if [ -n "$common" ] && [ ! -e "$common/Makefile" ] && [ -e "$kit$common/Makefile" ]; then
	echo "include $kit$common/Makefile" > "$b/headers.mk"
	makefile=(-f "$(cd "$b" && pwd)/headers.mk")
fi
make -s -C "$headers" "${makefile[@]}" M="$(cd "$b" && pwd)" KBUILD_MODPOST_WARN=1 -j2 modules > "$b/make.log" 2>&1 ||
	{ tail -40 "$b/make.log" >&2; echo "build.sh: kbuild failed for $name" >&2; exit 1; }
cp "$b/$name.ko" "$out/$name.ko.tmp"
mv -f "$out/$name.ko.tmp" "$out/$name.ko"
cp "$here/resolve.list" "$out/resolve.list"
