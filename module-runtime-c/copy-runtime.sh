#!/bin/sh
# Copy the runtime's kernel sources into a module build directory:
#   copy-runtime.sh DEST      (DEST is created; existing files are replaced)
# The module's Kbuild then sets FOOSCHED_RUNTIME_DIR to DEST's name and
# includes DEST/Kbuild.runtime (see that file).
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DEST" >&2; exit 2; }
src=$(cd "$(dirname "$0")" && pwd)
dest=$1
mkdir -p "$dest/x86" "$dest/include/foosched"
for f in core.c sysfs.c patch.c transition.c stack.c metrics.c hooks.c table.c symbols.c \
	 internal.h vmlinux.h arch.h Kbuild.runtime; do
	cp "$src/$f" "$dest/$f"
done
cp "$src/x86/arch.c" "$dest/x86/arch.c"
cp "$src"/include/foosched/*.h "$dest/include/foosched/"
