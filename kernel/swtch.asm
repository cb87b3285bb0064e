; swtch.asm: switching kernel stacks between the scheduler and processes,
; and a new process's first way out to ring 3.
;
; swtch(uint32_t *save_esp, uint32_t new_esp): push the callee-saved
; registers (EBP EBX ESI EDI), store ESP in *save_esp, load new_esp, pop
; the same four from it and return - on the other stack, to whoever called
; swtch there (or to proc_trapret for a process that never ran).
;
; proc_trapret: ESP points at a struct trap_frame (trap_frame.h) built by
; kernel/proc.c: restore it exactly as isr_common does and IRET to ring 3.

%include "trap_frame.inc"

[BITS 32]

global swtch
global proc_trapret

section .text

swtch:
    mov eax, [esp + 4]          ; save_esp
    mov edx, [esp + 8]          ; new_esp
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, edx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

proc_trapret:
    pop gs
    pop fs
    pop es
    pop ds
    popad
    add esp, TF_EIP_OFF - TF_VECTOR_OFF  ; vector and error code
    iret

section .note.GNU-stack noalloc noexec nowrite progbits
