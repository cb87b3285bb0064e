# tools/kernel.gdb: attach gdb to `make debug` (QEMU halted, gdb stub on :1234)
# and load the kernel's symbols.
#
#   terminal 1: make debug
#   terminal 2: gdb -x tools/kernel.gdb
#
# The kernel is i386 code, but QEMU here is qemu-system-x86_64 (the firmware
# is 64-bit) and its gdb stub always sends 64-bit registers: with
# `set architecture i386` gdb stops with "Remote 'g' packet reply is too
# long". So the session uses i386:x86-64. Breakpoints, source lines and
# globals work; frame arguments, backtraces and disassembly are decoded as
# 64-bit and can mislead (read 32-bit registers as $eax, $esp, $pc).
#
# Hints:
#   hbreak _start           the kernel's first instruction
#   hbreak kmain            C entry (hardware breakpoints survive the loader
#   continue                copying the kernel into place)
#   entry-state             the registers entry.asm recorded (defined below)
#   p/x $pc / p/x $eax / x/16wx $esp   ($eip does not exist in this mode)

file build/kernel/kernel.elf
set architecture i386:x86-64
target remote localhost:1234

define entry-state
    print/x *(struct entry_state *)&entry_state
end
document entry-state
Print the machine state kernel/entry.asm recorded at the first instruction.
end
