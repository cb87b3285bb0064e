/*
 * test_memmap_json.c: the saved memory map texts (efi/memmap_json.c):
 * exact JSON for a small map, escaping, real JSON for hundreds of entries
 * (checked by Python's json module), overflow and malformed maps refused,
 * and the table text.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "memmap_json.h"
#include "mmap_builder.h"
#include "test_util.h"

#define STRIDE      48u
#define MANY        500u
#define UEFI_2_70   ((2u << 16) | 70u)

static struct memmap_record rec;
static struct mmb m;

static void small_record(void)
{
    memset(&rec, 0, sizeof(rec));
    rec.loader = "pm32boot (test)";
    strcpy(rec.machine.manufacturer, "QEMU");
    strcpy(rec.machine.product, "Standard PC");
    strcpy(rec.fw_vendor, "EDK II");
    rec.fw_revision = 0x10000;
    rec.uefi_revision = UEFI_2_70;
    mmb_init(&m, STRIDE);
    mmb_add(&m, EFI_MT_CONVENTIONAL, 0x1000, 159);
    mmb_add(&m, EFI_MT_ACPI_NVS, 0x810000, 240);
    rec.nmaps = 1;
    rec.maps[0].when = "loader-start";
    rec.maps[0].map = mmb_map(&m);
}

static char *write_json(size_t cap, int *rc)
{
    char *buf = malloc(cap);
    struct textbuf tb;
    tb_init(&tb, buf, cap);
    *rc = memmap_write_json(&tb, &rec);
    return buf;
}

static void exact_json_for_a_small_map(void **state)
{
    (void)state;
    small_record();
    int rc;
    char *out = write_json(memmap_bytes_bound(&rec), &rc);
    assert_int_equal(rc, 0);
    const char *want =
        "{\n"
        "  \"schema\": \"pm32boot-memmap\",\n"
        "  \"version\": 1,\n"
        "  \"loader\": \"pm32boot (test)\",\n"
        "  \"machine\": { \"manufacturer\": \"QEMU\", \"product\": \"Standard PC\" },\n"
        "  \"firmware\": { \"vendor\": \"EDK II\", \"revision\": 65536, \"uefi_revision\": \"2.70\" },\n"
        "  \"gop\": null,\n"
        "  \"maps\": [\n"
        "    { \"when\": \"loader-start\", \"descriptor_size\": 48, \"descriptor_version\": 1,\n"
        "      \"entries\": [\n"
        "        { \"type\": 7, \"type_name\": \"EfiConventionalMemory\", \"phys_start\": "
        "\"0x0000000000001000\", \"pages\": 159, \"virt_start\": \"0x5555555555555555\", "
        "\"attribute\": \"0x0000000000000008\" },\n"
        "        { \"type\": 10, \"type_name\": \"EfiACPIMemoryNVS\", \"phys_start\": "
        "\"0x0000000000810000\", \"pages\": 240, \"virt_start\": \"0x5555555555555555\", "
        "\"attribute\": \"0x0000000000000008\" }\n"
        "      ] }\n"
        "  ]\n"
        "}\n";
    assert_string_equal(out, want);
    free(out);
    mmb_free(&m);
}

static void strings_are_escaped(void **state)
{
    (void)state;
    small_record();
    strcpy(rec.machine.product, "A \"quoted\" \\ name\t\x01\xe9");
    rec.has_gop = 1;
    rec.gop_width = 1024;
    rec.gop_height = 768;
    rec.gop_pixels_per_line = 1024;
    rec.gop_format = "BGRX";
    rec.gop_framebuffer = 0xC0000000u;
    int rc;
    char *out = write_json(memmap_bytes_bound(&rec), &rc);
    assert_int_equal(rc, 0);
    assert_contains(out, "\"product\": \"A \\\"quoted\\\" \\\\ name\\u0009\\u0001\\u00e9\"");
    assert_contains(out, "\"gop\": { \"width\": 1024, \"height\": 768, \"pixels_per_scan_line\": "
                         "1024, \"format\": \"BGRX\", \"framebuffer\": \"0xc0000000\" },");
    free(out);
    mmb_free(&m);
}

/* Python's json module must accept it, with every entry and map there. */
static void hundreds_of_entries_make_valid_json(void **state)
{
    (void)state;
    small_record();
    for (unsigned i = 0; i < MANY; i++)
        mmb_add(&m, i % EFI_MT_COUNT + (i % 7 == 0 ? 100 : 0), 0x100000000ull + i * 0x1000ull, 1);
    rec.maps[0].map = mmb_map(&m);
    rec.nmaps = 2;
    rec.maps[1] = rec.maps[0];
    rec.maps[1].when = "before-write";
    int rc;
    char *out = write_json(memmap_bytes_bound(&rec), &rc);
    assert_int_equal(rc, 0);
    char path[] = "/tmp/memmap-json-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs(out, f);
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof(cmd),
             "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
             "assert [len(x[\"entries\"]) for x in d[\"maps\"]] == [%u, %u]; "
             "assert d[\"maps\"][1][\"when\"] == \"before-write\"' %s",
             MANY + 2, MANY + 2, path);
    int status = system(cmd);
    unlink(path);
    assert_int_equal(status, 0);
    assert_contains(out, "\"type\": 100, \"type_name\": \"unknown\"");
    free(out);
    mmb_free(&m);
}

static void overflow_and_malformed_maps_are_refused(void **state)
{
    (void)state;
    small_record();
    int rc;
    char *out = write_json(200, &rc); /* far too small */
    assert_int_equal(rc, -1);
    free(out);
    rec.maps[0].map.descr_size = 24; /* below the 40 of a version-1 descriptor */
    out = write_json(memmap_bytes_bound(&rec), &rc);
    assert_int_equal(rc, -1);
    free(out);
    mmb_free(&m);
}

static void table_text(void **state)
{
    (void)state;
    small_record();
    size_t cap = memmap_bytes_bound(&rec);
    char *buf = malloc(cap);
    struct textbuf tb;
    tb_init(&tb, buf, cap);
    assert_int_equal(memmap_write_text(&tb, &rec), 0);
    assert_contains(buf, "machine:  QEMU / Standard PC\n");
    assert_contains(buf, "firmware: EDK II, revision 0x10000, UEFI 2.70\n");
    assert_contains(buf, "graphics: none\n");
    assert_contains(buf, "map loader-start: 2 descriptors of 48 bytes, version 1 (end is exclusive)\n");
    assert_contains(buf, "    1 EfiACPIMemoryNVS            0x0000000000810000 0x0000000000900000"
                         "        240 0x0000000000000008\n");
    free(buf);
    mmb_free(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(exact_json_for_a_small_map),
        cmocka_unit_test(strings_are_escaped),
        cmocka_unit_test(hundreds_of_entries_make_valid_json),
        cmocka_unit_test(overflow_and_malformed_maps_are_refused),
        cmocka_unit_test(table_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
