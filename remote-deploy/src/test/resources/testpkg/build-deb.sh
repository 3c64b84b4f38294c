#!/bin/sh
# Wraps a foosched module as a DEB. The package carries its target kernel
# release in X-Foosched-Release and the module name in X-Foosched-Module
# (dpkg keeps both in its database, so a host can tell which foosched module
# an installed package holds); postinst loads the module, prerm unloads it.
set -eu
. "$(dirname "$0")/common.sh"

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
chmod 755 "$stage"
install -d "$stage/DEBIAN" "$stage/lib/modules/$release/extra/foosched"
install -m 644 "$ko" "$stage/lib/modules/$release/extra/foosched/$module.ko"
cat > "$stage/DEBIAN/control" <<CONTROL
Package: $package
Version: $version
Architecture: amd64
Maintainer: Foosched <foosched@localhost>
Section: kernel
Priority: optional
Provides: foosched-module
X-Foosched-Module: $module
X-Foosched-Release: $release
Description: foosched scheduler module $module for Linux $release
 Installing loads the module; removing unloads it.
CONTROL
{ echo '#!/bin/sh'; echo 'set -e'; echo '[ "$1" = configure ] || exit 0'; render "$here/load-module.sh.in"; } > "$stage/DEBIAN/postinst"
{ echo '#!/bin/sh'; echo 'set -e'; echo 'case "$1" in remove|upgrade|deconfigure) ;; *) exit 0 ;; esac'; render "$here/unload-module.sh.in"; } > "$stage/DEBIAN/prerm"
chmod 755 "$stage/DEBIAN/postinst" "$stage/DEBIAN/prerm"

deb="$out/${package}_${version}_amd64.deb"
dpkg-deb --root-owner-group -Zgzip --build "$stage" "$deb.tmp" >/dev/null
mv -f "$deb.tmp" "$deb"
echo "$deb"
