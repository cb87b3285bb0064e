/*
 * test_smbios.c: the SMBIOS entry point and System Information readers
 * (efi/smbios.c) on tables built here, good and broken.
 */
#include <stdint.h>
#include <string.h>

#include "smbios.h"
#include "test_util.h"

#define EP2_LEN      0x1F
#define EP3_LEN      0x18
#define TABLE_MAX    512

/* Fix the byte at off so that the first n bytes add up to zero. */
static void fix_checksum(uint8_t *ep, size_t n, size_t off)
{
    uint8_t sum = 0;
    ep[off] = 0;
    for (size_t i = 0; i < n; i++)
        sum = (uint8_t)(sum + ep[i]);
    ep[off] = (uint8_t)(0x100 - sum);
}

static void put32(uint8_t *p, uint32_t v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (uint8_t)(v >> (8 * i));
}

static void entry_point_2x(void **state)
{
    (void)state;
    uint8_t ep[EP2_LEN] = { '_', 'S', 'M', '_' };
    ep[5] = EP2_LEN;
    ep[0x16] = 0x34; /* table length 0x1234 */
    ep[0x17] = 0x12;
    put32(ep + 0x18, 0x000F0000u);
    fix_checksum(ep, EP2_LEN, 4);
    uint64_t addr = 0;
    uint32_t size = 0;
    assert_int_equal(smbios_entry_table(ep, sizeof(ep), &addr, &size), 0);
    assert_int_equal(addr, 0x000F0000u);
    assert_int_equal(size, 0x1234);
    ep[0x18] ^= 1; /* checksum now wrong */
    assert_int_equal(smbios_entry_table(ep, sizeof(ep), &addr, &size), -1);
    assert_int_equal(smbios_entry_table(ep, 3, &addr, &size), -1); /* shorter than the anchor */
}

static void entry_point_3x(void **state)
{
    (void)state;
    uint8_t ep[EP3_LEN] = { '_', 'S', 'M', '3', '_' };
    ep[6] = EP3_LEN;
    put32(ep + 0x0C, 0x800);
    put32(ep + 0x10, 0x7E000000u);
    put32(ep + 0x14, 0x1u); /* above 4 GiB */
    fix_checksum(ep, EP3_LEN, 5);
    uint64_t addr = 0;
    uint32_t size = 0;
    assert_int_equal(smbios_entry_table(ep, sizeof(ep), &addr, &size), 0);
    assert_int_equal(addr, 0x17E000000ull);
    assert_int_equal(size, 0x800);
    ep[6] = EP3_LEN + 8; /* claims more bytes than we may read */
    assert_int_equal(smbios_entry_table(ep, sizeof(ep), &addr, &size), -1);
    uint8_t junk[EP3_LEN] = "_XX_ nothing here";
    assert_int_equal(smbios_entry_table(junk, sizeof(junk), &addr, &size), -1);
}

/* A table: a type 0 structure with one string, type 1 with the given strings, end. */
static size_t build_table(uint8_t *t, const char *manu, const char *prod, int with_type1)
{
    size_t n = 0;
    uint8_t bios[] = { 0, 0x18, 0, 0, 1 };
    memcpy(t + n, bios, sizeof(bios));
    memset(t + n + sizeof(bios), 0, 0x18 - sizeof(bios));
    n += 0x18;
    memcpy(t + n, "Vendor BIOS", 12);
    n += 12;
    t[n++] = 0;
    if (with_type1) {
        uint8_t sys[8] = { 1, 8, 1, 0, 1, 2, 0, 0 };
        memcpy(t + n, sys, sizeof(sys));
        n += sizeof(sys);
        memcpy(t + n, manu, strlen(manu) + 1);
        n += strlen(manu) + 1;
        memcpy(t + n, prod, strlen(prod) + 1);
        n += strlen(prod) + 1;
        t[n++] = 0;
    }
    uint8_t end[6] = { 127, 4, 0, 0, 0, 0 };
    memcpy(t + n, end, sizeof(end));
    return n + sizeof(end);
}

static void system_strings_are_found(void **state)
{
    (void)state;
    uint8_t t[TABLE_MAX];
    size_t len = build_table(t, "QEMU", "Standard PC (Q35 + ICH9, 2009)", 1);
    struct smbios_system sys;
    assert_int_equal(smbios_find_system(t, len, &sys), 0);
    assert_string_equal(sys.manufacturer, "QEMU");
    assert_string_equal(sys.product, "Standard PC (Q35 + ICH9, 2009)");
    char name[41];
    smbios_file_name(&sys, name, sizeof(name));
    assert_string_equal(name, "QEMU-Standard_PC_Q35_ICH9_2009");
}

static void no_type1_or_truncated_tables(void **state)
{
    (void)state;
    uint8_t t[TABLE_MAX];
    struct smbios_system sys;
    size_t len = build_table(t, "A", "B", 0);
    assert_int_equal(smbios_find_system(t, len, &sys), -1);
    assert_string_equal(sys.manufacturer, "");
    len = build_table(t, "Maker", "Model", 1);
    /* Cut inside the type 0 strings: no type 1 can be reached. */
    assert_int_equal(smbios_find_system(t, 0x18 + 4, &sys), -1);
    /* Cut inside type 1's strings: what is there is read, nothing past the end. */
    size_t type1 = 0x18 + 13;
    assert_int_equal(smbios_find_system(t, type1 + 8 + 3, &sys), 0);
    assert_string_equal(sys.manufacturer, "Mak");
    assert_string_equal(sys.product, "");
    /* A structure claiming a formatted length below its 4-byte header. */
    t[1] = 2;
    assert_int_equal(smbios_find_system(t, len, &sys), -1);
}

static void string_index_out_of_range_is_empty(void **state)
{
    (void)state;
    uint8_t t[TABLE_MAX];
    size_t len = build_table(t, "Maker", "Model", 1);
    t[0x18 + 13 + 5] = 9; /* product: string 9 of 2 */
    struct smbios_system sys;
    assert_int_equal(smbios_find_system(t, len, &sys), 0);
    assert_string_equal(sys.manufacturer, "Maker");
    assert_string_equal(sys.product, "");
}

static void long_strings_are_cut(void **state)
{
    (void)state;
    char longname[200];
    memset(longname, 'x', sizeof(longname) - 1);
    longname[sizeof(longname) - 1] = '\0';
    uint8_t t[TABLE_MAX];
    size_t len = build_table(t, longname, "P", 1);
    struct smbios_system sys;
    assert_int_equal(smbios_find_system(t, len, &sys), 0);
    assert_int_equal(strlen(sys.manufacturer), SMBIOS_STRING_MAX - 1);
    char name[41];
    smbios_file_name(&sys, name, sizeof(name));
    assert_int_equal(strlen(name), 40);
}

static void file_names(void **state)
{
    (void)state;
    struct smbios_system sys = { "", "" };
    char name[41];
    smbios_file_name(&sys, name, sizeof(name));
    assert_string_equal(name, "unknown");
    strcpy(sys.manufacturer, "  Dell Inc. ");
    smbios_file_name(&sys, name, sizeof(name));
    assert_string_equal(name, "Dell_Inc.");
    strcpy(sys.product, "OptiPlex 7010/..\\\xff");
    smbios_file_name(&sys, name, sizeof(name));
    assert_string_equal(name, "Dell_Inc._-OptiPlex_7010_..");
    strcpy(sys.manufacturer, "");
    strcpy(sys.product, "***");
    smbios_file_name(&sys, name, sizeof(name));
    assert_string_equal(name, "unknown");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(entry_point_2x),
        cmocka_unit_test(entry_point_3x),
        cmocka_unit_test(system_strings_are_found),
        cmocka_unit_test(no_type1_or_truncated_tables),
        cmocka_unit_test(string_index_out_of_range_is_empty),
        cmocka_unit_test(long_strings_are_cut),
        cmocka_unit_test(file_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
