# Shared argument handling of build-deb.sh and build-rpm.sh (sourced).
usage() {
	echo "usage: $0 --ko MODULE.ko --release KERNEL_RELEASE --version VERSION --out DIR" >&2
	exit 2
}

ko= release= version= out=
while [ $# -gt 0 ]; do
	case "$1" in
	--ko) ko=$2; shift 2 ;;
	--release) release=$2; shift 2 ;;
	--version) version=$2; shift 2 ;;
	--out) out=$2; shift 2 ;;
	*) usage ;;
	esac
done
[ -n "$ko" ] && [ -n "$release" ] && [ -n "$version" ] && [ -n "$out" ] || usage
[ -f "$ko" ] || { echo "$0: module $ko does not exist; build it first" >&2; exit 1; }

here=$(cd "$(dirname "$0")" && pwd)
module=$(basename "$ko" .ko)
# Debian package names allow no underscore; the module name keeps its own.
package=foosched-$(echo "$module" | tr '_' '-')
mkdir -p "$out"

# render TEMPLATE: substitute the placeholders of a target-side script
render() {
	sed -e "s|@RELEASE@|$release|g" -e "s|@MODULE@|$module|g" "$1"
}
