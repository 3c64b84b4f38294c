#!/bin/sh
# Wraps a foosched module as an RPM. RPM has no free-form tags, so the target
# release and the module name travel as capabilities:
#   Provides: foosched-module, foosched-module(<module>), foosched-release(<release>)
# %post loads the module, %preun unloads it on erase.
set -eu
. "$(dirname "$0")/common.sh"

# RPM versions may not contain '-': VERSION-RELEASE splits at the last one.
case "$version" in
*-*) rpm_version=${version%-*} rpm_release=${version##*-} ;;
*) rpm_version=$version rpm_release=1 ;;
esac

top=$(mktemp -d)
trap 'rm -rf "$top"' EXIT
mkdir -p "$top/SPECS" "$top/SOURCES"
cp "$ko" "$top/SOURCES/$module.ko"
spec="$top/SPECS/$package.spec"
{
	cat <<SPEC
Name: $package
Version: $rpm_version
Release: $rpm_release
Summary: foosched scheduler module $module for Linux $release
License: GPL-2.0-only
BuildArch: x86_64
AutoReqProv: no
Provides: foosched-module
Provides: foosched-module($module)
Provides: foosched-release($release)
Source0: $module.ko
%global debug_package %{nil}
%global __os_install_post %{nil}
%global _build_id_links none

%description
Installing loads the module; erasing unloads it.

%install
install -D -m 644 %{SOURCE0} %{buildroot}/lib/modules/$release/extra/foosched/$module.ko

%files
/lib/modules/$release/extra/foosched/$module.ko

%post
SPEC
	render "$here/load-module.sh.in"
	echo
	echo '%preun'
	echo '[ "$1" = 0 ] || exit 0'
	render "$here/unload-module.sh.in"
} > "$spec"

rpmbuild --quiet -bb --define "_topdir $top" "$spec" >/dev/null
built=$(find "$top/RPMS" -name '*.rpm' | head -n 1)
rpm_file="$out/$(basename "$built")"
cp "$built" "$rpm_file.tmp"
mv -f "$rpm_file.tmp" "$rpm_file"
echo "$rpm_file"
