#!/bin/bash
# Host tests of packaging/make-packages.sh and of the installer's refusals
# that need no kernel (needs gcc, rpmbuild, dpkg-deb, binutils):
#   packaging-test.sh [WORKDIR]
# Prints "PASS name" / "FAIL name: why" per check; exit 1 when any failed.
# (The installer's loading, retrying and removal run on the real kernel in
# tests/guest/suite.sh.)
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
pk=$here/../packaging
work=${1:-$(mktemp -d)}
rm -rf "$work"
mkdir -p "$work"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

# a stand-in module: any relocatable ELF object will do for packaging
gcc -c -O2 -g -o "$work/demo_sched.ko" "$here/fixtures/goodsyms.c" || exit 1
printf 'listed_var\n' > "$work/resolve.list"
printf '#!/bin/sh\nexit 0\n' > "$work/foosched-resolve"
chmod +x "$work/foosched-resolve"
args=(--module demo_sched --ko "$work/demo_sched.ko" --resolve-list "$work/resolve.list"
      --resolver "$work/foosched-resolve" --release 6.1.0-56-amd64 --version 1.2.3)

"$pk/make-packages.sh" "${args[@]}" --out "$work/out" > "$work/paths" 2> "$work/err"
rc=$?
[ $rc = 0 ] && pass builds || fail builds "exit $rc: $(cat "$work/err")"
deb=$work/out/demo-sched_1.2.3_amd64.deb rpm=$work/out/demo-sched-1.2.3-1.x86_64.rpm
[ "$(cat "$work/paths")" = "$deb"$'\n'"$rpm" ] && pass prints_package_paths || fail prints_package_paths "$(cat "$work/paths")"
[ -z "$(ls "$work/out" | grep -v -e '\.deb$' -e '\.rpm$')" ] && pass no_leftovers || fail no_leftovers "$(ls "$work/out")"

info=$(dpkg-deb -f "$deb" Package Version Architecture X-Foosched-Release X-Foosched-Module)
[ "$info" = $'Package: demo-sched\nVersion: 1.2.3\nArchitecture: amd64\nX-Foosched-Release: 6.1.0-56-amd64\nX-Foosched-Module: demo_sched' ] &&
	pass deb_fields || fail deb_fields "$info"
dpkg-deb -c "$deb" | awk '{ print $1, $2, $6 }' > "$work/deb.files"
grep -q '^-rwxr-xr-x root/root ./usr/lib/foosched/demo_sched/installer$' "$work/deb.files" &&
grep -q '^-rw-r--r-- root/root ./usr/lib/foosched/demo_sched/demo_sched.ko$' "$work/deb.files" &&
	pass deb_payload_modes || fail deb_payload_modes "$(cat "$work/deb.files")"
rm -rf "$work/x"
dpkg-deb -x "$deb" "$work/x"
grep -qx 'release=6.1.0-56-amd64' "$work/x/usr/lib/foosched/demo_sched/package" &&
grep -qx 'module=demo_sched' "$work/x/usr/lib/foosched/demo_sched/package" &&
	pass release_file || fail release_file "$(cat "$work/x/usr/lib/foosched/demo_sched/package")"
readelf -S "$work/x/usr/lib/foosched/demo_sched/demo_sched.ko" | grep debug_info >/dev/null &&
	fail module_stripped "debug info shipped" || pass module_stripped
cmp -s "$pk/installer" "$work/x/usr/lib/foosched/demo_sched/installer" && pass installer_shipped || fail installer_shipped "differs"
dpkg-deb -e "$deb" "$work/ctl"
for s in preinst postinst prerm postrm; do sh -n "$work/ctl/$s" || fail "deb_${s}_syntax" "sh -n failed"; done
grep -q 'exec /usr/lib/foosched/demo_sched/installer remove /usr/lib/foosched/demo_sched' "$work/ctl/prerm" &&
	pass deb_prerm_removes || fail deb_prerm_removes "$(cat "$work/ctl/prerm")"

[ "$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH}' "$rpm")" = "demo-sched 1.2.3 1 x86_64" ] &&
	pass rpm_nevra || fail rpm_nevra "$(rpm -qp --qf '%{NAME} %{VERSION} %{RELEASE} %{ARCH}' "$rpm")"
rpm -qp --provides "$rpm" | grep -x 'foosched-release(6.1.0-56-amd64)' >/dev/null &&
	pass rpm_release_provide || fail rpm_release_provide "$(rpm -qp --provides "$rpm")"
rpm -qp --requires "$rpm" | grep -v -e '^rpmlib(' -e '^/bin/sh$' | grep . >/dev/null &&
	fail rpm_no_requires "$(rpm -qp --requires "$rpm" | grep -v '^rpmlib(')" || pass rpm_no_requires
rpm -qp --qf '[%{FILEMODES:perms} %{FILENAMES}\n]' "$rpm" > "$work/rpm.files"
grep -qx -- '-rwxr-xr-x /usr/lib/foosched/demo_sched/foosched-resolve' "$work/rpm.files" &&
	pass rpm_payload_modes || fail rpm_payload_modes "$(cat "$work/rpm.files")"
for s in PREIN POSTIN PREUN POSTUN; do
	rpm -qp --qf "%{$s}\n" "$rpm" > "$work/rpm.$s"
	sh -n "$work/rpm.$s" || fail "rpm_${s}_syntax" "sh -n failed"
done
sed -n "/<<'FOOSCHED_INSTALLER_EOF'/,/^FOOSCHED_INSTALLER_EOF/p" "$work/rpm.PREIN" | sed '1d;$d' | cmp -s - "$pk/installer" &&
	pass rpm_embedded_installer_intact || fail rpm_embedded_installer_intact "differs"

# bad input: one message naming the thing, exit 2, nothing written
bad() {	# bad NAME EXPECTED-MESSAGE ARGS...
	local name=$1 msg=$2
	shift 2
	rm -rf "$work/bad"
	"$pk/make-packages.sh" "$@" --out "$work/bad" > /dev/null 2> "$work/err"
	local rc=$?
	[ $rc = 2 ] && grep -qF "$msg" "$work/err" && [ -z "$(ls "$work/bad" 2>/dev/null)" ] &&
		pass "$name" || fail "$name" "exit $rc: $(cat "$work/err")"
}
bad rejects_bad_version "version '1-2' must start with a digit" "${args[@]}" --version 1-2
bad rejects_bad_module_name "module name 'bad-name' must be letters, digits and '_'" "${args[@]}" --module bad-name
bad rejects_missing_ko "cannot read module /nonexistent.ko" "${args[@]}" --ko /nonexistent.ko
bad rejects_missing_release "missing --release" --module demo_sched --ko "$work/demo_sched.ko" \
	--resolve-list "$work/resolve.list" --resolver "$work/foosched-resolve" --version 1
bad rejects_half_signing "signing needs readable --sign-key and --sign-cert" "${args[@]}" --sign-key /nonexistent

# symbols resolved at build time: no resolver shipped, the installer loads the module as shipped
printf 'extern int _printk(const char *, ...);\nint demo(void) { return _printk("x"); }\n' > "$work/prelinked.c"
gcc -c -O2 -o "$work/prelinked.ko" "$work/prelinked.c" || exit 1
pargs=(--module demo_sched --ko "$work/prelinked.ko" --resolved-at-build --release 6.1.0-56-amd64 --version 1.2.4)
"$pk/make-packages.sh" "${pargs[@]}" --out "$work/pout" > /dev/null 2> "$work/err" &&
	pass builds_resolved_at_build || fail builds_resolved_at_build "$(cat "$work/err")"
pdeb=$work/pout/demo-sched_1.2.4_amd64.deb prpm=$work/pout/demo-sched-1.2.4-1.x86_64.rpm
rm -rf "$work/px"
dpkg-deb -x "$pdeb" "$work/px"
pdir=$work/px/usr/lib/foosched/demo_sched
grep -qx 'resolved=build' "$pdir/package" && [ ! -e "$pdir/foosched-resolve" ] && [ ! -e "$pdir/resolve.list" ] &&
	pass deb_resolved_at_build_payload || fail deb_resolved_at_build_payload "$(ls "$pdir"; cat "$pdir/package")"
[ "$(rpm -qp --qf '[%{FILENAMES}\n]' "$prpm" | sed 's|.*/||' | sort | tr '\n' ' ')" = "demo_sched demo_sched.ko installer package " ] &&
	pass rpm_resolved_at_build_payload || fail rpm_resolved_at_build_payload "$(rpm -qp --qf '[%{FILENAMES}\n]' "$prpm")"
# install with a stand-in insmod: the shipped file itself is loaded, nothing is written to the state dir
mkdir -p "$work/pbin" "$work/psys/module" "$work/pstate"
printf '#!/bin/sh\necho 6.1.0-56-amd64\n' > "$work/pbin/uname"
printf '#!/bin/sh\necho "$1" > %s/insmod.arg\n' "$work" > "$work/pbin/insmod"
printf '#!/bin/sh\nexit 0\n' > "$work/pbin/dmesg"
chmod +x "$work/pbin/"*
out=$(PATH=$work/pbin:$PATH FOOSCHED_SYS=$work/psys FOOSCHED_STATE_DIR=$work/pstate sh "$pdir/installer" install "$pdir" 2>&1)
[ "$(cat "$work/insmod.arg" 2>/dev/null)" = "$pdir/demo_sched.ko" ] && [ -z "$(ls "$work/pstate")" ] &&
	pass installer_loads_build_resolved_module_as_shipped || fail installer_loads_build_resolved_module_as_shipped "$out"
bad rejects_unresolved_module_as_resolved_at_build "still has unresolved foosched.vmlinux symbols" \
	--module demo_sched --ko "$work/demo_sched.ko" --resolved-at-build --release 6.1.0-56-amd64 --version 1
bad rejects_signing_with_target_resolution "signing needs --resolved-at-build" "${args[@]}" \
	--sign-key "$work/prelinked.c" --sign-cert "$work/prelinked.c" --sign-file /bin/true

# the installer's refusals that need no kernel
mkdir -p "$work/bin" "$work/sys/kernel/foosched/other_sched" "$work/sys/kernel/livepatch"
printf '#!/bin/sh\necho 6.1.0-56-amd64\n' > "$work/bin/uname"
chmod +x "$work/bin/uname"
inst=$work/x/usr/lib/foosched/demo_sched/installer
out=$(PATH=$work/bin:$PATH FOOSCHED_SYS=$work/sys sh "$inst" check "$work/x/usr/lib/foosched/demo_sched" 2>&1)
rc=$?
[ $rc = 1 ] && [ "$out" = "foosched-installer: refusing demo_sched: another foosched module is loaded: other_sched (remove its package first)" ] &&
	pass installer_refuses_other_foosched || fail installer_refuses_other_foosched "exit $rc: $out"
rmdir "$work/sys/kernel/foosched/other_sched"
out=$(PATH=$work/bin:$PATH FOOSCHED_SYS=$work/sys sh "$inst" check -m demo_sched -r 6.1.0-57-amd64 2>&1)
rc=$?
[ $rc = 1 ] && [ "$out" = "foosched-installer: refusing demo_sched: it was built for kernel 6.1.0-57-amd64 but this host runs 6.1.0-56-amd64" ] &&
	pass installer_refuses_release || fail installer_refuses_release "exit $rc: $out"
PATH=$work/bin:$PATH FOOSCHED_SYS=$work/sys sh "$inst" check -m demo_sched -r 6.1.0-56-amd64 &&
	pass installer_accepts_matching_host || fail installer_accepts_matching_host "refused"
out=$(sh "$inst" install /nonexistent 2>&1)
rc=$?
[ $rc = 1 ] && [ "$out" = "foosched-installer: /nonexistent/package is missing: not a foosched package directory" ] &&
	pass installer_names_bad_pkgdir || fail installer_names_bad_pkgdir "exit $rc: $out"
sh "$inst" frobnicate 2> /dev/null
[ $? = 2 ] && pass installer_usage || fail installer_usage "no usage exit"

echo "packaging tests: $fails failure(s)"
[ $fails = 0 ]
