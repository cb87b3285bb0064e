; trampoline64.asm: from 64-bit long mode (UEFI, boot services gone) to the
; Multiboot2 i386 machine state, then into the kernel.
;
; The loader copies this flat binary to offset 0 of one page below 4 GiB,
; fills in the struct handoff and the copy list after it (handoff.h), and
; calls offset 0 with the SysV ABI; nothing is passed in registers since
; the page finds its own data RIP-relatively. The code is position
; independent: the only absolute address it needs (the GDT's, for LGDT) is
; computed at run time. It never returns.
;
; Steps: cli; own GDT; clear CR4.PCIDE and CR4.CET while still in 64-bit
; mode; far return into a 32-bit code segment (compatibility mode); clear
; CR0.PG (this leaves long mode); clear EFER.LME and EFER.NXE; then the
; shared pm32.inc: CR4 = 0;
; flat data segments; the stack at the top of this page; run the copy list
; (memmove, then zero fill); EAX = Multiboot2 magic, EBX = info; jump.

%include "handoff.inc"

%include "pm32_defs.inc"

        bits 64
        org 0

tramp_start:
        cli
        cld
        lea     rbx, [rel tramp_start]          ; page base, kept in EBX below

        ; Our own GDT: the firmware's lives in memory that is no longer
        ; reserved for it.
        lea     rax, [rel gdt]
        mov     [rel gdtr_base], rax
        lgdt    [rel gdtr]

        ; A null IDT: any exception from here on shuts the machine down
        ; (QEMU -no-reboot stops) instead of jumping into freed firmware code.
        lidt    [rel idtr_null]

        ; PCIDE must be clear before paging goes off; CET must be clear
        ; before CR0.WP could change and is meaningless without paging.
        mov     rax, cr4
        and     rax, ~(CR4_PCIDE | CR4_CET)
        mov     cr4, rax

        ; Far return into the 32-bit code segment (compatibility mode).
        lea     rsp, [rbx + TRAMP_PAGE_SIZE]
        lea     rax, [rel compat32]
        push    qword SEL_CODE32
        push    rax
        o64 retf

        bits 32
compat32:
        ; Paging off: the CPU leaves IA-32e mode (EFER.LMA clears). We run
        ; identity-mapped, so the next instruction is where it was.
        mov     eax, cr0
        and     eax, ~CR0_PG
        mov     cr0, eax

        ; Long mode and no-execute off (NXE may only change with paging off
        ; in our order of things; it has no effect without PAE paging).
        mov     ecx, MSR_EFER
        rdmsr
        and     eax, ~(EFER_LME | EFER_NXE)
        wrmsr

        jmp     pm32_common

%include "pm32.inc"

tramp_end:
%if (tramp_end - tramp_start) > TRAMP_CODE_MAX
%error "trampoline code overruns HANDOFF_OFFSET"
%endif
