; mb2_header.asm: the kernel's Multiboot2 header.
;
; It lives in section .multiboot2, which kernel/kernel.ld places first in the
; image so the header sits in the first 32 KiB of the file (the loader and
; GRUB search there), 8-byte aligned. The constants come from
; kernel/include/multiboot2.h through the generated multiboot2.inc.
;
; What the kernel asks for:
;  - required (every Multiboot2 loader, GRUB on BIOS or UEFI, can supply it):
;    command line, basic memory information, memory map;
;  - optional (nice to have; UEFI loaders supply most of them): loader name,
;    modules, framebuffer, EFI system table (32/64), ACPI RSDP (old/new),
;    EFI memory map, load base address;
;  - a framebuffer with no preferred mode (keep whatever the firmware set), optional.

%include "multiboot2.inc"

[BITS 32]

MB2_FB_NO_PREFERENCE equ 0

section .multiboot2 progbits alloc noexec nowrite align=MB2_HEADER_ALIGN

mb2_header_start:
    dd MB2_HEADER_MAGIC
    dd MB2_HEADER_ARCH_I386
    dd mb2_header_end - mb2_header_start
    dd -(MB2_HEADER_MAGIC + MB2_HEADER_ARCH_I386 + (mb2_header_end - mb2_header_start))

; Information every loader can meet: a required request.
align MB2_HEADER_ALIGN, db 0
.required_request:
    dw MB2_HTAG_INFO_REQUEST
    dw 0
    dd .required_request_end - .required_request
    dd MB2_TAG_CMDLINE
    dd MB2_TAG_BASIC_MEMINFO
    dd MB2_TAG_MMAP
.required_request_end:

; Information only some loaders (or firmware) have: an optional request.
align MB2_HEADER_ALIGN, db 0
.optional_request:
    dw MB2_HTAG_INFO_REQUEST
    dw MB2_HTAG_FLAG_OPTIONAL
    dd .optional_request_end - .optional_request
    dd MB2_TAG_LOADER_NAME
    dd MB2_TAG_MODULE
    dd MB2_TAG_FRAMEBUFFER
    dd MB2_TAG_EFI32
    dd MB2_TAG_EFI64
    dd MB2_TAG_ACPI_OLD
    dd MB2_TAG_ACPI_NEW
    dd MB2_TAG_EFI_MMAP
    dd MB2_TAG_LOAD_BASE_ADDR
.optional_request_end:

align MB2_HEADER_ALIGN, db 0
.framebuffer:
    dw MB2_HTAG_FRAMEBUFFER
    dw MB2_HTAG_FLAG_OPTIONAL
    dd .framebuffer_end - .framebuffer
    dd MB2_FB_NO_PREFERENCE     ; width
    dd MB2_FB_NO_PREFERENCE     ; height
    dd MB2_FB_NO_PREFERENCE     ; depth
.framebuffer_end:

align MB2_HEADER_ALIGN, db 0
.end:
    dw MB2_HTAG_END
    dw 0
    dd .end_end - .end
.end_end:
mb2_header_end:

section .note.GNU-stack noalloc noexec nowrite progbits
