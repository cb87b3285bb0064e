/*
 * trap_frame.h: what kernel/isr_stubs.asm saves on an interrupt or
 * exception, and the jump buffer of trap_setjmp/trap_longjmp. The offsets
 * are shared with the assembly through build/kernel/inc/trap_frame.inc
 * (tools/gen-nasm-inc.sh); the _Static_asserts tie them to the structs.
 *
 * Stack at the C handler, lowest address first: GS FS ES DS (pushed by the
 * stub), EDI ESI EBP ESP' EBX EDX ECX EAX (PUSHAD), vector, error code (the
 * CPU's, or 0 pushed by the stub), then the CPU's EIP CS EFLAGS and - only
 * when the CPU came from ring 3 - user ESP and SS.
 */
#ifndef KERNEL_TRAP_FRAME_H
#define KERNEL_TRAP_FRAME_H

#include <stdint.h>

#define TF_GS_OFF      0u
#define TF_FS_OFF      4u
#define TF_ES_OFF      8u
#define TF_DS_OFF      12u
#define TF_EDI_OFF     16u
#define TF_ESI_OFF     20u
#define TF_EBP_OFF     24u
#define TF_ESP0_OFF    28u
#define TF_EBX_OFF     32u
#define TF_EDX_OFF     36u
#define TF_ECX_OFF     40u
#define TF_EAX_OFF     44u
#define TF_VECTOR_OFF  48u
#define TF_ERR_OFF     52u
#define TF_EIP_OFF     56u
#define TF_CS_OFF      60u
#define TF_EFLAGS_OFF  64u
#define TF_UESP_OFF    68u
#define TF_USS_OFF     72u
#define TF_SIZE        76u
#define TF_CPU_SEL_WORDS 4u /* GS FS ES DS pushed by the stub */

struct trap_frame {
    uint32_t gs, fs, es, ds;
    uint32_t edi, esi, ebp, esp_pushad, ebx, edx, ecx, eax;
    uint32_t vector, err;
    uint32_t eip, cs, eflags;
    uint32_t user_esp, user_ss; /* valid only when (cs & 3) != 0 */
};

_Static_assert(sizeof(struct trap_frame) == TF_SIZE, "trap_frame size");
_Static_assert(__builtin_offsetof(struct trap_frame, gs) == TF_GS_OFF, "gs");
_Static_assert(__builtin_offsetof(struct trap_frame, ds) == TF_DS_OFF, "ds");
_Static_assert(__builtin_offsetof(struct trap_frame, edi) == TF_EDI_OFF, "edi");
_Static_assert(__builtin_offsetof(struct trap_frame, esp_pushad) == TF_ESP0_OFF, "esp");
_Static_assert(__builtin_offsetof(struct trap_frame, eax) == TF_EAX_OFF, "eax");
_Static_assert(__builtin_offsetof(struct trap_frame, vector) == TF_VECTOR_OFF, "vector");
_Static_assert(__builtin_offsetof(struct trap_frame, err) == TF_ERR_OFF, "err");
_Static_assert(__builtin_offsetof(struct trap_frame, eip) == TF_EIP_OFF, "eip");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == TF_CS_OFF, "cs");
_Static_assert(__builtin_offsetof(struct trap_frame, eflags) == TF_EFLAGS_OFF, "eflags");
_Static_assert(__builtin_offsetof(struct trap_frame, user_esp) == TF_UESP_OFF, "user esp");
_Static_assert(__builtin_offsetof(struct trap_frame, user_ss) == TF_USS_OFF, "user ss");

/* The registers trap_setjmp keeps (callee-saved, stack, resume point, flags). */
#define TJ_EBX_OFF    0u
#define TJ_ESI_OFF    4u
#define TJ_EDI_OFF    8u
#define TJ_EBP_OFF    12u
#define TJ_ESP_OFF    16u
#define TJ_EIP_OFF    20u
#define TJ_EFLAGS_OFF 24u
#define TJ_SIZE       28u

struct trap_jmp {
    uint32_t ebx, esi, edi, ebp, esp, eip, eflags;
};

_Static_assert(sizeof(struct trap_jmp) == TJ_SIZE, "trap_jmp size");
_Static_assert(__builtin_offsetof(struct trap_jmp, ebx) == TJ_EBX_OFF, "ebx");
_Static_assert(__builtin_offsetof(struct trap_jmp, esi) == TJ_ESI_OFF, "esi");
_Static_assert(__builtin_offsetof(struct trap_jmp, edi) == TJ_EDI_OFF, "edi");
_Static_assert(__builtin_offsetof(struct trap_jmp, ebp) == TJ_EBP_OFF, "ebp");
_Static_assert(__builtin_offsetof(struct trap_jmp, esp) == TJ_ESP_OFF, "esp");
_Static_assert(__builtin_offsetof(struct trap_jmp, eip) == TJ_EIP_OFF, "eip");
_Static_assert(__builtin_offsetof(struct trap_jmp, eflags) == TJ_EFLAGS_OFF, "eflags");

#endif /* KERNEL_TRAP_FRAME_H */
