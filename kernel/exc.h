/*
 * exc.h: names of the CPU exceptions and decoding of their error codes
 * (pure C, also built for the host: tests/host/test_exc.c).
 */
#ifndef KERNEL_EXC_H
#define KERNEL_EXC_H

#include <stddef.h>
#include <stdint.h>

#define EXC_DECODE_MAX 128u /* room for exc_decode_error's text */

/* exc_mnemonic: "#DE", "#GP", ... for vectors 0-31; "#??" otherwise. */
const char *exc_mnemonic(unsigned vector);

/* exc_name: "divide error", ... for vectors 0-31; "unknown" otherwise. */
const char *exc_name(unsigned vector);

/* exc_has_error_code: 1 when the CPU pushes an error code for vector (8, 10-14, 17, 21, 29, 30). */
int exc_has_error_code(unsigned vector);

/*
 * exc_decode_error: describe err for vector into buf (always terminated
 * when cap > 0): for #PF the P/W/U/RSVD/I bits and CR2; for #TS, #NP, #SS
 * and #GP the selector (index, table GDT/LDT/IDT, external), or "none" for
 * 0; for other vectors with an error code its value; "" otherwise.
 * Returns the length the text needs (like fmt_format).
 */
size_t exc_decode_error(unsigned vector, uint32_t err, uint32_t cr2, char *buf, size_t cap);

#endif /* KERNEL_EXC_H */
