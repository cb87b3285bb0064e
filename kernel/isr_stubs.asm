; isr_stubs.asm: the interrupt and exception entry points.
;
; The 48 stubs (vectors 0-31: CPU exceptions, 0x20-0x2F: PIC lines) are
; GENERATED below by the %rep macro, not written out: each pushes a dummy
; error code where the CPU pushes none (EXC_ERRCODE_MASK in seg.h), then
; its vector, and jumps to isr_common. `isr_stub_table` lists them for
; idt.c. isr_common saves every register into a struct trap_frame
; (trap_frame.h), loads the kernel's data selectors, calls
; trap_dispatch(frame), and returns with IRET.
;
; Also here: df_task_entry (the double-fault task's first instruction),
; trap_setjmp / trap_longjmp (how an expected exception resumes a test) and
; trap_resume_longjmp (where a caught double fault resumes the kernel task).

%include "seg.inc"
%include "trap_frame.inc"
%include "syscall_abi.inc"

[BITS 32]

extern trap_dispatch
extern df_handler
extern trap_resume_jmp

global isr_stub_table
global isr_syscall
global df_task_entry
global trap_setjmp
global trap_longjmp
global trap_resume_longjmp

section .text

; One stub per vector, generated.
%if IRQ_BASE != EXC_VECTORS
%error "the stubs assume the PIC lines follow the exceptions directly"
%endif
%assign vec 0
%rep IDT_VECTORS
isr_stub_ %+ vec:
%if vec < EXC_VECTORS && ((EXC_ERRCODE_MASK >> vec) & 1) = 1
    ; the CPU pushed an error code
%else
    push dword 0                ; dummy error code
%endif
    push dword vec
    jmp isr_common
%assign vec vec + 1
%endrep

; The system-call gate (int 0x80, DPL 3): the same frame, vector SYSCALL_VECTOR.
isr_syscall:
    push dword 0
    push dword SYSCALL_VECTOR
    jmp isr_common

isr_common:
    pushad
    push ds
    push es
    push fs
    push gs
    mov ax, SEL_KDATA
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    cld
    mov eax, esp
    push eax                    ; struct trap_frame *
    call trap_dispatch
    add esp, 4
    pop gs
    pop fs
    pop es
    pop ds
    popad
    add esp, 8                  ; vector and error code
    iret

section .rodata
align 4
isr_stub_table:
%assign vec 0
%rep IDT_VECTORS
    dd isr_stub_ %+ vec
%assign vec vec + 1
%endrep

section .text

; The double-fault task starts here (gdt.c puts it in the TSS's EIP) on its
; own stack, with the CPU's error code (0) on it. df_handler only returns
; when a test expected the fault; IRET then goes back to the kernel task
; (NT is set), and the next double fault starts again at the JMP.
df_task_entry:
    xor ebp, ebp                ; ends stack walks
    call df_handler             ; error code stays on the stack as its argument
    add esp, 4
    iret
    jmp df_task_entry

; int trap_setjmp(struct trap_jmp *j): 0 now, the value given to
; trap_longjmp later.
trap_setjmp:
    mov eax, [esp + 4]
    mov [eax + TJ_EBX_OFF], ebx
    mov [eax + TJ_ESI_OFF], esi
    mov [eax + TJ_EDI_OFF], edi
    mov [eax + TJ_EBP_OFF], ebp
    lea ecx, [esp + 4]          ; ESP after our RET
    mov [eax + TJ_ESP_OFF], ecx
    mov ecx, [esp]
    mov [eax + TJ_EIP_OFF], ecx
    pushfd
    pop dword [eax + TJ_EFLAGS_OFF]
    xor eax, eax
    ret

; void trap_longjmp(struct trap_jmp *j, int val): resume trap_setjmp's
; caller with val (1 if 0), on its stack, with its EFLAGS. Ring 0 only.
trap_longjmp:
    mov edx, [esp + 4]
    mov eax, [esp + 8]
    test eax, eax
    jnz .val_ok
    inc eax
.val_ok:
    mov ebx, [edx + TJ_EBX_OFF]
    mov esi, [edx + TJ_ESI_OFF]
    mov edi, [edx + TJ_EDI_OFF]
    mov ebp, [edx + TJ_EBP_OFF]
    mov esp, [edx + TJ_ESP_OFF]
    push dword [edx + TJ_EFLAGS_OFF]
    popfd
    jmp [edx + TJ_EIP_OFF]

; The kernel task resumes here after a caught double fault.
trap_resume_longjmp:
    push dword 1
    push dword [trap_resume_jmp]
    call trap_longjmp

section .note.GNU-stack noalloc noexec nowrite progbits
