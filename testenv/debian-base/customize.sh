#!/bin/sh
# Trims the debootstrapped root file system before it is imported as
# reflector-test/debian-base:bookworm. Runs on the host with the rootfs directory as $1
# (no chroot needed). Part of the image's build inputs: editing it rebuilds every image.
set -eu
root=${1:?usage: customize.sh ROOTFS}
[ -d "$root/usr/bin" ] || { echo "customize.sh: $root is not a root file system" >&2; exit 2; }

# The postgresql-15 package creates a default cluster (15/main); the postgres image
# initialises its own data directory like the official image, so drop it.
rm -rf "$root/var/lib/postgresql/15/main" "$root/etc/postgresql/15/main"

# No package downloads or lists in the image; the images never run apt.
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/cache/apt/*.bin "$root"/var/lib/apt/lists/*
rm -f "$root/etc/apt/sources.list"
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/*
rm -rf "$root"/var/log/*.log "$root"/var/log/apt/* "$root"/tmp/* "$root"/var/tmp/*

# Docker writes these per container.
: > "$root/etc/hostname"
rm -f "$root/etc/resolv.conf"

# `python` on PATH: python-is-python3 provides it; keep a fallback.
[ -e "$root/usr/bin/python" ] || ln -s python3 "$root/usr/bin/python"
