/*
 * test_desc.c: host tests of kernel/desc.c, the GDT/IDT entry encoders,
 * against descriptor values worked out by hand from the Intel SDM vol. 3
 * (3.4.5 segment descriptors, 6.11 IDT gates) and seen in other kernels.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "../../kernel/desc.h"
#include "seg.h"

#define FLAT_BASE 0u
#define FLAT_FLAGS (DESC_FLAG_G | DESC_FLAG_DB)
#define KCODE_ACC (DESC_ACC_PRESENT | DESC_ACC_DPL0 | DESC_ACC_S | DESC_ACC_EXEC | DESC_ACC_RW)
#define KDATA_ACC (DESC_ACC_PRESENT | DESC_ACC_DPL0 | DESC_ACC_S | DESC_ACC_RW)
#define UCODE_ACC (DESC_ACC_PRESENT | DESC_ACC_DPL3 | DESC_ACC_S | DESC_ACC_EXEC | DESC_ACC_RW)
#define UDATA_ACC (DESC_ACC_PRESENT | DESC_ACC_DPL3 | DESC_ACC_S | DESC_ACC_RW)

static void flat_code_and_data(void **state)
{
    (void)state;
    assert_true(desc_to_u64(desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, KCODE_ACC, FLAT_FLAGS)) ==
                0x00CF9A000000FFFFull);
    assert_true(desc_to_u64(desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, KDATA_ACC, FLAT_FLAGS)) ==
                0x00CF92000000FFFFull);
    assert_true(desc_to_u64(desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, UCODE_ACC, FLAT_FLAGS)) ==
                0x00CFFA000000FFFFull);
    assert_true(desc_to_u64(desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, UDATA_ACC, FLAT_FLAGS)) ==
                0x00CFF2000000FFFFull);
}

static void null_descriptor_is_zero(void **state)
{
    (void)state;
    assert_true(desc_to_u64(desc_encode(0, 0, 0, 0)) == 0);
}

static void tss_descriptor(void **state)
{
    (void)state;
    /* A 104-byte TSS at 0x00105000: limit 0x67, byte granularity, type 9, present. */
    struct seg_desc d = desc_encode(0x00105000u, TSS_SIZE - 1, DESC_ACC_PRESENT | DESC_SYS_TSS32, 0);
    assert_true(desc_to_u64(d) == 0x0000891050000067ull);
    /* Every base and limit bit lands where the SDM says. */
    d = desc_encode(0xA1B2C3D4u, 0x5E6F7u, DESC_ACC_PRESENT | DESC_SYS_TSS32_BUSY, DESC_FLAG_AVL);
    assert_true(desc_to_u64(d) == 0xA1158BB2C3D4E6F7ull);
}

static void bytes_in_memory_order(void **state)
{
    (void)state;
    struct seg_desc d = desc_encode(FLAT_BASE, DESC_FLAT_LIMIT, KCODE_ACC, FLAT_FLAGS);
    static const uint8_t want[8] = {0xFF, 0xFF, 0x00, 0x00, 0x00, 0x9A, 0xCF, 0x00};
    assert_memory_equal(&d, want, sizeof(want));
}

static void out_of_range_bits_dropped(void **state)
{
    (void)state;
    /* A limit above 20 bits and flags above 4 bits must not spill into other fields. */
    uint64_t d = desc_to_u64(desc_encode(0, 0xFFFFFFFFu, KDATA_ACC, 0xFF));
    assert_true(d == 0x00FF92000000FFFFull);
}

static void gates(void **state)
{
    (void)state;
    struct gate_desc g = gate_encode(SEL_KCODE, 0x00101234u, GATE_PRESENT | GATE_DPL0 | GATE_INT32);
    assert_true(gate_to_u64(g) == 0x00108E0000081234ull);
    g = gate_encode(SEL_KCODE, 0xDEADBEEFu, GATE_PRESENT | GATE_DPL3 | GATE_TRAP32);
    assert_true(gate_to_u64(g) == 0xDEADEF000008BEEFull);
    /* The double-fault task gate: TSS selector, no offset. */
    g = gate_encode(SEL_DF_TSS, 0, GATE_PRESENT | GATE_DPL0 | GATE_TASK);
    assert_true(gate_to_u64(g) == 0x0000850000300000ull);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(flat_code_and_data),
        cmocka_unit_test(null_descriptor_is_zero),
        cmocka_unit_test(tss_descriptor),
        cmocka_unit_test(bytes_in_memory_order),
        cmocka_unit_test(out_of_range_bits_dropped),
        cmocka_unit_test(gates),
    };
    return cmocka_run_group_tests_name("desc", tests, NULL, NULL);
}
