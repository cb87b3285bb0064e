#!/bin/sh
# tests/qemu/run-qemu.sh IMAGE LOG MEM TIMEOUT [STOP_REGEX]
# Boot IMAGE (a copy of it) with OVMF in QEMU, headless, serial to LOG.
# Stops when QEMU exits, after TIMEOUT seconds (hard limit, exit 124), or
# as soon as the serial log matches STOP_REGEX (grep -E; exit 0 then).
# Otherwise exits with QEMU's status (isa-debug-exit: 33 all passed, 35 not).
# ACCEL=kvm opts in to KVM (TCG by default: OVMF crashes under nested KVM here).
set -u
img=$1; log=$2; mem=$3; limit=$4; stop=${5:-}
ACCEL=${ACCEL:-tcg}
QEMU=${QEMU:-qemu-system-x86_64}
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
POLL_SECONDS=0.2
# SECURE_BOOT=1 adds what Secure Boot OVMF builds need (SMM, secure pflash);
# pair it with OVMF_CODE/OVMF_VARS of such a build (docs/secure-boot.md).
# OVMF_VARS_SAVE=file keeps the run's variable store there (e.g. enrolled keys).
machine="q35,accel=$ACCEL"
if [ "${SECURE_BOOT:-0}" = 1 ]; then
    machine="$machine,smm=on"
    set -- -global driver=cfi.pflash01,property=secure,value=on
else
    set --
fi

work=$(mktemp -d)
trap '[ -z "${OVMF_VARS_SAVE:-}" ] || cp "$work/vars.fd" "$OVMF_VARS_SAVE"; rm -rf "$work"' EXIT
cp "$OVMF_VARS" "$work/vars.fd"
cp "$img" "$work/disk.img"
: > "$log"

timeout -k 2 "$limit" "$QEMU" -machine "$machine" "$@" -m "$mem" -nodefaults \
    -display none -vga std -no-reboot -serial file:"$log" \
    -drive if=pflash,format=raw,unit=0,readonly=on,file="$OVMF_CODE" \
    -drive if=pflash,format=raw,unit=1,file="$work/vars.fd" \
    -drive if=ide,format=raw,file="$work/disk.img" \
    -device isa-debug-exit,iobase=0xf4,iosize=4 </dev/null >"$work/qemu.out" 2>&1 &
pid=$!

if [ -n "$stop" ]; then
    while kill -0 "$pid" 2>/dev/null; do
        if tr -d '\r' < "$log" | grep -aEq "$stop"; then
            kill "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            exit 0
        fi
        sleep "$POLL_SECONDS"
    done
fi
wait "$pid"
rc=$?
if [ -s "$work/qemu.out" ]; then
    sed 's/^/qemu: /' "$work/qemu.out" >&2
fi
exit $rc
