#!/usr/bin/env bash
# Builds the initramfs of the minimal e2e test guest: busybox, this machine's
# OpenSSH server (sshd + sftp-server), dpkg, util-linux dmesg, and the kit's
# virtio network modules. The guest runs Debian's stock kernel from the kit; the
# test deploys packages to it over SSH through a QEMU user-mode forwarded port.
#
# usage: make-initramfs.sh OUT.cpio.gz KIT_ROOT RELEASE HOST_KEY AUTHORIZED_KEYS
#   KIT_ROOT        the kit's unpacked root (…/kits/<release>/root)
#   HOST_KEY        the guest's sshd host private key (its .pub next to it)
#   AUTHORIZED_KEYS public key(s) root may log in with
set -euo pipefail

out=$1 kit=$2 release=$3 host_key=$4 auth_keys=$5
[ -d "$kit/lib/modules/$release" ] || { echo "make-initramfs: no modules for $release in $kit" >&2; exit 1; }
command -v busybox >/dev/null || { echo "make-initramfs: busybox missing (apt-get install busybox-static)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
r=$work/root
mkdir -p "$r"/{bin,sbin,etc/ssh,root/.ssh,proc,sys,dev,run/sshd,tmp,var/tmp,var/log,var/empty} \
         "$r"/var/lib/dpkg/{info,updates,triggers,alternatives} "$r/lib/modules/$release"
chmod 1777 "$r/tmp" "$r/var/tmp"
: > "$r/var/lib/dpkg/status"
: > "$r/var/lib/dpkg/available"

# busybox first; the real binaries copied below replace its applets of the same name
cp "$(command -v busybox)" "$r/bin/busybox"
for applet in $(busybox --list); do
  [ "$applet" = busybox ] || ln -s busybox "$r/bin/$applet"
done
for d in usr/bin usr/sbin; do mkdir -p "$r/$d"; done

copy_with_libs() {
  local bin=$1 dest=${2:-$1}
  mkdir -p "$r$(dirname "$dest")"
  rm -f "$r$dest" "$r/bin/$(basename "$dest")"   # drop busybox's applet of that name
  cp -L "$bin" "$r$dest"
  { ldd "$bin" 2>/dev/null || true; } | { grep -o '/[^ ]*' || true; } | while read -r lib; do
    [ -e "$r$lib" ] && continue
    mkdir -p "$r$(dirname "$lib")"
    cp -L "$lib" "$r$lib"
  done
}

# dash as /bin/sh, as on Debian: busybox's shell runs its own applets ahead of
# PATH (so "dpkg" would be busybox's toy dpkg, not the real one)
copy_with_libs /usr/bin/dash /bin/sh
copy_with_libs /usr/sbin/sshd
copy_with_libs /usr/lib/openssh/sftp-server
copy_with_libs /usr/bin/dpkg
copy_with_libs /usr/bin/dpkg-deb
copy_with_libs /usr/bin/dpkg-query
copy_with_libs /usr/bin/dpkg-split
copy_with_libs /usr/bin/tar /bin/tar
copy_with_libs /usr/bin/dmesg /bin/dmesg
copy_with_libs /sbin/ldconfig   # dpkg insists it is on PATH
# the virtio network stack, in load order
mods="kernel/drivers/virtio/virtio_ring.ko kernel/drivers/virtio/virtio.ko
      kernel/drivers/virtio/virtio_pci_legacy_dev.ko kernel/drivers/virtio/virtio_pci_modern_dev.ko
      kernel/drivers/virtio/virtio_pci.ko kernel/net/core/failover.ko
      kernel/drivers/net/net_failover.ko kernel/drivers/net/virtio_net.ko"
: > "$r/etc/modules.order"
for m in $mods; do
  mkdir -p "$r/lib/modules/$release/$(dirname "$m")"
  cp "$kit/lib/modules/$release/$m" "$r/lib/modules/$release/$m"
  echo "/lib/modules/$release/$m" >> "$r/etc/modules.order"
done

cat > "$r/etc/passwd" <<PASSWD
root:x:0:0:root:/root:/bin/sh
sshd:x:100:65534::/run/sshd:/bin/false
PASSWD
echo 'root:*:19000:0:99999:7:::' > "$r/etc/shadow"
chmod 600 "$r/etc/shadow"
printf 'root:x:0:\nnogroup:x:65534:\n' > "$r/etc/group"
echo 'passwd: files' > "$r/etc/nsswitch.conf"
echo foosched-guest > "$r/etc/hostname"

cp "$host_key" "$r/etc/ssh/ssh_host_ed25519_key"
cp "$host_key.pub" "$r/etc/ssh/ssh_host_ed25519_key.pub"
chmod 600 "$r/etc/ssh/ssh_host_ed25519_key"
cp "$auth_keys" "$r/root/.ssh/authorized_keys"
chmod 700 "$r/root/.ssh"; chmod 600 "$r/root/.ssh/authorized_keys"
cat > "$r/etc/ssh/sshd_config" <<SSHD
Port 22
HostKey /etc/ssh/ssh_host_ed25519_key
PermitRootLogin prohibit-password
AuthorizedKeysFile /root/.ssh/authorized_keys
PubkeyAuthentication yes
PasswordAuthentication no
KbdInteractiveAuthentication no
UsePAM no
UseDNS no
StrictModes no
PidFile /run/sshd.pid
Subsystem sftp /usr/lib/openssh/sftp-server
SSHD

cat > "$r/init" <<'INIT'
#!/bin/sh
# PID 1 of the foosched e2e guest: mount, network, sshd, then idle.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
mount -t securityfs securityfs /sys/kernel/security
mount -t debugfs debugfs /sys/kernel/debug
hostname -F /etc/hostname
while read -r m; do insmod "$m" || echo "guest: insmod $m failed"; done < /etc/modules.order
ip link set lo up
ip link set eth0 up
ip addr add 10.0.2.15/24 dev eth0
ip route add default via 10.0.2.2
/usr/sbin/sshd -E /var/log/sshd.log && echo FOOSCHED-GUEST-READY
while :; do sleep 3600; done
INIT
chmod 755 "$r/init"

tmp_out="$out.tmp.$$"
(cd "$r" && find . -print0 | cpio --null -o -H newc --quiet | gzip -1) > "$tmp_out"
mv -f "$tmp_out" "$out"
