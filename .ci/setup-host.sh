#!/usr/bin/env bash
# Idempotent host setup for Foosched on Debian 12: the packages the pipeline, the GCC
# collector plugin, the package builders and the QEMU test host need. Runs as root with
# no standard input (CI); re-running installs nothing new.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

packages=(
  # kernel build and the collector plugin
  build-essential gcc-12-plugin-dev libelf-dev libssl-dev flex bison bc dwarves kmod cpio
  xz-utils zstd rsync patch openssl
  # packages: RPM and DEB
  rpm dpkg-dev fakeroot
  # the test host: QEMU (TCG), its Debian image, SSH
  qemu-system-x86 qemu-utils debootstrap e2fsprogs busybox-static openssh-client
  # SSH layer tests run a private sshd (and ssh-agent) on a loopback port
  openssh-server
  # headless GUI tests and screenshots
  xvfb
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup-host: these Debian packages are missing: ${missing[*]}; run this script as root" >&2
    exit 1
  fi
  echo "setup-host: installing ${missing[*]}"
  apt-get update -q
  apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "setup-host: all ${#packages[@]} packages present"
fi
