; trampoline.asm: from 64-bit long mode (UEFI, boot services gone) to the
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
; CR0.PG (this leaves long mode); clear EFER.LME and EFER.NXE; CR4 = 0;
; flat data segments; the stack at the top of this page; run the copy list
; (memmove, then zero fill); EAX = Multiboot2 magic, EBX = info; jump.

%include "handoff.inc"

%define CR0_PG        (1 << 31)
%define CR4_PCIDE     (1 << 17)
%define CR4_CET       (1 << 23)
%define MSR_EFER      0xC0000080
%define EFER_LME      (1 << 8)
%define EFER_NXE      (1 << 11)
%define MB2_MAGIC     0x36d76289

; GDT selectors (index * 8, RPL 0)
%define SEL_CODE32    0x08
%define SEL_DATA32    0x10

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

        xor     eax, eax
        mov     cr4, eax
        mov     cr3, eax

        mov     ax, SEL_DATA32
        mov     ds, ax
        mov     es, ax
        mov     ss, ax
        mov     fs, ax
        mov     gs, ax
        lea     esp, [ebx + TRAMP_PAGE_SIZE]

        cmp     dword [ebx + HANDOFF_OFFSET + HANDOFF_MAGIC_OFF], HANDOFF_MAGIC
        jne     halt

        ; Copy list: EBP walks the entries, [esp] counts down.
        mov     eax, [ebx + HANDOFF_OFFSET + HANDOFF_NCOPIES_OFF]
        cmp     eax, HANDOFF_MAX_COPIES
        ja      halt
        push    eax
        lea     ebp, [ebx + COPIES_OFFSET]
.next:
        cmp     dword [esp], 0
        je      .done
        mov     edi, [ebp + COPY_DST_OFF]
        mov     esi, [ebp + COPY_SRC_OFF]
        mov     ecx, [ebp + COPY_LEN_OFF]
        ; Forward unless the destination starts inside the source.
        cmp     edi, esi
        jbe     .forward
        mov     eax, esi
        add     eax, ecx
        cmp     edi, eax
        jae     .forward
        lea     esi, [esi + ecx - 1]
        lea     edi, [edi + ecx - 1]
        std
        rep movsb
        cld
        jmp     .zero
.forward:
        rep movsb
.zero:
        mov     edi, [ebp + COPY_DST_OFF]
        add     edi, [ebp + COPY_LEN_OFF]
        mov     ecx, [ebp + COPY_ZERO_OFF]
        xor     eax, eax
        rep stosb
        add     ebp, COPY_ENTRY_SIZE
        dec     dword [esp]
        jmp     .next
.done:
        add     esp, 4

        ; The Multiboot2 i386 machine state: EAX magic, EBX info, flat
        ; segments, CR0.PE=1, CR0.PG=0, EFLAGS.IF=0 (cli above), EFLAGS.DF=0.
        mov     ecx, [ebx + HANDOFF_OFFSET + HANDOFF_ENTRY_OFF]
        mov     eax, MB2_MAGIC
        mov     ebx, [ebx + HANDOFF_OFFSET + HANDOFF_INFO_OFF]
        push    dword 0                         ; EFLAGS = 0: IF, DF, VM, AC clear
        popfd
        jmp     ecx

halt:
        cli
        hlt
        jmp     halt

        align 8
gdt:
        dq      0                               ; null
        dq      0x00CF9A000000FFFF              ; 0x08: code, base 0, 4 GiB, 32-bit, ring 0
        dq      0x00CF92000000FFFF              ; 0x10: data, base 0, 4 GiB, ring 0
gdt_end:

        align 8
gdtr:
        dw      gdt_end - gdt - 1
gdtr_base:
        dq      0                               ; filled in at run time

        align 8
idtr_null:
        dw      0
        dq      0

tramp_end:
%if (tramp_end - tramp_start) > TRAMP_CODE_MAX
%error "trampoline code overruns HANDOFF_OFFSET"
%endif
