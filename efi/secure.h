/*
 * secure.h: what the firmware says about UEFI Secure Boot.
 */
#ifndef EFI_SECURE_H
#define EFI_SECURE_H

/*
 * secure_boot_state: "enabled" or "disabled" from the EFI global variable
 * SecureBoot, or "not supported by this firmware" when it has no such
 * variable, or "unknown (...)" when it cannot be read as one byte.
 * Boot services only; the string is static.
 */
const char *secure_boot_state(void);

#endif /* EFI_SECURE_H */
