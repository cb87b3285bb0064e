/*
 * exc.c: see exc.h.
 */
#include "exc.h"

#include "fmt.h"
#include "seg.h"

#define SELERR_FLAGS_MASK 0x7u /* EXT, IDT, TI below the index */

struct exc_info {
    const char *mnemonic;
    const char *name;
};

static const struct exc_info exc_table[EXC_VECTORS] = {
    {"#DE", "divide error"},          {"#DB", "debug"},
    {"NMI", "non-maskable interrupt"}, {"#BP", "breakpoint"},
    {"#OF", "overflow"},              {"#BR", "BOUND range exceeded"},
    {"#UD", "invalid opcode"},        {"#NM", "device not available"},
    {"#DF", "double fault"},          {"#CSO", "coprocessor segment overrun"},
    {"#TS", "invalid TSS"},           {"#NP", "segment not present"},
    {"#SS", "stack-segment fault"},   {"#GP", "general protection"},
    {"#PF", "page fault"},            {"#15", "reserved"},
    {"#MF", "x87 floating-point error"}, {"#AC", "alignment check"},
    {"#MC", "machine check"},         {"#XM", "SIMD floating-point exception"},
    {"#VE", "virtualization exception"}, {"#CP", "control protection"},
    {"#22", "reserved"},              {"#23", "reserved"},
    {"#24", "reserved"},              {"#25", "reserved"},
    {"#26", "reserved"},              {"#27", "reserved"},
    {"#HV", "hypervisor injection"},  {"#VC", "VMM communication"},
    {"#SX", "security exception"},    {"#31", "reserved"},
};

const char *exc_mnemonic(unsigned vector)
{
    return vector < EXC_VECTORS ? exc_table[vector].mnemonic : "#??";
}

const char *exc_name(unsigned vector)
{
    return vector < EXC_VECTORS ? exc_table[vector].name : "unknown";
}

int exc_has_error_code(unsigned vector)
{
    return vector < EXC_VECTORS && ((EXC_ERRCODE_MASK >> vector) & 1u) != 0;
}

static size_t decode_selector(uint32_t err, char *buf, size_t cap)
{
    if (err == 0)
        return fmt_format(buf, cap, "selector none (0)");
    const char *table = (err & SELERR_IDT) ? "IDT" : (err & SELERR_TI) ? "LDT" : "GDT";
    return fmt_format(buf, cap, "selector 0x%04x: index=%u table=%s ext=%u", err,
                      err >> SEL_INDEX_SHIFT, table, err & SELERR_EXT);
}

static size_t decode_pf(uint32_t err, uint32_t cr2, char *buf, size_t cap)
{
    return fmt_format(buf, cap, "P=%u (%s) W=%u (%s) U=%u (%s) RSVD=%u I=%u (%s) cr2=%08x",
                      (err & PF_ERR_P) ? 1u : 0u,
                      (err & PF_ERR_P) ? "protection" : "not present",
                      (err & PF_ERR_W) ? 1u : 0u, (err & PF_ERR_W) ? "write" : "read",
                      (err & PF_ERR_U) ? 1u : 0u, (err & PF_ERR_U) ? "user" : "supervisor",
                      (err & PF_ERR_RSVD) ? 1u : 0u, (err & PF_ERR_I) ? 1u : 0u,
                      (err & PF_ERR_I) ? "fetch" : "data", cr2);
}

size_t exc_decode_error(unsigned vector, uint32_t err, uint32_t cr2, char *buf, size_t cap)
{
    switch (vector) {
    case EXC_PF:
        return decode_pf(err, cr2, buf, cap);
    case EXC_TS:
    case EXC_NP:
    case EXC_SS:
    case EXC_GP:
        return decode_selector(err, buf, cap);
    default:
        if (exc_has_error_code(vector))
            return fmt_format(buf, cap, "error code 0x%08x", err);
        return fmt_format(buf, cap, "%s", "");
    }
}
