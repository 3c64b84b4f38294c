#!/bin/bash
# End-to-end tests of the foosched runtime on Debian's real kernel under QEMU.
#
#   run-e2e.sh [--kit KITDIR] [--work DIR] [--only build|packages|suite|bench]...
#
# KITDIR: a kernel kit (…/kits/<release>, with root/boot/vmlinuz-<release>,
# root/usr/src/linux-headers-<release>, root/usr/lib/debug/boot/vmlinux-<release>);
# default: the newest under ~/.cache/foosched/kits.  DIR (default
# ~/.cache/foosched/runtime/e2e) receives the builds, the initramfs, the
# console logs and bench-results.md.
#
# Steps: build the resolver, the test tool and five self-test module
# variants; build and inspect the RPM and DEB; boot the kit's kernel with
# 2 vCPUs and run tests/guest/suite.sh; boot with 1 and 2 vCPUs and run
# tests/guest/bench.sh.  Prints "FSTEST PASS/FAIL" per check and exits 1
# when any check failed or did not run.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
rt=$(cd "$here/.." && pwd)
kit= work=$HOME/.cache/foosched/runtime/e2e only=
while [ $# -gt 0 ]; do
	case "$1" in
	--kit) kit=$2; shift 2 ;;
	--work) work=$2; shift 2 ;;
	--only) only="$only $2"; shift 2 ;;
	*) echo "usage: run-e2e.sh [--kit KITDIR] [--work DIR] [--only build|packages|suite|bench]..." >&2; exit 2 ;;
	esac
done
[ -n "$only" ] || only="build packages suite bench"
want() { case " $only " in *" $1 "*) return 0 ;; esac; return 1; }

if [ -z "$kit" ]; then
	kit=$(ls -d "$HOME"/.cache/foosched/kits/*-amd64 2>/dev/null | sort -V | tail -1)
fi
release=${kit##*/}
root=$kit/root
vmlinuz=$root/boot/vmlinuz-$release
headers=$root/usr/src/linux-headers-$release
for f in "$vmlinuz" "$headers/Module.symvers" "$root/usr/lib/debug/boot/vmlinux-$release"; do
	[ -e "$f" ] || { echo "run-e2e: the kernel kit is incomplete: $f is missing (prepare the kit for $release first)" >&2; exit 1; }
done
for t in qemu-system-x86_64 busybox cpio gzip rpmbuild dpkg-deb pahole readelf objdump openssl; do
	command -v $t > /dev/null || { echo "run-e2e: $t is not installed (see .ci/setup-host.sh)" >&2; exit 1; }
done
mkdir -p "$work"
work=$(cd "$work" && pwd)
failures=0
hostpass() { echo "FSTEST PASS host.$1"; }
hostfail() { echo "FSTEST FAIL host.$1: $2"; failures=$((failures + 1)); }
step() { echo "== $*"; }

mods=$work/modules

# Offset in __x64_sys_pause of the instruction after "call schedule", from the -dbg vmlinux.
pause_resume_offset() {
	local v=$root/usr/lib/debug/boot/vmlinux-$release addr size next
	read -r addr size < <(readelf -sW "$v" | awk '$8 == "__x64_sys_pause" && $4 == "FUNC" { print $2, $3; exit }')
	[ -n "$addr" ] || return 1
	next=$(objdump -d --start-address=0x"$addr" --stop-address=$(printf '0x%x' $(( 0x$addr + size ))) "$v" |
		awk '/call.*<schedule>/ { want = 1; next } want && /^ *[0-9a-f]+:/ { sub(/:.*/, ""); print $1; exit }')
	[ -n "$next" ] || return 1
	printf '0x%x\n' $(( 0x$next - 0x$addr ))
}

build() {
	step "building tools and modules against $release"
	mkdir -p "$mods"
	make -s -C "$rt/tools/resolve" O="$mods" || return 1
	gcc -O2 -Wall -Werror -static -s -o "$mods/fstool" "$here/tools/fstool.c" || return 1
	gcc -c -O2 -o "$mods/badsyms.o" "$here/fixtures/badsyms.c" || return 1
	cp "$here/fixtures/badsyms.list" "$mods/"
	local b=$rt/selftest/build.sh
	"$b" --kit "$root" --name foosched_selftest2 --spec "$rt/selftest/second.spec" --out "$mods" &&
	"$b" --kit "$root" --name foosched_st_jl --spec "$rt/selftest/jumplabel.spec" --out "$mods" || return 1
	# the generator must have found the jump label at mem_cgroup_swappiness_read+5
	grep -q '"mem_cgroup_swappiness_read", 0, selftest_never_called, [0-9]*, 5, FOOSCHED_F_FENTRY | FOOSCHED_F_JUMP_LABEL,' \
		"$mods/build/foosched_redirects.h" && hostpass generator_flags_jump_label ||
		hostfail generator_flags_jump_label "$(cat "$mods/build/foosched_redirects.h")"
	"$b" --kit "$root" --name foosched_st_jlk --spec "$rt/selftest/jumplabel.spec" --out "$mods" \
		--table-sed 's/FOOSCHED_F_FENTRY | FOOSCHED_F_JUMP_LABEL/FOOSCHED_F_FENTRY/' || return 1
	grep -q 'JUMP_LABEL' "$mods/build/foosched_redirects.h" && return 1
	"$b" --kit "$root" --name foosched_st_bad --spec "$rt/selftest/main.spec" --out "$mods" \
		--table-sed '/"cmdline_proc_show"/{s/0x00)$/0x01)/;t;s/0x..)$/0x00)/}' || return 1
	# the allow-list variant: the return address after pause(2)'s call to schedule()
	local off
	off=$(pause_resume_offset) || { echo "run-e2e: cannot find the call to schedule in __x64_sys_pause"; return 1; }
	"$b" --kit "$root" --name foosched_st_allow --spec "$rt/selftest/main.spec" --out "$mods" \
		--define SELFTEST_ALLOW_PAUSE_OFF="$off" || return 1
	# last: the main table, kept for reference in $mods/foosched_redirects.h
	"$b" --kit "$root" --name foosched_selftest --spec "$rt/selftest/main.spec" --out "$mods" || return 1
	cp "$mods/build/foosched_redirects.h" "$mods/foosched_redirects.h"
	rm -rf "$mods/stopbench"
	cp -r "$here/stopbench" "$mods/stopbench"
	local mk=()
	[ -e "$mods/build/headers.mk" ] && mk=(-f "$mods/build/headers.mk")
	make -s -C "$headers" "${mk[@]}" M="$mods/stopbench" -j2 modules > "$mods/stopbench/make.log" 2>&1 ||
		{ cat "$mods/stopbench/make.log"; return 1; }
	cp "$mods/stopbench/fs_stopbench.ko" "$mods/"
}

pkgs=$work/packages
packages() {
	step "building and inspecting the packages"
	rm -rf "$pkgs"
	"$rt/packaging/make-packages.sh" --module foosched_selftest --ko "$mods/foosched_selftest.ko" \
		--resolve-list "$mods/resolve.list" --resolver "$mods/foosched-resolve" --release "$release" \
		--version 0.1.0 --out "$pkgs" > "$work/make-packages.out" || return 1
	local deb=$pkgs/foosched-selftest_0.1.0_amd64.deb rpm=$pkgs/foosched-selftest-0.1.0-1.x86_64.rpm
	[ -f "$deb" ] && [ -f "$rpm" ] && hostpass packages_built || { hostfail packages_built "$(cat "$work/make-packages.out")"; return 1; }

	dpkg-deb -I "$deb" > "$work/deb.info"
	grep -q "^ X-Foosched-Release: $release$" "$work/deb.info" && grep -q "^ Package: foosched-selftest$" "$work/deb.info" &&
		hostpass deb_metadata || hostfail deb_metadata "$(cat "$work/deb.info")"
	for s in preinst postinst prerm postrm; do
		grep -Eq "^ +[0-9]+ bytes, +[0-9]+ lines +\* +$s +#!/bin/sh" "$work/deb.info" || { hostfail deb_scripts "$s missing"; break; }
	done && hostpass deb_scripts
	dpkg-deb -c "$deb" > "$work/deb.files"
	for f in foosched_selftest.ko resolve.list foosched-resolve installer package; do
		grep -q "/usr/lib/foosched/foosched_selftest/$f$" "$work/deb.files" || { hostfail deb_payload "$f missing"; break; }
	done && hostpass deb_payload
	rm -rf "$work/deb-ctl" "$work/deb-root"
	dpkg-deb -e "$deb" "$work/deb-ctl" && dpkg-deb -x "$deb" "$work/deb-root"
	grep -q "check -m foosched_selftest -r $release" "$work/deb-ctl/preinst" &&
		hostpass deb_preinst_checks_release || hostfail deb_preinst_checks_release "preinst does not check $release"

	rpm -qpi "$rpm" > "$work/rpm.info" 2>&1
	grep -q "^Name *: foosched-selftest$" "$work/rpm.info" && grep -q "X-Foosched-Release: $release" "$work/rpm.info" &&
		hostpass rpm_metadata || hostfail rpm_metadata "$(cat "$work/rpm.info")"
	rpm -qp --provides "$rpm" | grep "^foosched-release($release)$" >/dev/null &&
		hostpass rpm_provides_release || hostfail rpm_provides_release "$(rpm -qp --provides "$rpm")"
	rpm -qp --scripts "$rpm" > "$work/rpm.scripts"
	for s in preinstall postinstall preuninstall postuninstall; do
		grep -q "^$s scriptlet" "$work/rpm.scripts" || { hostfail rpm_scripts "$s missing"; break; }
	done && hostpass rpm_scripts
	rpm -qpl "$rpm" | grep "^/usr/lib/foosched/foosched_selftest/foosched-resolve$" >/dev/null &&
		hostpass rpm_payload || hostfail rpm_payload "$(rpm -qpl "$rpm")"
	rm -rf "$work/rpm-scripts"
	mkdir -p "$work/rpm-scripts"
	for s in PREIN:pre POSTIN:post PREUN:preun POSTUN:postun; do
		rpm -qp --qf "%{${s%%:*}}\n" "$rpm" > "$work/rpm-scripts/${s##*:}"
	done
	# signing: refused while the target would rewrite the module (that voids a signature); a
	# module resolved at build time is signed with the release's scripts/sign-file as shipped
	local signer
	signer=$(ls "$root"/usr/lib/linux-kbuild-*/scripts/sign-file 2>/dev/null | head -1)
	openssl req -new -nodes -utf8 -sha256 -days 3650 -batch -x509 -subj "/CN=foosched e2e/" \
		-outform PEM -out "$work/signkey.pem" -keyout "$work/signkey.pem" > /dev/null 2>&1
	rm -rf "$work/signed"
	if "$rt/packaging/make-packages.sh" --module foosched_selftest --ko "$mods/foosched_selftest.ko" \
		--resolve-list "$mods/resolve.list" --resolver "$mods/foosched-resolve" --release "$release" \
		--version 0.1.0 --formats deb --out "$work/signed" --sign-key "$work/signkey.pem" \
		--sign-cert "$work/signkey.pem" --sign-file "$signer" > /dev/null 2> "$work/sign.err"; then
		hostfail signing_needs_build_resolution "a module the target resolver rewrites was signed"
	elif grep -q "signing needs --resolved-at-build" "$work/sign.err" && [ -z "$(ls "$work/signed" 2>/dev/null)" ]; then
		hostpass signing_needs_build_resolution
	else
		hostfail signing_needs_build_resolution "$(cat "$work/sign.err")"
	fi
	printf 'extern int _printk(const char *, ...);\nint demo(void) { return _printk("x"); }\n' > "$work/prelinked.c"
	gcc -c -O2 -o "$work/prelinked.ko" "$work/prelinked.c" &&
		"$rt/packaging/make-packages.sh" --module foosched_selftest --ko "$work/prelinked.ko" --resolved-at-build \
		--release "$release" --version 0.1.0 --formats deb --out "$work/signed" --sign-key "$work/signkey.pem" \
		--sign-cert "$work/signkey.pem" --sign-file "$signer" > /dev/null 2> "$work/sign.err" &&
		dpkg-deb -x "$work/signed/foosched-selftest_0.1.0_amd64.deb" "$work/signed/x" &&
		[ "$(tail -c 28 "$work/signed/x/usr/lib/foosched/foosched_selftest/foosched_selftest.ko")" = "~Module signature appended~" ] &&
		grep -qx resolved=build "$work/signed/x/usr/lib/foosched/foosched_selftest/package" &&
		hostpass signed_package || hostfail signed_package "$(cat "$work/sign.err")"
	# the installer embedded in %pre must survive rpm's macro expansion unchanged
	sed -n "/<<'FOOSCHED_INSTALLER_EOF'/,/^FOOSCHED_INSTALLER_EOF/p" "$work/rpm-scripts/pre" | sed '1d;$d' |
		cmp -s - "$rt/packaging/installer" &&
		hostpass rpm_embedded_installer_intact || hostfail rpm_embedded_installer_intact "differs from packaging/installer"
}

initramfs() {
	step "assembling the initramfs"
	local ir=$work/initramfs
	rm -rf "$ir"
	mkdir -p "$ir"/{bin,proc,sys,dev,tmp,t,pkg,var/lib}
	cp "$(command -v busybox)" "$ir/bin/busybox"
	cp "$here/guest/init" "$ir/init"
	chmod 0755 "$ir/init"
	cp "$here/guest/"*.sh "$ir/t/"
	cp "$mods"/{fstool,foosched-resolve,resolve.list,badsyms.o,badsyms.list,fs_stopbench.ko} "$ir/t/"
	cp "$mods"/foosched_selftest.ko "$mods"/foosched_selftest2.ko "$mods"/foosched_st_*.ko "$ir/t/"
	cp -a "$work/deb-root/usr" "$ir/usr"
	cp -a "$work/deb-ctl" "$ir/pkg/deb"
	cp -a "$work/rpm-scripts" "$ir/pkg/rpm"
	(cd "$ir" && find . | cpio -o -H newc --quiet | gzip -1) > "$work/initramfs.gz.tmp" &&
		mv -f "$work/initramfs.gz.tmp" "$work/initramfs.gz"
}

# boot SCENARIO CPUS TIMEOUT: console log in $work/console-SCENARIO-CPUS.log
boot() {
	local log=$work/console-$1-smp$2.log
	step "booting $release with $2 vCPU(s): $1 (console: $log)"
	timeout --foreground -k 10 "$3" qemu-system-x86_64 -accel tcg -smp "$2" -m 1024 -nographic -no-reboot \
		-kernel "$vmlinuz" -initrd "$work/initramfs.gz" \
		-append "console=ttyS0 loglevel=4 panic=-1 fstest=$1" < /dev/null > "$log" 2>&1
	local rc=$?
	tr -d '\r' < "$log" > "$log.txt"
	mv -f "$log.txt" "$log"
	[ $rc = 0 ] || echo "run-e2e: QEMU exited with $rc (124: timed out)"
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
	boot suite 2 1500
	local log=$work/console-suite-smp2.log
	failures=$((failures + $(grep -c '^FSTEST FAIL' "$log")))
	# every check the suite defines must have run and passed
	local missing=0
	for c in $(sed -n 's/^[[:space:]]*\(check\|refused\) \([a-z_]*\.[a-z_]*\) .*/\2/p' "$here/guest/suite.sh"); do
		grep -q "^FSTEST PASS $c$" "$log" || { echo "FSTEST FAIL $c: did not pass (see $log)"; missing=$((missing + 1)); }
	done
	failures=$((failures + missing))
}

bench() {
	local results=$work/bench-results.md
	for cpus in 1 2; do
		boot bench "$cpus" 900
		failures=$((failures + $(grep -c '^FSTEST FAIL' "$work/console-bench-smp$cpus.log")))
	done
	{
		echo "| vCPUs | what | runs | stop machine µs, median (min) | stop handler µs | stack check µs | all µs | threads |"
		echo "|---|---|---|---|---|---|---|---|"
		for cpus in 1 2; do
			for kind in empty load unload; do
				grep "^FSTEST METRIC smp=$cpus kind=$kind " "$work/console-bench-smp$cpus.log" |
					sed 's/.* run=0 .*//' | grep . |
					awk -v c="$cpus" -v k="$kind" -f "$here/median.awk"
			done
		done
	} > "$results.tmp" && mv -f "$results.tmp" "$results"
	echo "bench results ($results):"
	cat "$results"
}

if want build; then build || { echo "FSTEST FAIL host.build: building failed"; exit 1; }; fi
if want packages; then packages || failures=$((failures + 1)); fi
if want suite || want bench; then initramfs || { echo "FSTEST FAIL host.initramfs"; exit 1; }; fi
if want suite; then suite; fi
if want bench; then bench; fi
echo "run-e2e: $failures failure(s)"
[ $failures = 0 ]
