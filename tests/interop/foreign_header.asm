; foreign_header.asm: a Multiboot2 kernel that is not ours, written from the
; specification alone, to check that our loader boots other kernels. Its
; header asks for: command line (1) and memory map (6) as required; loader
; name (2), BIOS boot device (5: a loader on UEFI cannot give it) and ACPI
; new RSDP (15) as optional. Built twice: with REQUIRE_BOOTDEV defined the
; boot device request is required, and the loader must refuse the kernel.
; This file is its header; tk_entry.asm its entry, foreign_main.c its checks.

%define MB2_MAGIC        0xE85250D6
%define MB2_ARCH_I386    0
%define TAG_INFO_REQUEST 1
%define TAG_END          0
%define FLAG_OPTIONAL    1

        bits 32
        section .mb2header
        align 8
header:
        dd MB2_MAGIC, MB2_ARCH_I386, header_end - header
        dd -(MB2_MAGIC + MB2_ARCH_I386 + (header_end - header))
        align 8
req_required:
        dw TAG_INFO_REQUEST, 0
        dd req_required_end - req_required
        dd 1, 6
%ifdef REQUIRE_BOOTDEV
        dd 5
%endif
req_required_end:
        align 8
req_optional:
        dw TAG_INFO_REQUEST, FLAG_OPTIONAL
        dd req_optional_end - req_optional
        dd 2, 5, 15
req_optional_end:
        align 8
        dw TAG_END, 0
        dd 8
header_end:
