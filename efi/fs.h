/*
 * fs.h: reading whole files from the EFI System Partition the loader was
 * started from. Only usable before ExitBootServices.
 */
#ifndef EFI_FS_H
#define EFI_FS_H

#include <efi.h>

#define FS_BELOW_4G_MAX 0xFFFFFFFFull /* highest byte a 32-bit kernel can reach */

/* A file read into whole pages below 4 GiB (EfiLoaderData). */
struct loaded_file {
    EFI_PHYSICAL_ADDRESS addr;
    UINTN size;  /* bytes of the file */
    UINTN pages; /* pages allocated (at least one, even for an empty file) */
};

/*
 * fs_open_boot_volume: the root directory of the volume that holds the
 * loader's own image (LoadedImage -> DeviceHandle -> SimpleFileSystem).
 * Returns EFI_SUCCESS with *root set, or the failing status after printing
 * which step failed.
 */
EFI_STATUS fs_open_boot_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root);

/*
 * fs_read_file: read the whole of `path` ("/kernel.elf"; '/' separators)
 * into pages allocated below 4 GiB. Files larger than max_size are refused.
 * Returns EFI_SUCCESS, or the failing status after printing the path, the
 * step and the status (EFI_NOT_FOUND when the file is missing). Nothing
 * stays allocated on failure.
 */
EFI_STATUS fs_read_file(EFI_FILE_HANDLE root, const char *path, UINTN max_size,
                        struct loaded_file *out);

/* fs_exists: does path name a file or directory on the volume? */
int fs_exists(EFI_FILE_HANDLE root, const char *path);

/*
 * fs_make_dir: create the directory path unless it exists. Returns
 * EFI_SUCCESS or the failing status (no message: callers say what for).
 */
EFI_STATUS fs_make_dir(EFI_FILE_HANDLE root, const char *path);

/*
 * fs_write_new_file: create path (which must not exist yet), write size
 * bytes, flush and close it, then read it back and compare. On any failure
 * (read-only medium, full volume, short write, different bytes read back)
 * the file is deleted again, so nothing half-written stays, and the
 * failing status is returned (EFI_VOLUME_CORRUPTED for a read-back
 * mismatch, EFI_ACCESS_DENIED when path already exists). No message.
 */
EFI_STATUS fs_write_new_file(EFI_FILE_HANDLE root, const char *path, const void *data,
                             UINTN size);

/* fs_free: give the pages of a loaded file back (safe on a zeroed struct). */
void fs_free(struct loaded_file *f);

#endif /* EFI_FS_H */
