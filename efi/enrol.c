/*
 * enrol.c: ENROL.EFI, a small helper that enrols a key set made by
 * `make keys`: it writes /db.auth, /KEK.auth and /PK.auth from its own
 * volume into db, KEK and PK (in that order: PK last ends setup mode),
 * prints what it did, and powers the machine off. The firmware must be in
 * setup mode (no PK). The Secure Boot tests use it to enrol keys in OVMF;
 * on a PC whose setup has no key screens it can be started from a stick
 * (as EFI/BOOT/BOOTX64.EFI or from a shell) while Secure Boot is off.
 */
#include <efi.h>
#include <efilib.h>

#include "console.h"
#include "fs.h"

#define AUTH_FILE_MAX  (64u << 10) /* an .auth of a few certificates is ~2 KiB */
#define ENROL_ATTRS    (EFI_VARIABLE_NON_VOLATILE | EFI_VARIABLE_BOOTSERVICE_ACCESS | \
                        EFI_VARIABLE_RUNTIME_ACCESS | EFI_VARIABLE_TIME_BASED_AUTHENTICATED_WRITE_ACCESS)
#define PAUSE_US       2000000u   /* time to read the result before power-off */

/* UEFI 2.x, 32.6.1: the owner of db and dbx. */
static EFI_GUID image_security_db = { 0xd719b2cb, 0x3d3a, 0x4596,
                                      { 0xa3, 0xbc, 0xda, 0xd0, 0x0e, 0x67, 0x65, 0x6f } };

struct enrol_step {
    const char *file;
    CHAR16 *var;
    const char *var_name;
    EFI_GUID *guid;
};

/* read_u8_var: a one-byte global variable, or -1 when it cannot be read. */
static int read_u8_var(CHAR16 *name)
{
    UINT8 v = 0;
    UINTN size = sizeof(v);
    EFI_STATUS st = uefi_call_wrapper(RT->GetVariable, 5, name, &EfiGlobalVariable, NULL, &size, &v);
    return EFI_ERROR(st) || size != sizeof(v) ? -1 : v;
}

/* enrol_one: write one .auth file into its variable; EFI_SUCCESS or the failing status, printed. */
static EFI_STATUS enrol_one(EFI_FILE_HANDLE root, const struct enrol_step *s)
{
    struct loaded_file f;
    EFI_STATUS st = fs_read_file(root, s->file, AUTH_FILE_MAX, &f);
    if (EFI_ERROR(st))
        return st;
    st = uefi_call_wrapper(RT->SetVariable, 5, s->var, s->guid, (UINT32)ENROL_ATTRS, f.size,
                           (void *)(UINTN)f.addr);
    if (EFI_ERROR(st))
        con_printf("enrol: error: %s: SetVariable(%s) refused the %llu-byte update: %s\n", s->file,
                   s->var_name, (unsigned long long)f.size, con_status_name(st));
    else
        con_printf("enrol: %s: %s written (%llu bytes)\n", s->var_name, s->file,
                   (unsigned long long)f.size);
    fs_free(&f);
    return st;
}

EFI_STATUS efi_main(EFI_HANDLE image, EFI_SYSTEM_TABLE *st)
{
    static const struct enrol_step steps[] = {
        { "/db.auth", L"db", "db", &image_security_db },
        { "/KEK.auth", L"KEK", "KEK", &EfiGlobalVariable },
        { "/PK.auth", L"PK", "PK", &EfiGlobalVariable },
    };
    InitializeLib(image, st);
    con_init(st);
    uefi_call_wrapper(BS->SetWatchdogTimer, 4, 0, 0, 0, NULL);
    con_printf("enrol: SetupMode=%d SecureBoot=%d before\n", read_u8_var(L"SetupMode"),
               read_u8_var(L"SecureBoot"));
    EFI_FILE_HANDLE root = NULL;
    EFI_STATUS s = fs_open_boot_volume(image, &root);
    for (unsigned i = 0; !EFI_ERROR(s) && i < sizeof(steps) / sizeof(steps[0]); i++)
        s = enrol_one(root, &steps[i]);
    if (root != NULL)
        uefi_call_wrapper(root->Close, 1, root);
    con_printf("enrol: %s; SetupMode=%d now; powering off\n",
               EFI_ERROR(s) ? "FAILED" : "db, KEK and PK enrolled", read_u8_var(L"SetupMode"));
    uefi_call_wrapper(BS->Stall, 1, PAUSE_US);
    uefi_call_wrapper(RT->ResetSystem, 4, EfiResetShutdown, s, 0, NULL);
    return s;
}
