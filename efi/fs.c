/*
 * fs.c: whole-file reads from the boot volume into pages below 4 GiB (fs.h).
 */
#include "fs.h"

#include <efilib.h>

#include "config.h"
#include "console.h"

#define FILE_INFO_MAX     512u  /* EFI_FILE_INFO plus a generous file name */
#define FILE_VERIFY_CHUNK 4096u /* bytes compared per read when verifying a write */

EFI_STATUS fs_open_boot_volume(EFI_HANDLE image, EFI_FILE_HANDLE *root)
{
    EFI_LOADED_IMAGE *li = NULL;
    EFI_STATUS st = uefi_call_wrapper(BS->HandleProtocol, 3, image,
                                      &LoadedImageProtocol, (void **)&li);
    if (EFI_ERROR(st)) {
        con_printf("loader: error: cannot get the loader's LoadedImage protocol: %s\n",
                   con_status_name(st));
        return st;
    }
    EFI_FILE_IO_INTERFACE *sfs = NULL;
    st = uefi_call_wrapper(BS->HandleProtocol, 3, li->DeviceHandle,
                           &FileSystemProtocol, (void **)&sfs);
    if (EFI_ERROR(st)) {
        con_printf("loader: error: the device the loader came from has no FAT file "
                   "system (SimpleFileSystem): %s\n", con_status_name(st));
        return st;
    }
    st = uefi_call_wrapper(sfs->OpenVolume, 2, sfs, root);
    if (EFI_ERROR(st))
        con_printf("loader: error: cannot open the boot volume: %s\n", con_status_name(st));
    return st;
}

/* The UCS-2 form of an ASCII path with '\' separators; 0 if it does not fit. */
static int to_efi_path(const char *path, CHAR16 *out, size_t cap)
{
    size_t i = 0;
    for (; path[i] != '\0'; i++) {
        if (i + 1 >= cap)
            return 0;
        out[i] = path[i] == '/' ? L'\\' : (CHAR16)(unsigned char)path[i];
    }
    out[i] = 0;
    return 1;
}

EFI_STATUS fs_read_file(EFI_FILE_HANDLE root, const char *path, UINTN max_size,
                        struct loaded_file *out)
{
    CHAR16 wpath[CFG_PATH_MAX];
    out->addr = 0;
    out->size = 0;
    out->pages = 0;
    if (!to_efi_path(path, wpath, CFG_PATH_MAX)) {
        con_printf("loader: error: %s: path longer than %u bytes\n", path, CFG_PATH_MAX - 1);
        return EFI_INVALID_PARAMETER;
    }
    EFI_FILE_HANDLE fh = NULL;
    EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(st)) {
        if (st == EFI_NOT_FOUND)
            con_printf("loader: error: %s: not found on the boot partition\n", path);
        else
            con_printf("loader: error: %s: cannot open: %s\n", path, con_status_name(st));
        return st;
    }
    UINT64 info_buf[FILE_INFO_MAX / sizeof(UINT64)];
    UINTN info_size = sizeof(info_buf);
    st = uefi_call_wrapper(fh->GetInfo, 4, fh, &GenericFileInfo, &info_size, info_buf);
    if (EFI_ERROR(st)) {
        con_printf("loader: error: %s: cannot read its size: %s\n", path, con_status_name(st));
        goto close;
    }
    EFI_FILE_INFO *info = (EFI_FILE_INFO *)info_buf;
    if (info->Attribute & EFI_FILE_DIRECTORY) {
        con_printf("loader: error: %s: is a directory, expected a file\n", path);
        st = EFI_INVALID_PARAMETER;
        goto close;
    }
    if (info->FileSize > max_size) {
        con_printf("loader: error: %s: %llu bytes, more than the %llu this loader accepts\n",
                   path, (unsigned long long)info->FileSize, (unsigned long long)max_size);
        st = EFI_BAD_BUFFER_SIZE;
        goto close;
    }
    UINTN size = info->FileSize;
    UINTN pages = EFI_SIZE_TO_PAGES(size) ? EFI_SIZE_TO_PAGES(size) : 1;
    EFI_PHYSICAL_ADDRESS addr = FS_BELOW_4G_MAX;
    st = uefi_call_wrapper(BS->AllocatePages, 4, AllocateMaxAddress, EfiLoaderData, pages, &addr);
    if (EFI_ERROR(st)) {
        con_printf("loader: error: %s: no room for %llu bytes below 4 GiB: %s\n", path,
                   (unsigned long long)size, con_status_name(st));
        goto close;
    }
    UINTN done = 0;
    while (done < size) {
        UINTN chunk = size - done;
        st = uefi_call_wrapper(fh->Read, 3, fh, &chunk, (void *)(UINTN)(addr + done));
        if (EFI_ERROR(st) || chunk == 0) {
            con_printf("loader: error: %s: read failed after %llu of %llu bytes: %s\n", path,
                       (unsigned long long)done, (unsigned long long)size,
                       EFI_ERROR(st) ? con_status_name(st) : "unexpected end of file");
            if (!EFI_ERROR(st))
                st = EFI_VOLUME_CORRUPTED;
            uefi_call_wrapper(BS->FreePages, 2, addr, pages);
            goto close;
        }
        done += chunk;
    }
    out->addr = addr;
    out->size = size;
    out->pages = pages;
    st = EFI_SUCCESS;
close:
    uefi_call_wrapper(fh->Close, 1, fh);
    return st;
}

void fs_free(struct loaded_file *f)
{
    if (f->pages != 0)
        uefi_call_wrapper(BS->FreePages, 2, f->addr, f->pages);
    f->addr = 0;
    f->pages = 0;
    f->size = 0;
}

int fs_exists(EFI_FILE_HANDLE root, const char *path)
{
    CHAR16 wpath[CFG_PATH_MAX];
    EFI_FILE_HANDLE fh = NULL;
    if (!to_efi_path(path, wpath, CFG_PATH_MAX))
        return 0;
    EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(st))
        return 0;
    uefi_call_wrapper(fh->Close, 1, fh);
    return 1;
}

EFI_STATUS fs_make_dir(EFI_FILE_HANDLE root, const char *path)
{
    CHAR16 wpath[CFG_PATH_MAX];
    EFI_FILE_HANDLE fh = NULL;
    if (!to_efi_path(path, wpath, CFG_PATH_MAX))
        return EFI_INVALID_PARAMETER;
    EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath,
                                      EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
                                          EFI_FILE_MODE_CREATE,
                                      EFI_FILE_DIRECTORY);
    if (!EFI_ERROR(st))
        uefi_call_wrapper(fh->Close, 1, fh);
    return st;
}

/* Compare the file at path with data: EFI_SUCCESS when it holds exactly those bytes. */
static EFI_STATUS verify_file(EFI_FILE_HANDLE root, CHAR16 *wpath, const UINT8 *data, UINTN size)
{
    UINT8 chunk[FILE_VERIFY_CHUNK];
    EFI_FILE_HANDLE fh = NULL;
    EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath, EFI_FILE_MODE_READ, 0);
    if (EFI_ERROR(st))
        return st;
    UINTN done = 0;
    while (!EFI_ERROR(st)) {
        UINTN n = sizeof(chunk);
        st = uefi_call_wrapper(fh->Read, 3, fh, &n, chunk);
        if (EFI_ERROR(st))
            break;
        if (n == 0) {
            st = done == size ? EFI_SUCCESS : EFI_VOLUME_CORRUPTED;
            break;
        }
        for (UINTN i = 0; i < n; i++) {
            if (done + i >= size || chunk[i] != data[done + i]) {
                st = EFI_VOLUME_CORRUPTED;
                break;
            }
        }
        done += n;
    }
    uefi_call_wrapper(fh->Close, 1, fh);
    return st;
}

EFI_STATUS fs_write_new_file(EFI_FILE_HANDLE root, const char *path, const void *data,
                             UINTN size)
{
    CHAR16 wpath[CFG_PATH_MAX];
    if (!to_efi_path(path, wpath, CFG_PATH_MAX))
        return EFI_INVALID_PARAMETER;
    if (fs_exists(root, path))
        return EFI_ACCESS_DENIED;
    EFI_FILE_HANDLE fh = NULL;
    EFI_STATUS st = uefi_call_wrapper(root->Open, 5, root, &fh, wpath,
                                      EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE |
                                          EFI_FILE_MODE_CREATE, 0);
    if (EFI_ERROR(st))
        return st;
    UINTN n = size;
    st = uefi_call_wrapper(fh->Write, 3, fh, &n, (void *)data);
    if (!EFI_ERROR(st) && n != size)
        st = EFI_VOLUME_FULL; /* a short write: the volume ran out of room */
    if (!EFI_ERROR(st))
        st = uefi_call_wrapper(fh->Flush, 1, fh);
    if (EFI_ERROR(st)) {
        uefi_call_wrapper(fh->Delete, 1, fh); /* closes the handle too */
        return st;
    }
    uefi_call_wrapper(fh->Close, 1, fh);
    st = verify_file(root, wpath, data, size);
    if (EFI_ERROR(st)) {
        EFI_FILE_HANDLE del = NULL;
        if (!EFI_ERROR(uefi_call_wrapper(root->Open, 5, root, &del, wpath,
                                         EFI_FILE_MODE_READ | EFI_FILE_MODE_WRITE, 0)))
            uefi_call_wrapper(del->Delete, 1, del);
    }
    return st;
}
