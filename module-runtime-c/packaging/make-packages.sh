#!/bin/bash
# Build the RPM and the DEB of a foosched module.
#
# usage: make-packages.sh --module NAME --ko FILE
#                         {--resolve-list FILE --resolver FILE | --resolved-at-build}
#                         --release KREL --version VER --out DIR
#                         [--package PKG] [--rpm-release N] [--summary TEXT]
#                         [--maintainer "Name <mail>"] [--formats rpm,deb]
#                         [--keep-debug]
#                         [--sign-key KEY --sign-cert CERT --sign-file PATH]
#
#   --module       the kernel module's name (NAME.ko, /sys/kernel/foosched/NAME)
#   --ko           the built module
#   --resolve-list the build's resolve.list (symbols resolved on the target)
#   --resolver     the static foosched-resolve binary (tools/resolve)
#   --resolved-at-build  the module's vmlinux symbols were resolved by the
#                  build (BuildTimeResolver): no resolver is shipped, the
#                  installer loads the module as it is, and a signature holds
#   --release      the kernel release it was built for (uname -r of the targets)
#   --version      package version ([0-9A-Za-z.+~], starting with a digit)
#   --package      package name (default: NAME with '_' turned into '-')
#   --keep-debug   ship the module with its DWARF (default: strip --strip-debug)
#   --sign-*       sign the shipped module with scripts/sign-file from the
#                  release's headers; needs --resolved-at-build (the target-side
#                  resolver rewrites the module, which would void the signature)
#
# Prints the path of every package written (one per line) and exits 0;
# bad input: one message naming it, exit 2; a failing tool: exit 1.
# Writes into a temporary directory and moves finished packages into DIR.
# Needs: rpmbuild (rpm), dpkg-deb, fakeroot is not needed (ownership is set explicitly).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
module= ko= rlist= resolver= krel= version= out= package= rpmrel=1 summary= formats=rpm,deb
maintainer="foosched <foosched@localhost>" keep_debug=0 sign_key= sign_cert= sign_file= prelinked=0

bad() { echo "make-packages: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
	[ $# -ge 2 ] || [ "$1" = --keep-debug ] || [ "$1" = --resolved-at-build ] || bad "option $1 needs a value"
	case "$1" in
	--module) module=$2; shift 2 ;;
	--ko) ko=$2; shift 2 ;;
	--resolve-list) rlist=$2; shift 2 ;;
	--resolver) resolver=$2; shift 2 ;;
	--release) krel=$2; shift 2 ;;
	--version) version=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	--package) package=$2; shift 2 ;;
	--rpm-release) rpmrel=$2; shift 2 ;;
	--summary) summary=$2; shift 2 ;;
	--maintainer) maintainer=$2; shift 2 ;;
	--formats) formats=$2; shift 2 ;;
	--keep-debug) keep_debug=1; shift ;;
	--resolved-at-build) prelinked=1; shift ;;
	--sign-key) sign_key=$2; shift 2 ;;
	--sign-cert) sign_cert=$2; shift 2 ;;
	--sign-file) sign_file=$2; shift 2 ;;
	*) bad "unknown option $1 (see the usage at the top of $0)" ;;
	esac
done

required="module ko krel version out"
[ "$prelinked" = 1 ] || required="$required rlist resolver"
for v in $required; do
	[ -n "${!v}" ] || bad "missing --$(echo $v | sed 's/rlist/resolve-list/; s/krel/release/')"
done
[[ $module =~ ^[A-Za-z0-9_]+$ ]] || bad "module name '$module' must be letters, digits and '_'"
[ -n "$package" ] || package=${module//_/-}
package=$(echo "$package" | tr 'A-Z' 'a-z')
[[ $package =~ ^[a-z0-9][a-z0-9.+-]+$ ]] || bad "package name '$package' is not valid for dpkg"
[[ $version =~ ^[0-9][0-9A-Za-z.+~]*$ ]] || bad "version '$version' must start with a digit and use [0-9A-Za-z.+~]"
[[ $rpmrel =~ ^[0-9A-Za-z.]+$ ]] || bad "rpm release '$rpmrel' must use [0-9A-Za-z.]"
[[ $krel =~ ^[0-9A-Za-z._+-]+$ ]] || bad "kernel release '$krel' has unexpected characters"
[ -r "$ko" ] || bad "cannot read module $ko"
if [ "$prelinked" = 0 ]; then
	[ -r "$rlist" ] || bad "cannot read resolve list $rlist"
	[ -x "$resolver" ] || bad "resolver $resolver is not executable"
elif readelf -sW "$ko" | grep -q ' UND foosched\.vmlinux\.'; then
	bad "$ko still has unresolved foosched.vmlinux symbols, so it was not resolved at build time"
fi
[ -n "$summary" ] || summary="Scheduler module $module built with foosched for kernel $krel."
case ",$formats," in *,rpm,*|*,deb,*) ;; *) bad "--formats must list rpm and/or deb" ;; esac
if [ -n "$sign_key$sign_cert$sign_file" ]; then
	[ -r "$sign_key" ] && [ -r "$sign_cert" ] && [ -x "$sign_file" ] ||
		bad "signing needs readable --sign-key and --sign-cert and an executable --sign-file (<headers>/scripts/sign-file)"
	[ "$prelinked" = 1 ] ||
		bad "signing needs --resolved-at-build: the target-side resolver rewrites the module and would void the signature"
fi
case ",$formats," in *,rpm,*) command -v rpmbuild >/dev/null || bad "rpmbuild is not installed (Debian package: rpm)" ;; esac
case ",$formats," in *,deb,*) command -v dpkg-deb >/dev/null || bad "dpkg-deb is not installed" ;; esac
mkdir -p "$out"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The payload: /usr/lib/foosched/<module>/
stage=$tmp/stage
mkdir -p "$stage"
if [ "$keep_debug" = 1 ]; then
	cp "$ko" "$stage/$module.ko"
else
	strip --strip-debug -o "$stage/$module.ko" "$ko"
fi
if [ -n "$sign_key" ]; then
	"$sign_file" sha256 "$sign_key" "$sign_cert" "$stage/$module.ko" ||
		{ echo "make-packages: sign-file failed" >&2; exit 1; }
fi
if [ "$prelinked" = 0 ]; then
	cp "$rlist" "$stage/resolve.list"
	cp "$resolver" "$stage/foosched-resolve"
	chmod 0644 "$stage/resolve.list"
	chmod 0755 "$stage/foosched-resolve"
fi
cp "$here/installer" "$stage/installer"
chmod 0644 "$stage/$module.ko"
chmod 0755 "$stage/installer"
cat > "$stage/package" <<EOF
package=$package
module=$module
version=$version
release=$krel
resolved=$([ "$prelinked" = 1 ] && echo build || echo target)
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
EOF
chmod 0644 "$stage/package"

# subst TEMPLATE [rpm]: fill @KEY@ placeholders; the @INSTALLER@ line becomes the
# installer's text (for rpm with '%' doubled, which rpmbuild turns back into '%').
subst() {
	awk -v MODULE="$module" -v PACKAGE="$package" -v RELEASE="$krel" -v VERSION="$version" \
	    -v RPMRELEASE="$rpmrel" -v SUMMARY="$summary" -v MAINTAINER="$maintainer" \
	    -v STAGE="$stage" -v SIZE_KB="$(du -sk "$stage" | cut -f1)" \
	    -v INSTALLER="$here/installer" -v RPM="${2:-}" -v RESOLVER="$((1 - prelinked))" '
		$0 == "@RESOLVER_FILES@" {
			if (RESOLVER) {
				print "%attr(0644, root, root) /usr/lib/foosched/" MODULE "/resolve.list"
				print "%attr(0755, root, root) /usr/lib/foosched/" MODULE "/foosched-resolve"
			}
			next
		}
		$0 == "@INSTALLER@" {
			while ((getline l < INSTALLER) > 0) {
				if (RPM) gsub(/%/, "%%", l)
				print l
			}
			close(INSTALLER)
			next
		}
		{
			gsub(/@MODULE@/, MODULE); gsub(/@PACKAGE@/, PACKAGE); gsub(/@RELEASE@/, RELEASE)
			gsub(/@VERSION@/, VERSION); gsub(/@RPMRELEASE@/, RPMRELEASE); gsub(/@SUMMARY@/, SUMMARY)
			gsub(/@MAINTAINER@/, MAINTAINER); gsub(/@STAGE@/, STAGE); gsub(/@SIZE_KB@/, SIZE_KB)
			print
		}' "$1"
}

if [[ ,$formats, == *,deb,* ]]; then
	root=$tmp/deb
	mkdir -p "$root/DEBIAN" "$root/usr/lib/foosched/$module"
	cp -p "$stage"/* "$root/usr/lib/foosched/$module/"
	subst "$here/deb/control.in" > "$root/DEBIAN/control"
	for s in preinst postinst prerm postrm; do
		subst "$here/deb/$s.in" > "$root/DEBIAN/$s"
		chmod 0755 "$root/DEBIAN/$s"
	done
	deb=${package}_${version}_amd64.deb
	dpkg-deb --root-owner-group -Zxz --build "$root" "$tmp/$deb" > /dev/null
	mv -f "$tmp/$deb" "$out/$deb"
	echo "$out/$deb"
fi

if [[ ,$formats, == *,rpm,* ]]; then
	subst "$here/rpm/spec.in" rpm > "$tmp/$package.spec"
	rpmbuild -bb --quiet --define "_topdir $tmp/rpmbuild" --define "_tmppath $tmp/rpmtmp" \
		--target x86_64 "$tmp/$package.spec" > "$tmp/rpmbuild.log" 2>&1 ||
		{ cat "$tmp/rpmbuild.log" >&2; echo "make-packages: rpmbuild failed" >&2; exit 1; }
	rpm=$package-$version-$rpmrel.x86_64.rpm
	mv -f "$tmp/rpmbuild/RPMS/x86_64/$rpm" "$out/$rpm"
	echo "$out/$rpm"
fi
