#!/bin/bash
# Host tests of foosched-resolve (needs gcc with static libc, readelf):
# synthetic kallsyms tables against small relocatable objects.
#   resolver-test.sh [WORKDIR]
# Prints "PASS name" / "FAIL name: why" per check; exit 1 when any failed.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
fails=0
pass() { echo "PASS $1"; }
fail() { echo "FAIL $1: $2"; fails=$((fails + 1)); }

make -s -C "$here/../tools/resolve" O="$work" || { echo "FAIL build: resolver does not build"; exit 1; }
R=$work/foosched-resolve
gcc -c -O2 -o "$work/good.o" "$here/fixtures/goodsyms.c" || exit 1
gcc -c -O2 -o "$work/bad.o" "$here/fixtures/badsyms.c" || exit 1

# kallsyms lines, deliberately not in address order, with a module's symbol of the same name
cat > "$work/kallsyms" <<'EOF'
ffffffffa0003000 t dup_func
ffffffffa0001000 t dup_func
0000000000031c40 A some_percpu_var
ffffffffa0002000 t dup_func
ffffffffa0004000 T unique_func
ffffffffc0001000 t unique_func	[some_module]
ffffffffa0005000 D listed_var
ffffffffa0006000 T exported_func
ffffffffa0007000 t enabled_show
ffffffffa0008000 t enabled_show
ffffffffa0009000 t cmdline_proc_show
EOF
echo listed_var > "$work/list"

sym() { readelf -sW "$1" | awk -v n="$2" '$8 == n { print $2, $7; exit }'; }

rm -f "$work/out.o"
if "$R" -k "$work/kallsyms" -l "$work/list" -o "$work/out.o" "$work/good.o" > "$work/log" 2>&1; then
	pass resolves
else
	fail resolves "exit $?: $(cat "$work/log")"
fi
[ "$(sym "$work/out.o" foosched.vmlinux.1.dup_func)" = "ffffffffa0001000 ABS" ] &&
[ "$(sym "$work/out.o" foosched.vmlinux.2.dup_func)" = "ffffffffa0002000 ABS" ] &&
[ "$(sym "$work/out.o" foosched.vmlinux.3.dup_func)" = "ffffffffa0003000 ABS" ] &&
	pass sympos_by_ascending_address || fail sympos_by_ascending_address "$(readelf -sW "$work/out.o" | grep dup_func)"
[ "$(sym "$work/out.o" foosched.vmlinux.0.unique_func)" = "ffffffffa0004000 ABS" ] &&
	pass module_lines_ignored || fail module_lines_ignored "$(sym "$work/out.o" foosched.vmlinux.0.unique_func)"
[ "$(sym "$work/out.o" foosched.vmlinux.0.some_percpu_var)" = "0000000000031c40 ABS" ] &&
	pass percpu_value_kept || fail percpu_value_kept "$(sym "$work/out.o" foosched.vmlinux.0.some_percpu_var)"
[ "$(sym "$work/out.o" listed_var)" = "ffffffffa0005000 ABS" ] &&
	pass listed_name_resolved || fail listed_name_resolved "$(sym "$work/out.o" listed_var)"
[ "$(sym "$work/out.o" exported_func)" = "0000000000000000 UND" ] &&
	pass exported_left_to_loader || fail exported_left_to_loader "$(sym "$work/out.o" exported_func)"
cmp -s <(readelf -SW "$work/good.o") <(readelf -SW "$work/out.o") &&
	pass sections_untouched || fail sections_untouched "section headers differ"

# errors: every bad symbol named, nothing written
rm -f "$work/bad-out.o"
"$R" -k "$work/kallsyms" -l "$here/fixtures/badsyms.list" -o "$work/bad-out.o" "$work/bad.o" 2> "$work/err"
rc=$?
[ $rc = 1 ] && pass error_exit_status || fail error_exit_status "exit $rc"
grep -q "foosched.vmlinux.0.enabled_show: enabled_show is ambiguous: vmlinux has 2 symbols of that name; give a sympos 1..2" "$work/err" &&
	pass ambiguous_named || fail ambiguous_named "$(cat "$work/err")"
grep -q "foosched.vmlinux.9.enabled_show: vmlinux has only 2 symbol(s) named enabled_show, not sympos 9" "$work/err" &&
	pass sympos_range_named || fail sympos_range_named "$(cat "$work/err")"
grep -q "foosched.vmlinux.0.no_such_symbol_foosched: vmlinux has no symbol no_such_symbol_foosched (sympos 0)" "$work/err" &&
	pass missing_named || fail missing_named "$(cat "$work/err")"
grep -q "another_missing_symbol_foosched: vmlinux has no symbol another_missing_symbol_foosched" "$work/err" &&
	pass missing_listed_named || fail missing_listed_named "$(cat "$work/err")"
grep -q "foosched.vmlinux.0.cmdline_proc_show" "$work/err" &&
	fail only_failures_reported "a resolvable symbol was reported" || pass only_failures_reported
[ ! -e "$work/bad-out.o" ] && [ -z "$(ls "$work" | grep 'bad-out.o.')" ] &&
	pass nothing_written_on_error || fail nothing_written_on_error "$(ls "$work")"

# kptr_restrict: every address zero
sed 's/^[0-9a-f]*/0000000000000000/' "$work/kallsyms" > "$work/hidden"
"$R" -k "$work/hidden" -o "$work/h.o" "$work/good.o" 2> "$work/err"
rc=$?
[ $rc = 1 ] && grep -q "shows every address as 0: run as root" "$work/err" &&
	pass hidden_addresses_refused || fail hidden_addresses_refused "exit $rc: $(cat "$work/err")"

# an appended module signature is dropped (it would no longer verify)
cp "$work/good.o" "$work/signed.o"
printf 'SIGNATUREBYTES' >> "$work/signed.o"
printf '\0\0\0\0\0\0\0\0\0\0\0\016' >> "$work/signed.o"
printf '~Module signature appended~\n' >> "$work/signed.o"
"$R" -k "$work/kallsyms" -l "$work/list" -o "$work/signed-out.o" "$work/signed.o" 2> "$work/err"
[ $? = 0 ] && [ "$(stat -c %s "$work/signed-out.o")" = "$(stat -c %s "$work/good.o")" ] &&
	grep -q "dropped its module signature" "$work/err" &&
	pass signature_dropped || fail signature_dropped "$(cat "$work/err")"

# bad input
echo "not elf" > "$work/text.ko"
"$R" -k "$work/kallsyms" -o "$work/x.o" "$work/text.ko" 2> "$work/err"
[ $? = 1 ] && grep -q "is not a 64-bit little-endian ELF file" "$work/err" &&
	pass not_elf_refused || fail not_elf_refused "$(cat "$work/err")"
"$R" -k "$work/kallsyms" "$work/good.o" 2> "$work/err"
[ $? = 2 ] && grep -q "^usage:" "$work/err" && pass usage_without_output || fail usage_without_output "$(cat "$work/err")"
"$R" -k "$work/nonexistent" -o "$work/x.o" "$work/good.o" 2> "$work/err"
[ $? = 1 ] && grep -q "cannot read $work/nonexistent" "$work/err" &&
	pass missing_kallsyms_named || fail missing_kallsyms_named "$(cat "$work/err")"

echo "resolver tests: $fails failure(s)"
[ $fails = 0 ]
