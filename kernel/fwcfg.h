/*
 * fwcfg.h: QEMU's firmware configuration device (fw_cfg, x86 I/O ports),
 * read only to ask whether the host passed a named file ("-fw_cfg
 * name=opt/...,string=..."): how the test harness tells the kernel things
 * without changing the boot image. Probed only under a hypervisor (CPUID
 * leaf 1, ECX bit 31), so real PCs never see a write to its ports.
 * The directory entry check is pure (host-tested); port access is fwcfg.c.
 */
#ifndef KERNEL_FWCFG_H
#define KERNEL_FWCFG_H

#include <stdint.h>

#define FWCFG_PORT_SELECTOR   0x510u  /* 16-bit: which item to read */
#define FWCFG_PORT_DATA       0x511u  /* 8-bit: the item's next byte */
#define FWCFG_SEL_SIGNATURE   0x0000u /* "QEMU" */
#define FWCFG_SEL_FILE_DIR    0x0019u /* big-endian u32 count, then the entries */
#define FWCFG_SIGNATURE       "QEMU"
#define FWCFG_SIGNATURE_LEN   4u
#define FWCFG_DIR_ENTRY_LEN   64u     /* be32 size, be16 select, u16 reserved, name[56] */
#define FWCFG_NAME_OFFSET     8u
#define FWCFG_NAME_LEN        56u
#define FWCFG_DIR_MAX         1024u   /* entries looked at, at most */
#define CPUID_LEAF_FEATURES   1u
#define CPUID_ECX_HYPERVISOR  0x80000000u

/*
 * fwcfg_entry_is: 1 when the 64-byte directory entry names exactly `name`
 * (NUL-terminated inside its 56 bytes), else 0.
 */
int fwcfg_entry_is(const uint8_t *entry, const char *name);

/*
 * fwcfg_has_file: 1 when the CPU reports a hypervisor, the fw_cfg
 * signature reads "QEMU" and its file directory lists `name`; else 0.
 * Needs CPUID (every i686 has it).
 */
int fwcfg_has_file(const char *name);

#endif /* KERNEL_FWCFG_H */
