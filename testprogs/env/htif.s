# HTIF's two words (riscv-tests' convention): a program ends by writing
# `tohost` ((code << 1) | 1; 1 = pass). hemu and QEMU's `-M spike` find them
# by their symbols, and QEMU's HTIF checks the symbol sizes; each word is
# alone in its 64-byte line, as riscv-tests place them.

    .section .tohost, "aw", @progbits
    .balign 64
    .globl tohost
    .type tohost, @object
    .size tohost, 8
tohost: .dword 0
    .balign 64
    .globl fromhost
    .type fromhost, @object
    .size fromhost, 8
fromhost: .dword 0
