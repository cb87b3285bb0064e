; trampoline32.asm: from 32-bit UEFI (boot services gone) to the Multiboot2
; i386 machine state, then into the kernel. The BOOTIA32.EFI counterpart of
; trampoline64.asm, with the same page layout (handoff.h).
;
; 32-bit UEFI firmware already runs in protected mode with flat segments,
; perhaps with identity paging (PAE with NX where it protects memory). So:
; cli; find our own address (call/pop); own GDT and a null IDT; far jump to
; reload CS; CR0.PG off (identity mapped, so execution goes on in place);
; EFER.NXE off where EFER exists; then the shared pm32.inc: CR4 = 0, flat
; data segments, our stack, the copy list, EAX/EBX, jump. Called with the
; cdecl convention and no arguments; it never returns.

%include "handoff.inc"
%include "pm32_defs.inc"

        bits 32
        org 0

tramp_start:
        cli
        cld
        call    .here
.here:
        pop     ebx
        sub     ebx, .here                      ; EBX = the page's base (org 0)

        lea     eax, [ebx + gdt]
        mov     [ebx + gdtr_base], eax
        mov     dword [ebx + gdtr_base + 4], 0
        lgdt    [ebx + gdtr]
        lidt    [ebx + idtr_null]

        lea     esp, [ebx + TRAMP_PAGE_SIZE]
        push    dword SEL_CODE32
        lea     eax, [ebx + flat32]
        push    eax
        retf

flat32:
        mov     eax, cr0
        and     eax, ~CR0_PG
        mov     cr0, eax

        ; EFER exists only on CPUs with NX or long mode; clear NXE there.
        ; CPUID overwrites EBX: keep the page base in ESI meanwhile.
        mov     esi, ebx
        mov     eax, CPUID_EXT_BASE
        cpuid
        cmp     eax, CPUID_EXT_FEATURES
        jb      .efer_done
        mov     eax, CPUID_EXT_FEATURES
        cpuid
        test    edx, CPUID_EDX_NX | CPUID_EDX_LM
        jz      .efer_done
        mov     ecx, MSR_EFER
        rdmsr
        and     eax, ~(EFER_LME | EFER_NXE)
        wrmsr
.efer_done:
        mov     ebx, esi
        jmp     pm32_common

%include "pm32.inc"

tramp_end:
%if (tramp_end - tramp_start) > TRAMP_CODE_MAX
%error "trampoline code overruns HANDOFF_OFFSET"
%endif
