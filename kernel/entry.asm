; entry.asm: the kernel's first instructions (ELF entry point `_start`).
;
; Contract on entry (Multiboot2, i386): 32-bit protected mode, paging off,
; flat segments, EAX = 0x36d76289, EBX = physical address of the information
; structure. Nothing else is trusted: no stack is assumed.
;
; The kernel is linked at KERNEL_VBASE + its physical address (kernel.ld),
; and runs here at its physical address: until paging is on, every memory
; operand goes through PHYS().
;
; What it does, in this order:
;  1. record EAX, EBX, ESP and EFLAGS into `entry_state` before any
;     instruction that changes a flag or a register it records (plain MOVs
;     and a PUSHFD onto a small scratch stack in .data);
;  2. record CR0, CR4, the selectors, and EFER - the last only when CPUID
;     exists and leaf 0x80000001 reports long mode or NX (else 0);
;  3. scan .bss for nonzero dwords (the loader must have zeroed it) and
;     record the first one's address; nothing has written .bss yet;
;  4. turn paging on with boot_pd (4 MiB pages: an identity map of the
;     first BOOT_IDENTITY_SIZE bytes, for the next few instructions, and the
;     direct map at KERNEL_VBASE; the last PDE holds the temporary-slot
;     table), CR4.PSE, CR0.PG and CR0.WP, jump to the higher half and
;     drop the identity map again (reload CR3);
;  5. switch to the 16 KiB boot stack (guard page below it: kernel.ld),
;     CLD, call kmain(&entry_state); kvm.c builds the real tables later;
;  6. if kmain returns: CLI; HLT forever.
;
; The magic is checked in C (kmain), which can print a message about it.
; Offsets come from kernel/include/entry_state.h (entry_state.inc) and the
; architectural constants from kernel/include/x86.h (x86.inc).

%include "x86.inc"
%include "entry_state.inc"
%include "paging.inc"

%define PHYS(x) ((x) - KERNEL_VBASE)

[BITS 32]

BOOT_STACK_SIZE    equ 16384
BOOT_STACK_ALIGN   equ 16
SCRATCH_STACK_SIZE equ 16           ; room for two dwords while probing EFLAGS
DWORD_SHIFT        equ 2            ; bytes -> dwords
DWORD_BYTES        equ 4
KMAIN_ARG_PAD      equ 12           ; keep ESP 16-aligned at the call (one 4-byte argument)

extern kmain
extern _bss_start
extern _bss_end

global _start
global entry_state
global boot_stack_bottom
global boot_stack_top
global boot_pd
global temp_pt

BOOT_PDE_4M        equ PTE_P | PTE_W | PTE_PS
BOOT_IDENTITY_PDES equ BOOT_IDENTITY_SIZE / LARGE_PAGE_SIZE
DIRECT_MAP_PDES    equ DIRECT_MAP_SIZE / LARGE_PAGE_SIZE
TEMP_PDX           equ TEMP_VBASE / LARGE_PAGE_SIZE
PAGE_BYTES         equ 4096

section .text

_start:
    ; 1. Nothing here changes a flag: MOV and PUSHFD/POP to memory.
    mov [PHYS(entry_state) + ENTRY_EAX_OFF], eax
    mov [PHYS(entry_state) + ENTRY_EBX_OFF], ebx
    mov [PHYS(entry_state) + ENTRY_ESP_OFF], esp
    mov esp, PHYS(scratch_stack_top)
    pushfd
    pop dword [PHYS(entry_state) + ENTRY_EFLAGS_OFF]

    ; 2. Control registers and selectors.
    mov eax, cr0
    mov [PHYS(entry_state) + ENTRY_CR0_OFF], eax
    mov eax, cr4
    mov [PHYS(entry_state) + ENTRY_CR4_OFF], eax
    xor eax, eax
    mov ax, cs
    mov [PHYS(entry_state) + ENTRY_CS_OFF], eax
    mov ax, ds
    mov [PHYS(entry_state) + ENTRY_DS_OFF], eax
    mov ax, ss
    mov [PHYS(entry_state) + ENTRY_SS_OFF], eax
    mov dword [PHYS(entry_state) + ENTRY_FLAGS_OFF], 0
    mov dword [PHYS(entry_state) + ENTRY_EFER_LO_OFF], 0
    mov dword [PHYS(entry_state) + ENTRY_EFER_HI_OFF], 0

    ; CPUID exists iff EFLAGS.ID can be toggled.
    pushfd
    pop eax
    mov ecx, eax
    xor eax, EFLAGS_ID
    push eax
    popfd
    pushfd
    pop eax
    push ecx                        ; restore the original EFLAGS
    popfd
    xor eax, ecx
    test eax, EFLAGS_ID
    jz .efer_done
    or dword [PHYS(entry_state) + ENTRY_FLAGS_OFF], ENTRY_HAS_CPUID

    ; EFER exists when the extended feature leaf reports long mode or NX.
    mov eax, CPUID_EXT_BASE
    cpuid
    cmp eax, CPUID_EXT_FEATURES
    jb .efer_done
    mov eax, CPUID_EXT_FEATURES
    cpuid
    test edx, CPUID_EXT_EDX_LM | CPUID_EXT_EDX_NX
    jz .efer_done
    mov ecx, MSR_EFER
    rdmsr
    mov [PHYS(entry_state) + ENTRY_EFER_LO_OFF], eax
    mov [PHYS(entry_state) + ENTRY_EFER_HI_OFF], edx
    or dword [PHYS(entry_state) + ENTRY_FLAGS_OFF], ENTRY_HAS_EFER
.efer_done:

    ; 3. Was .bss zeroed? (kernel.ld keeps _bss_start/_bss_end 4-aligned.)
    cld
    mov dword [PHYS(entry_state) + ENTRY_BSS_DIRTY_OFF], 0
    mov edi, PHYS(_bss_start)
    mov ecx, PHYS(_bss_end)
    sub ecx, edi
    shr ecx, DWORD_SHIFT
    jecxz .bss_done
    xor eax, eax
    repe scasd
    je .bss_done
    lea eax, [edi - DWORD_BYTES]    ; SCASD stepped past the nonzero dword
    mov [PHYS(entry_state) + ENTRY_BSS_DIRTY_OFF], eax
.bss_done:

    ; 4. Paging on with the boot page directory, then the higher half.
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov eax, PHYS(boot_pd)
    mov cr3, eax
    mov eax, cr0
    or eax, CR0_PG | CR0_WP
    mov cr0, eax
    mov eax, .high
    jmp eax
.high:
    ; The identity map has served: drop it, so that null pointers fault
    ; from the first line of C on (CLD was done in step 3).
    xor eax, eax
    mov edi, boot_pd
    mov ecx, BOOT_IDENTITY_PDES
    rep stosd
    mov eax, cr3
    mov cr3, eax

    ; 5. The boot stack, then C.
    mov esp, boot_stack_top
    xor ebp, ebp                    ; ends frame-pointer walks
    sub esp, KMAIN_ARG_PAD
    push entry_state
    call kmain

    ; 6. kmain is not supposed to return.
.halt:
    cli
    hlt
    jmp .halt

section .data
align DWORD_BYTES
entry_state:
    times ENTRY_STATE_SIZE db 0

align DWORD_BYTES
scratch_stack_bottom:
    times SCRATCH_STACK_SIZE db 0
scratch_stack_top:

; The boot page directory: 4 MiB pages (kvm.c adds windows to it before
; the real directory replaces it).
section .boot_pd progbits alloc noexec write align=PAGE_BYTES
boot_pd:
%assign i 0
%rep BOOT_IDENTITY_PDES
    dd (i * LARGE_PAGE_SIZE) | BOOT_PDE_4M
%assign i i + 1
%endrep
    times (KERNEL_PDX - BOOT_IDENTITY_PDES) dd 0
%assign i 0
%rep DIRECT_MAP_PDES
    dd (i * LARGE_PAGE_SIZE) | BOOT_PDE_4M
%assign i i + 1
%endrep
    times (TEMP_PDX - KERNEL_PDX - DIRECT_MAP_PDES) dd 0
    dd PHYS(temp_pt) + (PTE_P | PTE_W | PTE_AVAIL_STATIC)

; The temporary-slot page table (mm_glue.c), shared by every directory.
section .bss.pagetables nobits alloc noexec write align=PAGE_BYTES
temp_pt:
    resb PAGE_BYTES

; The section's alignment aligns the stack (NASM 2.16's alignb trips -w+error).
section .boot_stack nobits alloc noexec write align=BOOT_STACK_ALIGN
boot_stack_bottom:
    resb BOOT_STACK_SIZE
boot_stack_top:

section .note.GNU-stack noalloc noexec nowrite progbits
