/*
 * i8042.h: the PS/2 keyboard controller, read by polling, only as far as
 * the pager needs: "was a key pressed?". The decision is pure
 * (i8042_is_key_press, host-tested); the port reads are in pager_wait.c.
 */
#ifndef KERNEL_I8042_H
#define KERNEL_I8042_H

#include <stdint.h>

#define I8042_DATA_PORT     0x60u
#define I8042_STATUS_PORT   0x64u
#define I8042_STATUS_OBF    0x01u /* output buffer full: a byte waits at the data port */
#define I8042_STATUS_AUX    0x20u /* that byte comes from the mouse */
#define I8042_STATUS_ABSENT 0xFFu /* what a missing controller's status reads as */
#define I8042_BREAK_BIT     0x80u /* scan code set 1/2 translated: key released */
#define I8042_PREFIX_E0     0xE0u /* extended-key prefix */
#define I8042_PREFIX_E1     0xE1u /* Pause's prefix */
#define I8042_REPLY_ACK     0xFAu /* controller replies, not keys */
#define I8042_REPLY_RESEND  0xFEu
#define I8042_DRAIN_MAX     32u   /* bytes read at most to empty the buffer before a pause */

/* i8042_has_byte: does status say a byte waits (and a controller is there at all)? */
static inline int i8042_has_byte(uint8_t status)
{
    return status != I8042_STATUS_ABSENT && (status & I8042_STATUS_OBF) != 0;
}

/*
 * i8042_is_key_press: 1 when a byte read with this status is a keyboard
 * make code (a key going down): not from the mouse, not a release, not a
 * prefix, not a controller reply, not 0.
 */
static inline int i8042_is_key_press(uint8_t status, uint8_t data)
{
    if (!i8042_has_byte(status) || (status & I8042_STATUS_AUX) != 0)
        return 0;
    if (data == 0 || data == I8042_PREFIX_E0 || data == I8042_PREFIX_E1 ||
        data == I8042_REPLY_ACK || data == I8042_REPLY_RESEND)
        return 0;
    return (data & I8042_BREAK_BIT) == 0;
}

#endif /* KERNEL_I8042_H */
