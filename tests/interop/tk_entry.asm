; tk_entry.asm: the entry of the tests/interop test kernels (tk.h), shared by
; the Multiboot2 and the Multiboot1 one; their headers are in
; foreign_header.asm and mb1_header.asm. Independent of kernel/. _start
; records EAX/EBX/CR0/EFLAGS as the loader left them (struct tk_entry),
; switches to its own stack and calls tk_main(state) (C); if that returns,
; it halts.

%define STACK_BYTES      8192

        bits 32
        section .text
        global _start
        extern tk_main
_start:
        mov     [state + 0], eax
        mov     [state + 4], ebx
        mov     esp, stack_top
        pushfd
        pop     dword [state + 12]
        mov     eax, cr0
        mov     [state + 8], eax
        push    state
        call    tk_main
.halt:
        cli
        hlt
        jmp     .halt

        section .bss
        align 16
        global state
state:  resd 4                          ; eax, ebx, cr0, eflags
stack:  resb STACK_BYTES
stack_top:
