#!/bin/sh
# tests/qemu/run-qemu.sh IMAGE LOG MEM TIMEOUT [STOP_REGEX]
# Boot IMAGE (a copy of it) with OVMF in QEMU, headless, serial to LOG.
# Stops when QEMU exits, after TIMEOUT seconds (hard limit, exit 124), or
# as soon as the serial log matches STOP_REGEX (grep -E; exit 0 then).
# Otherwise exits with QEMU's status (isa-debug-exit: 33 all passed, 35 not).
# ACCEL=kvm opts in to KVM (TCG by default: OVMF crashes under nested KVM here).
# DISK_IF: how the image is attached: ide (default), virtio, usb (a
# removable stick on an xHCI controller, as a PC boots from one), or cdrom
# (an ISO in a SATA CD drive). DISK_OUT: where to keep the disk as the run
# left it (the loader may have written files to it); by default it is dropped.
# DISK_RO=1: attach the disk read-only (usb and virtio), like a locked stick.
# QMP_SOCKET=PATH (optional) adds a QMP monitor on that Unix socket (screendump).
# MACHINE (q35 by default, or pc) and SMP (1 by default): the machine model;
# CPU (optional, e.g. Skylake-Client): the -cpu model (QEMU's default otherwise).
# PAGER=1 lets the kernel's memory-map report pause on the framebuffer
# (docs/memmap-report.md); by default the fw_cfg file opt/pm32boot/nopause tells it not to.
set -u
img=$1; log=$2; mem=$3; limit=$4; stop=${5:-}
ACCEL=${ACCEL:-tcg}
QEMU=${QEMU:-qemu-system-x86_64}
OVMF_CODE=${OVMF_CODE:-/usr/share/OVMF/OVMF_CODE_4M.fd}
OVMF_VARS=${OVMF_VARS:-/usr/share/OVMF/OVMF_VARS_4M.fd}
POLL_SECONDS=0.2
DISK_IF=${DISK_IF:-ide}
MACHINE=${MACHINE:-q35}
SMP=${SMP:-1}
# SECURE_BOOT=1 adds what Secure Boot OVMF builds need (SMM, secure pflash);
# pair it with OVMF_CODE/OVMF_VARS of such a build (docs/secure-boot.md).
# OVMF_VARS_SAVE=file keeps the run's variable store there (e.g. enrolled keys).
machine="$MACHINE,accel=$ACCEL"
if [ "${SECURE_BOOT:-0}" = 1 ]; then
    machine="$machine,smm=on"
    set -- -global driver=cfi.pflash01,property=secure,value=on
else
    set --
fi

work=$(mktemp -d)
keep_disk() { [ -z "${DISK_OUT:-}" ] || cp "$work/disk.img" "$DISK_OUT"; }
trap '[ -z "${OVMF_VARS_SAVE:-}" ] || cp "$work/vars.fd" "$OVMF_VARS_SAVE"; rm -rf "$work"' EXIT
cp "$OVMF_VARS" "$work/vars.fd"
cp "$img" "$work/disk.img"
ro=""
[ "${DISK_RO:-0}" = 1 ] && ro=",readonly=on"
case "$DISK_IF" in
    ide|virtio) disk_args="-drive if=$DISK_IF,format=raw$ro,file=$work/disk.img" ;;
    usb) disk_args="-device qemu-xhci,id=xhci -drive if=none,id=stick,format=raw$ro,file=$work/disk.img
                    -device usb-storage,bus=xhci.0,drive=stick,removable=on" ;;
    cdrom) disk_args="-drive if=ide,media=cdrom,format=raw,readonly=on,file=$work/disk.img" ;;
    *) echo "run-qemu: DISK_IF=$DISK_IF: expected ide, virtio, usb or cdrom" >&2; exit 2 ;;
esac
: > "$log"

timeout -k 2 "$limit" "$QEMU" -machine "$machine" "$@" -m "$mem" -smp "$SMP" -nodefaults \
    ${CPU:+-cpu "$CPU"} -display none -vga std -no-reboot -serial file:"$log" \
    -drive if=pflash,format=raw,unit=0,readonly=on,file="$OVMF_CODE" \
    -drive if=pflash,format=raw,unit=1,file="$work/vars.fd" \
    $disk_args \
    -device isa-debug-exit,iobase=0xf4,iosize=4 \
    $([ "${PAGER:-0}" = 1 ] || echo "-fw_cfg name=opt/pm32boot/nopause,string=1") \
    ${QMP_SOCKET:+-qmp "unix:$QMP_SOCKET,server=on,wait=off"} </dev/null >"$work/qemu.out" 2>&1 &
pid=$!

if [ -n "$stop" ]; then
    while kill -0 "$pid" 2>/dev/null; do
        if tr -d '\r' < "$log" | grep -aEq "$stop"; then
            kill "$pid" 2>/dev/null
            wait "$pid" 2>/dev/null
            keep_disk
            exit 0
        fi
        sleep "$POLL_SECONDS"
    done
fi
wait "$pid"
rc=$?
keep_disk
if [ -s "$work/qemu.out" ]; then
    sed 's/^/qemu: /' "$work/qemu.out" >&2
fi
exit $rc
