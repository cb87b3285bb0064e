/*
 * mmrep_page.c: see mmrep_page.h.
 */
#include "mmrep_page.h"

#include "cmdline.h"
#include "console.h"
#include "fbcon_sink.h"
#include "fmt.h"
#include "fwcfg.h"
#include "mmrep_sum.h"
#include "pager.h"
#include "pager_wait.h"
#include "x86.h"

#define PROMPT_MAX 96u

static struct pager pg;
static int pg_started;
static uint32_t woke_key, woke_timeout;

void mmrep_page_start(const struct mb2_info_view *info)
{
    if (pg_started)
        return;
    uint32_t cols = 0, rows = 0;
    int screen = fbcon_sink_size(&cols, &rows) == 0 && (read_eflags() & EFLAGS_IF) != 0 &&
                 !fwcfg_has_file(MMREP_NOPAUSE_FWCFG);
    pager_init(&pg, cols, rows, screen, cmdline_has_word(info->cmdline, MMREP_TEST_WORD));
    pg_started = 1;
}

static void pause_screen(void)
{
    char prompt[PROMPT_MAX];
    size_t n = fmt_format(prompt, sizeof(prompt),
                          "-- memory map: screen %u; a key or %u s for more --\n",
                          pg.pauses, PAGER_TIMEOUT_S);
    fbcon_sink_write_only(prompt, n < sizeof(prompt) ? n : sizeof(prompt) - 1);
    if (pager_wait(PAGER_TIMEOUT_S) == PAGER_WOKE_KEY)
        woke_key++;
    else
        woke_timeout++;
}

void mmrep_page_line(const char *line)
{
    size_t len = 0;
    while (line[len] != '\0')
        len++;
    if (pg_started && pager_line(&pg, len))
        pause_screen();
    kputs(line);
    kputs("\n");
}

static void emit_line(void *ctx, const char *line)
{
    (void)ctx;
    mmrep_page_line(line);
}

void mmrep_print(const struct mb2_info_view *info, const struct memmap *m)
{
    if (m == NULL)
        return;
    mmrep_page_start(info);
    if (pg.pauses > 0)
        pg.used = pg.rows; /* lines since the raw map went uncounted: a new screen first */
    mmrep_sum_report(m, emit_line, NULL);
    if (pg.pauses > 0)
        kprintf("memmap: shown a screenful at a time: %u pauses (%u ended by a key, %u by "
                "the %u s timeout)\n", pg.pauses, woke_key, woke_timeout, PAGER_TIMEOUT_S);
}
