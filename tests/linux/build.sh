#!/usr/bin/env bash
# Builds the Linux used by the system tests (tests/tests/linux.rs): a small
# riscv64 kernel from Debian's linux-source-6.12 (tinyconfig plus
# kernel.config) with an initramfs built in, whose /init is init.c, a static
# program of ours, linked with vmm.c (a KVM VMM) and kvm_guest.S (its guest),
# compiled against the kernel's own uapi headers (the cross libc's are older
# than 6.12's KVM API). Installs nothing: it needs
#   apt-get install linux-source-6.12 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross
# (.ci/run does it) plus make, bc, flex, bison, libc6-dev (gcc's usual set).
#
# Output: target/linux/<key>/Image and, beside it, initrd.cpio (a separate
# initrd for --initrd / -initrd), where <key> hashes this script, the
# config fragment, the init's sources and the kernel source tarball, so a change to any
# of them builds afresh and an unchanged tree reuses the cached kernel.
# Prints the Image's path on its last line. `build.sh --cached` builds
# nothing: it prints the path if this tree's kernel is built, else exits 3.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
tarball=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.12.tar.xz}
cross=riscv64-linux-gnu-
out_root=${HEMU_LINUX_OUT:-$root/target/linux}

for tool in "${cross}gcc" make flex bison bc; do
    command -v "$tool" >/dev/null || { echo "build.sh: $tool not found (see the install line at the top)" >&2; exit 2; }
done
[ -f "$tarball" ] || { echo "build.sh: $tarball not found (apt-get install linux-source-6.12)" >&2; exit 2; }

sources=("$here"/init.c "$here"/vmm.c "$here"/vmm.h "$here"/kvm_guest.S "$here"/kvm_guest.h)
key=$( { cat "$here/build.sh" "$here/kernel.config" "${sources[@]}"; stat -c '%s %Y' "$tarball"; } | sha256sum | cut -c1-16)
out=$out_root/$key
if [ -f "$out/Image" ]; then
    echo "$out/Image"
    exit 0
fi
# --cached: only say where the cached kernel is (the tests use this, so a
# plain `cargo test` never starts a kernel build); exit 3 if there is none.
if [ "${1:-}" = --cached ]; then
    echo "build.sh: no kernel built for this tree yet (run tests/linux/build.sh)" >&2
    exit 3
fi
mkdir -p "$out_root"

# The source, unpacked once per tarball.
src=$out_root/src-$(stat -c '%s-%Y' "$tarball")
if [ ! -f "$src/.unpacked" ]; then
    echo "== unpacking $tarball" >&2
    rm -rf "$src" && mkdir -p "$src"
    tar -xf "$tarball" -C "$src" --strip-components=1
    touch "$src/.unpacked"
fi

# One build directory for every key: a changed init or option rebuilds
# only what it touches.
build=$out_root/build
work=$out.partial
rm -rf "$work" && mkdir -p "$build" "$work/initramfs"

echo "== kernel config (tinyconfig + kernel.config)" >&2
kmake() { make -C "$src" O="$build" ARCH=riscv CROSS_COMPILE="$cross" "$@"; }
kmake -s tinyconfig
{ cat "$here/kernel.config"; echo "CONFIG_INITRAMFS_SOURCE=\"$work/initramfs.list\""; } > "$work/fragment.config"
(cd "$build" && KCONFIG_CONFIG=.config "$src/scripts/kconfig/merge_config.sh" -m -O . .config "$work/fragment.config" >/dev/null)
kmake -s olddefconfig
# Every option asked for must have stuck (a renamed or unmet one is a silent loss).
missing=$(grep -E '^CONFIG_[A-Z0-9_]+=y' "$here/kernel.config" | while read -r line; do
    grep -qx "$line" "$build/.config" || echo "$line"
done | grep -vE 'CONFIG_(SOC_VIRT|ARCH_VIRT)=y' || true)
if [ -n "$missing" ]; then
    echo "build.sh: these options did not stick in .config:" $missing >&2
    exit 1
fi

echo "== uapi headers (for the VMM)" >&2
kmake -s headers
echo "== init (static, ${cross}gcc)" >&2
"${cross}gcc" -static -O2 -Wall -Werror -isystem "$build/usr/include" \
    -o "$work/initramfs/init" "$here/init.c" "$here/vmm.c" "$here/kvm_guest.S"
cat > "$work/initramfs.list" <<LIST
dir /dev 0755 0 0
nod /dev/console 0600 0 0 c 5 1
dir /proc 0755 0 0
dir /sys 0755 0 0
file /init $work/initramfs/init 0755 0 0
LIST

echo "== kernel (make Image, $(nproc) jobs)" >&2
kmake -s -j"$(nproc)" Image
cp "$build/arch/riscv/boot/Image" "$work/Image"

# A separate initrd (newc cpio, made with the kernel's own gen_init_cpio),
# for --initrd: one marker file that init checks (init.c, INITRD_MARKER).
echo "== initrd.cpio" >&2
printf 'hemu initrd marker 5f3a\n' > "$work/initrd-marker"
echo "file /initrd-marker $work/initrd-marker 0644 0 0" > "$work/initrd.list"
"$build/usr/gen_init_cpio" "$work/initrd.list" > "$work/initrd.cpio"
cp "$build/.config" "$work/config"
rm -rf "$out" && mv "$work" "$out"
echo "$out/Image"
