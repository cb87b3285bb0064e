/*
 * fuzz_config.c: libFuzzer target for efi/config.c (config_parse).
 *
 * The input is the boot.cfg text, copied into a buffer of exactly its size
 * so ASan catches any read past it. Whatever the input, the parse must
 * leave either a well-formed configuration (NUL-terminated fields inside
 * their arrays, absolute paths, at most CFG_MODULES_MAX modules) or a
 * terminated "boot.cfg ..." message.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"

#define ERR_CAP 256u

/* terminated: is there a NUL within the first cap bytes of s? */
static int terminated(const char *s, size_t cap)
{
    return memchr(s, '\0', cap) != NULL;
}

static void check_config(const struct boot_config *cfg)
{
    if (!terminated(cfg->kernel, CFG_PATH_MAX) || cfg->kernel[0] != '/' ||
        !terminated(cfg->cmdline, CFG_CMDLINE_MAX) || cfg->nmodules > CFG_MODULES_MAX)
        abort();
    for (unsigned i = 0; i < cfg->nmodules; i++) {
        const struct cfg_module *m = &cfg->modules[i];
        if (!terminated(m->path, CFG_PATH_MAX) || m->path[0] != '/' ||
            !terminated(m->string, CFG_CMDLINE_MAX) ||
            strncmp(m->string, m->path, strlen(m->path)) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size ? size : 1);
    if (text == NULL)
        return 0;
    memcpy(text, data, size);
    static struct boot_config cfg;
    char err[ERR_CAP];
    memset(err, 0, sizeof(err));
    if (config_parse(text, size, &cfg, err, sizeof(err)) == 0)
        check_config(&cfg);
    else if (!terminated(err, sizeof(err)) || strncmp(err, "boot.cfg", 8) != 0)
        abort();
    free(text);
    return 0;
}
