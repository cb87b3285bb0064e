; mb1_header.asm: a Multiboot1 (0x1BADB002) kernel written from the
; Multiboot 0.6.96 specification alone, as the tutorials build them (ELF,
; no a.out kludge), to check that our loader boots such kernels. Its header
; asks for page-aligned modules (flag 0), memory information (flag 1) and a
; video mode (flag 2: linear graphics, 800x600, 32 bits per pixel: a size
; OVMF offers but does not start in, so the loader must switch modes).
; This file is its header; tk_entry.asm its entry, mb1_main.c its checks.

%define MB1_MAGIC        0x1BADB002
%define FLAG_PAGE_ALIGN  (1 << 0)
%define FLAG_MEMORY_INFO (1 << 1)
%define FLAG_VIDEO_MODE  (1 << 2)
%define MB1_FLAGS        (FLAG_PAGE_ALIGN | FLAG_MEMORY_INFO | FLAG_VIDEO_MODE)
%define MODE_LINEAR      0
%define WIDTH            800
%define HEIGHT           600
%define DEPTH            32

        bits 32
        section .mb1header
        align 4
header:
        dd MB1_MAGIC, MB1_FLAGS, -(MB1_MAGIC + MB1_FLAGS)
        dd 0, 0, 0, 0, 0                ; address fields: unused (flag 16 clear)
        dd MODE_LINEAR, WIDTH, HEIGHT, DEPTH
