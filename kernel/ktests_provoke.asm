; ktests_provoke.asm: instructions the exception tests (ktests_trap.c) run to
; provoke faults, each at a global label so a test can check the reported
; EIP, and the drop to ring 3.

%include "seg.inc"
%include "x86.inc"

[BITS 32]

global ktest_div0
global ktest_div0_insn
global ktest_ud2
global ktest_ud2_insn
global ktest_load_ds
global ktest_load_ds_insn
global ktest_ring3_enter
global ktest_stack_overflow
global ktest_ring3_code
global ktest_ring3_insn

section .text

; void ktest_div0(void): divide by zero (#DE).
ktest_div0:
    xor edx, edx
    xor eax, eax
    xor ecx, ecx
ktest_div0_insn:
    div ecx
    ret

; void ktest_stack_overflow(void): push until the stack runs into its
; guard page: the #PF cannot be delivered on that stack, so the CPU raises
; #DF, which the task gate takes to a stack of its own.
ktest_stack_overflow:
    push eax
    jmp ktest_stack_overflow

; void ktest_ud2(void): an invalid opcode (#UD).
ktest_ud2:
ktest_ud2_insn:
    ud2
    ret

; void ktest_load_ds(uint32_t sel): load DS with sel (a bad one: #GP(sel)),
; then the kernel's data selector again.
ktest_load_ds:
    mov eax, [esp + 4]
ktest_load_ds_insn:
    mov ds, ax
    mov ax, SEL_KDATA
    mov ds, ax
    ret

; void ktest_ring3_enter(uint32_t eip, uint32_t esp): IRET to ring 3 at eip
; with stack esp, the user selectors and interrupts off. Does not return:
; the test resumes through trap_longjmp when the user code faults.
ktest_ring3_enter:
    mov eax, [esp + 4]
    mov ecx, [esp + 8]
    mov dx, SEL_UDATA
    mov ds, dx
    mov es, dx
    mov fs, dx
    mov gs, dx
    push dword SEL_UDATA        ; SS
    push ecx                    ; ESP
    pushfd
    and dword [esp], ~EFLAGS_IF ; EFLAGS: IOPL 0, IF 0
    push dword SEL_UCODE        ; CS
    push eax                    ; EIP
    iret

; Ring-3 code: HLT is privileged, so it raises #GP(0) with CPL 3 in CS.
ktest_ring3_code:
ktest_ring3_insn:
    hlt
    jmp ktest_ring3_code

section .note.GNU-stack noalloc noexec nowrite progbits
