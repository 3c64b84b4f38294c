#!/usr/bin/env bash
# Builds the Foosched test host image for one kernel release:
#   a Debian 12 (bookworm) minbase userland with sshd, the release's stock kernel package
#   installed from the kit, a small busybox initramfs that loads the virtio/ext4 modules and
#   switches to the root disk, and an ext4 disk image made from the root tree without loop
#   mounts (mkfs.ext4 -d).
#
# Usage: build-image.sh RELEASE OUTDIR
#   RELEASE  kernel release, e.g. 6.1.0-56-amd64; the kit must be in $FOOSCHED_KITS/RELEASE
#            (default ~/.cache/foosched/kits/RELEASE)
#   OUTDIR   where the image goes (Foosched uses ~/.cache/foosched/testbed/RELEASE)
#
# OUTDIR then holds: vmlinuz, initrd.img, base.ext4 (raw, sparse), id_ed25519(.pub) (the
# client key that may log in as root), ssh_host_ed25519_key.pub and known_hosts (the host
# key every VM of this image presents), packages.txt, build-info and stamp.
#
# The build is skipped when OUTDIR/stamp matches this build's inputs (this script's hash,
# the release, the kernel package, the Debian suite and package list). A build happens in a
# temporary directory beside OUTDIR and is renamed into place at the end, so an interrupted
# build never counts. Environment:
#   FOOSCHED_KITS           kits directory (default ~/.cache/foosched/kits)
#   FOOSCHED_DEBIAN_MIRROR  Debian mirror URL (default: the one the host's apt uses for the suite)
#   FOOSCHED_DEBIAN_SUITE   Debian suite of the userland (default bookworm)
#   FOOSCHED_TESTBED_CACHE  where downloaded .debs are kept between builds
#                           (default ~/.cache/foosched/testbed/debs)
set -euo pipefail

prog=build-image
say() { echo "$prog: $*"; }
die() { echo "$prog: error: $*" >&2; exit 1; }

if [ $# -ne 2 ] || [ -z "$1" ] || [ -z "$2" ]; then
  echo "usage: $0 RELEASE OUTDIR   (e.g. $0 6.1.0-56-amd64 ~/.cache/foosched/testbed/6.1.0-56-amd64)" >&2
  exit 2
fi
release=$1
outdir=$(readlink -m "$2")
case "$release" in
  */*|.*|*[[:space:]]*) die "'$release' is not a kernel release name (expected e.g. 6.1.0-56-amd64)" ;;
esac

suite=${FOOSCHED_DEBIAN_SUITE:-bookworm}
kits=${FOOSCHED_KITS:-$HOME/.cache/foosched/kits}
kit=$kits/$release
debcache=${FOOSCHED_TESTBED_CACHE:-$HOME/.cache/foosched/testbed/debs}

# The guest's packages. busybox-static doubles as the initramfs' shell and the guest's init;
# linux-base is a dependency of the kernel package.
packages=(openssh-server rpm kmod procps iproute2 stress-ng rt-tests util-linux
          busybox-static linux-base)
# Modules the initramfs loads (with their dependencies) to reach the root disk and the net;
# virtio_rng feeds the guest's entropy pool at once (sshd otherwise waits for crng init).
initrd_modules=(virtio_pci virtio_blk virtio_net virtio_rng ext4)
image_size=2G

# --- inputs -----------------------------------------------------------------------------

[ -d "$kit" ] || die "no kernel kit for $release in $kits; fetch it with: foosched kit fetch --release $release"
shopt -s nullglob
image_debs=("$kit"/debs/linux-image-"${release}"_*.deb)
shopt -u nullglob
[ ${#image_debs[@]} -eq 1 ] || die "expected exactly one linux-image-${release}_*.deb in $kit/debs, found ${#image_debs[@]}; re-fetch the kit: foosched kit fetch --release $release"
image_deb=${image_debs[0]}
vmlinuz=$kit/root/boot/vmlinuz-$release
[ -f "$vmlinuz" ] || die "$vmlinuz is missing; the kit is incomplete: foosched kit fetch --release $release"

script_hash=$(sha256sum "$(readlink -f "${BASH_SOURCE[0]}")" | cut -d' ' -f1)
stamp="script-sha256=$script_hash
release=$release
kernel-deb=$(basename "$image_deb") $(stat -c %s "$image_deb")
suite=$suite
packages=${packages[*]}
initrd-modules=${initrd_modules[*]}
image-size=$image_size"

products=(vmlinuz initrd.img base.ext4 id_ed25519 id_ed25519.pub ssh_host_ed25519_key.pub known_hosts)

up_to_date() {
  [ -f "$outdir/stamp" ] && [ "$(cat "$outdir/stamp")" = "$stamp" ] || return 1
  local f
  for f in "${products[@]}"; do [ -s "$outdir/$f" ] || return 1; done
}

if up_to_date; then
  say "image for $release is up to date in $outdir"
  exit 0
fi

# --- preconditions (only checked when a build is needed) -------------------------------

[ "$(id -u)" -eq 0 ] || die "building the test image needs root (debootstrap, chroot, device nodes); run it as root"
for tool in debootstrap chroot dpkg-deb mkfs.ext4 ssh-keygen cpio gzip modprobe flock findmnt; do
  command -v "$tool" >/dev/null || die "'$tool' is missing; install the host packages with .ci/setup-host.sh"
done

host_mirror() {
  # deb822 sources first (a stanza whose Suites has the suite itself), then one-line sources.
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v suite="$suite" 'BEGIN { RS = ""; FS = "\n" }
      { uris = ""; ok = 0; enabled = 1
        for (i = 1; i <= NF; i++) {
          if ($i ~ /^URIs:/)    { sub(/^URIs:[ \t]*/, "", $i); split($i, u, /[ \t]+/); uris = u[1] }
          if ($i ~ /^Suites:/)  { n = split($i, s, /[ \t]+/); for (j = 2; j <= n; j++) if (s[j] == suite) ok = 1 }
          if ($i ~ /^Enabled:[ \t]*no/) enabled = 0
        }
        if (ok && enabled && uris != "") { print uris; exit } }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v suite="$suite" '$1 == "deb" { i = 2; if ($2 ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                                         if ($(i+1) == suite) { print $i; exit } }' "$f"
  done
}
mirror=${FOOSCHED_DEBIAN_MIRROR:-$(host_mirror | head -n1)}
[ -n "$mirror" ] || die "no Debian mirror for '$suite' in the host's apt sources; set FOOSCHED_DEBIAN_MIRROR to a Debian mirror URL"

# --- build ------------------------------------------------------------------------------

mkdir -p "$(dirname "$outdir")" "$debcache"
exec 9>"$outdir.lock"
if ! flock -n 9; then
  say "another build of $release is running; waiting for it"
  flock 9
fi
if up_to_date; then
  say "image for $release was built meanwhile; up to date in $outdir"
  exit 0
fi

started=$(date +%s)
work=$(mktemp -d "$outdir.tmp.XXXXXX")
cleanup() {
  # debootstrap mounts proc/sys in the target; an interrupted build may leave them mounted,
  # so unmount everything below the work dir before removing it, and never cross devices.
  findmnt -rn -o TARGET | awk -v w="$work/" 'index($0, w) == 1' | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null || true
  done
  rm -rf --one-file-system "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

rootfs=$work/rootfs
initramfs=$work/initramfs
out=$work/out
mkdir -p "$out" "$initramfs"

step_start=$(date +%s)
step() { local now; now=$(date +%s); say "[$((now - started))s] $*"; step_start=$now; }

step "debootstrap $suite (minbase + ${packages[*]}) from $mirror"
include=$(IFS=,; echo "${packages[*]}")
if ! debootstrap --variant=minbase --include="$include" --cache-dir="$(readlink -m "$debcache")" \
      "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1; then
  tail -n 30 "$work/debootstrap.log" >&2
  [ -f "$rootfs/debootstrap/debootstrap.log" ] && tail -n 30 "$rootfs/debootstrap/debootstrap.log" >&2
  die "debootstrap of $suite from $mirror failed (log above)"
fi

step "installing the kernel package $(basename "$image_deb")"
# The kernel package wants initramfs-tools | linux-initramfs-tool; our initramfs is built
# below, so a small local package provides linux-initramfs-tool and keeps dpkg consistent.
pkgdir=$work/foosched-testbed-initramfs
mkdir -p "$pkgdir/DEBIAN"
cat >"$pkgdir/DEBIAN/control" <<EOF
Package: foosched-testbed-initramfs
Version: 1.0
Architecture: all
Maintainer: Foosched <foosched@localhost>
Provides: linux-initramfs-tool
Description: marker: the Foosched test host boots a busybox initramfs built on the host
EOF
dpkg-deb --build --root-owner-group "$pkgdir" "$rootfs/tmp/foosched-testbed-initramfs.deb" >/dev/null
cp "$image_deb" "$rootfs/tmp/linux-image.deb"
if ! DEBIAN_FRONTEND=noninteractive chroot "$rootfs" dpkg -i /tmp/foosched-testbed-initramfs.deb /tmp/linux-image.deb \
      >"$work/dpkg.log" 2>&1; then
  cat "$work/dpkg.log" >&2
  die "installing $(basename "$image_deb") into the image failed (log above)"
fi
rm -f "$rootfs"/tmp/*.deb
moddir=$rootfs/lib/modules/$release
[ -f "$moddir/modules.dep" ] || die "the kernel package left no modules.dep in /lib/modules/$release"

step "configuring init, network and sshd"
echo testbed >"$rootfs/etc/hostname"
cat >"$rootfs/etc/hosts" <<'EOF'
127.0.0.1 localhost
127.0.1.1 testbed
EOF
echo "nameserver 10.0.2.3" >"$rootfs/etc/resolv.conf"
echo "/dev/vda / ext4 rw,relatime 0 0" >"$rootfs/etc/fstab"

# busybox init is PID 1: it reaps orphans, respawns sshd and turns poweroff/reboot (and
# SIGUSR2/SIGTERM) into an orderly stop. Nothing else owns these names in a minbase system.
for name in init poweroff reboot halt; do
  [ -e "$rootfs/sbin/$name" ] && die "/sbin/$name already exists in the image; refusing to replace it"
  ln -s /bin/busybox "$rootfs/sbin/$name"
done
# sshd -r: no re-exec per connection (one dynamic exec less for every SSH command under TCG).
cat >"$rootfs/etc/inittab" <<'EOF'
# Foosched test host: busybox init (see /etc/foosched/rc.boot)
::sysinit:/etc/foosched/rc.boot
::respawn:/usr/sbin/sshd -D -e -r
::ctrlaltdel:/sbin/reboot
::shutdown:/etc/foosched/rc.shutdown
EOF
mkdir -p "$rootfs/etc/foosched"
# rc.boot runs busybox applets only (static: under TCG every dynamically linked exec costs
# ld.so time, and boot-to-SSH is what every test waits for).
mkdir -p "$rootfs/usr/lib/foosched/bin"
for applet in $("$rootfs/bin/busybox" --list); do
  ln -sf /bin/busybox "$rootfs/usr/lib/foosched/bin/$applet"
done
cat >"$rootfs/etc/foosched/rc.boot" <<'EOF'
#!/bin/busybox sh
# Foosched test host boot: file systems, cgroup2 with cpu+cpuset, debugfs, network, sshd dirs.
PATH=/usr/lib/foosched/bin
export PATH
mount -t proc proc /proc
mount -t sysfs sysfs /sys
grep -q '^[^ ]* /dev ' /proc/mounts || mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o gid=5,mode=620,ptmxmode=666 devpts /dev/pts
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /dev/shm
mount -t tmpfs -o mode=755,nosuid,nodev tmpfs /run
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs /tmp
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup
echo "+cpu +cpuset" >/sys/fs/cgroup/cgroup.subtree_control
mount -t debugfs debugfs /sys/kernel/debug
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout
ln -sf /proc/self/fd/2 /dev/stderr

read -r cmdline </proc/cmdline
name=
for arg in $cmdline; do
  case "$arg" in foosched.name=*) name=${arg#foosched.name=} ;; esac
done
if [ -n "$name" ]; then hostname "$name"; else hostname -F /etc/hostname; fi

[ -d /sys/class/net/eth0 ] || modprobe virtio_net
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2

mkdir -p /run/sshd
chmod 0755 /run/sshd
read -r up _ </proc/uptime
echo "foosched-testbed: boot done at ${up}s uptime; starting sshd"
EOF
cat >"$rootfs/etc/foosched/rc.shutdown" <<'EOF'
#!/bin/sh
echo "foosched-testbed: shutting down"
sync
EOF
chmod 0755 "$rootfs/etc/foosched/rc.boot" "$rootfs/etc/foosched/rc.shutdown"

rm -f "$rootfs"/etc/ssh/ssh_host_*
ssh-keygen -q -t ed25519 -N '' -C "foosched-testbed-$release" -f "$rootfs/etc/ssh/ssh_host_ed25519_key"
cat >"$rootfs/etc/ssh/sshd_config.d/foosched.conf" <<'EOF'
# Foosched test host: root by key only, one ed25519 host key made at image build.
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
PrintMotd no
UseDNS no
EOF
ssh-keygen -q -t ed25519 -N '' -C "foosched-testbed-client" -f "$out/id_ed25519"
install -d -m 0700 "$rootfs/root/.ssh"
install -m 0600 "$out/id_ed25519.pub" "$rootfs/root/.ssh/authorized_keys"
cp "$rootfs/etc/ssh/ssh_host_ed25519_key.pub" "$out/ssh_host_ed25519_key.pub"
# Every VM of this image presents this key on its forwarded port; the VM manager writes
# per-VM files with the exact port.
echo "[127.0.0.1]:* $(cut -d' ' -f1,2 "$out/ssh_host_ed25519_key.pub")" >"$out/known_hosts"

chroot "$rootfs" dpkg-query -W -f='${Package} ${Version}\n' >"$out/packages.txt"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*.log

step "building the initramfs (busybox + ${initrd_modules[*]} and their dependencies)"
mkdir -p "$initramfs"/{bin,dev,proc,sys,newroot,lib/modules}
cp "$rootfs/bin/busybox" "$initramfs/bin/busybox"
: >"$initramfs/modules.list"
declare -A seen=()
for m in "${initrd_modules[@]}"; do
  deps=$(modprobe --dirname="$rootfs" --set-version="$release" --show-depends --ignore-install "$m") \
    || die "module $m is not in the $release kernel package"
  while read -r kind path _; do
    [ "$kind" = insmod ] || continue   # "builtin NAME" needs nothing
    base=$(basename "$path")
    [ -n "${seen[$base]:-}" ] && continue
    seen[$base]=1
    case "$base" in
      *.ko)     cp "$path" "$initramfs/lib/modules/$base"; ko=$base ;;
      *.ko.xz)  ko=${base%.xz};  xz -dc "$path" >"$initramfs/lib/modules/$ko" ;;
      *.ko.zst) ko=${base%.zst}; zstd -qdc "$path" >"$initramfs/lib/modules/$ko" ;;
      *.ko.gz)  ko=${base%.gz};  gzip -dc "$path" >"$initramfs/lib/modules/$ko" ;;
      *) die "unexpected module file $path" ;;
    esac
    echo "$ko" >>"$initramfs/modules.list"
  done <<<"$deps"
done
cat >"$initramfs/init" <<'EOF'
#!/bin/busybox sh
# Foosched initramfs: load the disk/net/ext4 modules, mount root= and switch to its init.
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for m in $(cat /modules.list); do
  # CPU-specific variants (crc32c-intel without SSE4.2) may refuse to load; that is fine.
  insmod "/lib/modules/$m" 2>/dev/null || echo "initramfs: $m not loaded"
done
root=/dev/vda
for arg in $(cat /proc/cmdline); do
  case "$arg" in root=*) root=${arg#root=} ;; esac
done
i=0
while [ ! -b "$root" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
if ! mount -t ext4 -o rw "$root" /newroot; then
  echo "initramfs: cannot mount the root disk $root"
  exit 1   # PID 1 exits: the kernel panics, which the console watcher reports
fi
umount /proc /sys
mount --move /dev /newroot/dev
exec switch_root /newroot /sbin/init
EOF
chmod 0755 "$initramfs/init"
(cd "$initramfs" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet | gzip -6) >"$out/initrd.img"

step "making the ext4 disk image ($image_size, sparse) from the root tree"
cp "$vmlinuz" "$out/vmlinuz"
mkfs.ext4 -q -F -L foosched-root -E root_owner=0:0 -d "$rootfs" "$out/base.ext4" "$image_size"

finished=$(date +%s)
cat >"$out/build-info" <<EOF
release=$release
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
build-seconds=$((finished - started))
mirror=$mirror
disk-used-kib=$(du -k "$out/base.ext4" | cut -f1)
EOF
printf '%s\n' "$stamp" >"$out/stamp"

# Into place: the old image (if any) moves aside first; VMs running on it keep their open
# file, new VMs get the new image.
if [ -e "$outdir" ]; then
  mv "$outdir" "$work/previous"
fi
mv "$out" "$outdir"
step "image for $release ready in $outdir (built in $((finished - started)) s)"
