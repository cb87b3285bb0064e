#!/bin/bash
# tests/qemu/secureboot-tests.sh RESULTFILE: Secure Boot, booted the way a PC
# with Secure Boot on would boot the stick, with Debian's Secure Boot OVMF and
# its "snakeoil" key set (PK, KEK and db hold the snakeoil certificate):
#   - the pinned loader signed with the snakeoil key boots to `kernel: ready`,
#     and reports Secure Boot enabled and the kernel's SHA-256;
#   - the unsigned development loader is refused by the firmware and nothing
#     of ours runs;
#   - the signed loader refuses a kernel.elf with one byte changed, with the
#     hash message, and returns to the firmware;
#   - the development loader on the ordinary OVMF says Secure Boot is off and
#     the kernel is not pinned;
#   - a key set from tools/mkkeys.sh (`make keys`), enrolled by ENROL.EFI in
#     the Secure Boot OVMF in setup mode, boots the pinned loader signed with
#     its db key, and refuses the snakeoil-signed one.
# Writes "passed=N failed=M" to RESULTFILE (one per check).
#
# Environment (tests/qemu/secureboot.mk): BUILD, KERNEL_ELF, ESP_ROOT, ACCEL,
# PINNED_EFI, ENROL_EFI, OVMF_SB_CODE, OVMF_SB_VARS (snakeoil keys), OVMF_SB_BLANK
# (no keys: setup mode), OVMF_PLAIN_CODE (no Secure Boot), SNAKEOIL_KEY, SNAKEOIL_CERT.
set -u
result=$1
here=$(cd "$(dirname "$0")" && pwd)
LOG_TAG=sb
# shellcheck source=tests/qemu/lib.sh
. "$here/lib.sh"
tools=$here/../../tools
out=$BUILD/sb-tests
rm -rf "$out" && mkdir -p "$out"

SB_TIMEOUT=${SB_TIMEOUT:-90}   # hard limit per boot, seconds (TCG with SMM)
SB_MEM=512M
SNAKEOIL_PASSPHRASE=snakeoil   # Debian's ovmf README.Debian
RETURNED='BdsDxe: failed to start Boot'   # the firmware has control again
REFUSED='BdsDxe: failed to load Boot[0-9A-F]+ .*: Access Denied'
TAMPER_OFFSET_DIVISOR=2        # change the byte in the middle of the file

finish() {
    write_results "$result" sb
    exit
}
# boot NAME IMAGE CODE VARS SECURE STOP [VARS_SAVE]: one QEMU run, serial to
# $out/NAME.log; prints the time it took.
boot() {
    local start end rc
    start=$(date +%s%N)
    OVMF_CODE=$3 OVMF_VARS=$4 SECURE_BOOT=$5 ACCEL=$ACCEL OVMF_VARS_SAVE=${7:-} \
        "$here/run-qemu.sh" "$2" "$out/$1.log" "$SB_MEM" "$SB_TIMEOUT" "$6"
    rc=$?
    end=$(date +%s%N)
    echo "sb: $1: QEMU exit $rc after $(( (end - start) / 1000000 )) ms"
    [ "$rc" -ne 124 ] || fail "$1 boot ends in time" "hit the ${SB_TIMEOUT}s limit" "$out/$1.log"
}
# esp NAME LOADER KERNEL: an ESP image of ESP_ROOT with this loader and kernel.
esp() {
    local dir
    dir=$(variant "$1")
    cp "$2" "$dir/EFI/BOOT/BOOTX64.EFI"
    cp "$3" "$dir/kernel.elf"
    image "$1" "$dir" >/dev/null
}

for f in "$OVMF_SB_CODE" "$OVMF_SB_VARS" "$OVMF_SB_BLANK" "$OVMF_PLAIN_CODE" "$ENROL_EFI" "$SNAKEOIL_KEY" "$SNAKEOIL_CERT" "$PINNED_EFI" "$KERNEL_ELF"; do
    [ -r "$f" ] || { fail "inputs" "expected $f to exist"; finish; }
done

# ---- Sign the pinned loader with the snakeoil key (its PEM key is encrypted).
openssl pkey -in "$SNAKEOIL_KEY" -passin pass:"$SNAKEOIL_PASSPHRASE" -out "$out/snakeoil.key" 2>"$out/openssl.err" \
    || { fail "snakeoil key" "cannot decrypt $SNAKEOIL_KEY: $(cat "$out/openssl.err")"; finish; }
if "$tools/sign-loaders.sh" "$out/snakeoil.key" "$SNAKEOIL_CERT" "$out/signed" "$PINNED_EFI" > "$out/sign.log" 2>&1; then
    pass "sign-loaders.sh signs and sbverify accepts the pinned loader"
else
    fail "sign-loaders.sh signs the pinned loader" "$(cat "$out/sign.log")"; finish
fi
signed=$out/signed/BOOTX64.EFI
kernel_hash=$(sha256sum "$KERNEL_ELF" | cut -d' ' -f1)

# ---- (a) signed loader, its own kernel: boots, Secure Boot on.
esp signed "$signed" "$KERNEL_ELF"
boot signed "$out/signed.img" "$OVMF_SB_CODE" "$OVMF_SB_VARS" 1 "kernel: ready|$RETURNED"
log=$out/signed.log
check "signed: the loader runs under Secure Boot and says it is enabled" "$log" '^loader: Secure Boot enabled;'
check "signed: the loader is pinned to kernel.elf's SHA-256" "$log" "kernel pinned to SHA-256 $kernel_hash\$"
check "signed: kernel: ready" "$log" '^kernel: ready'

# ---- (b) unsigned loader: the firmware refuses it, nothing of ours runs.
esp unsigned "$ESP_ROOT/EFI/BOOT/BOOTX64.EFI" "$KERNEL_ELF"
boot unsigned "$out/unsigned.img" "$OVMF_SB_CODE" "$OVMF_SB_VARS" 1 "$RETURNED|^loader:"
log=$out/unsigned.log
check "unsigned: the firmware refuses the loader (Access Denied)" "$log" "$REFUSED"
check_absent "unsigned: no loader output" "$log" '^loader:'
check_absent "unsigned: no kernel entry" "$log" '^entry:'

# ---- (c) signed loader, one byte of kernel.elf changed: our loader refuses it.
tampered=$out/kernel-tampered.elf
cp "$KERNEL_ELF" "$tampered"
size=$(stat -c %s "$tampered")
off=$((size / TAMPER_OFFSET_DIVISOR))
old=$(od -An -tu1 -j "$off" -N1 "$tampered" | tr -d ' ')
printf "$(printf '\\%03o' $(( (old + 1) % 256 )))" | dd of="$tampered" bs=1 seek="$off" conv=notrunc status=none
bad_hash=$(sha256sum "$tampered" | cut -d' ' -f1)
if [ "$bad_hash" != "$kernel_hash" ]; then pass "tampered: kernel.elf differs in byte $off"; \
else fail "tampered: kernel.elf differs" "the changed file has the same SHA-256"; fi
esp tampered "$signed" "$tampered"
boot tampered "$out/tampered.img" "$OVMF_SB_CODE" "$OVMF_SB_VARS" 1 "$RETURNED|^entry:"
log=$out/tampered.log
check "tampered: the loader names both hashes" "$log" \
    "^loader: error: /kernel.elf: SHA-256 $bad_hash does not match the SHA-256 $kernel_hash this signed loader was built for"
check "tampered: the loader returns to the firmware" "$log" '^loader: boot failed \(EFI_SECURITY_VIOLATION\); returning to the firmware'
check "tampered: the firmware has control again" "$log" "$RETURNED"
check_absent "tampered: no kernel entry" "$log" '^entry:'

# ---- (d) development loader on the ordinary firmware: no Secure Boot, no pin.
esp plain "$ESP_ROOT/EFI/BOOT/BOOTX64.EFI" "$KERNEL_ELF"
boot plain "$out/plain.img" "$OVMF_PLAIN_CODE" "$OVMF_SB_BLANK" 0 "kernel: ready|$RETURNED"
check "plain: Secure Boot off, kernel not pinned" "$out/plain.log" \
    '^loader: Secure Boot disabled; kernel not pinned \(development build\)$'

# ---- (e) your own keys: make keys, enrol them, sign with your db key.
keys=$out/keys
if "$tools/mkkeys.sh" "$keys" "sb-test" > "$out/mkkeys.log" 2>&1; then
    pass "mkkeys.sh makes a key set"
else
    fail "mkkeys.sh makes a key set" "$(cat "$out/mkkeys.log")"; finish
fi
enrol_root=$out/enrol.root
rm -rf "$enrol_root" && mkdir -p "$enrol_root/EFI/BOOT"
cp "$ENROL_EFI" "$enrol_root/EFI/BOOT/BOOTX64.EFI"
cp "$keys/db.auth" "$keys/KEK.auth" "$keys/PK.auth" "$enrol_root/"
"$tools/mkesp.sh" "$out/enrol.img" "$ESP_KIB" "$enrol_root" >/dev/null
own_vars=$out/own-keys-vars.fd
boot enrol "$out/enrol.img" "$OVMF_SB_CODE" "$OVMF_SB_BLANK" 1 "" "$own_vars"
check "own keys: ENROL.EFI enrols db, KEK and PK (setup mode ends)" "$out/enrol.log" \
    '^enrol: db, KEK and PK enrolled; SetupMode=0 now'
"$tools/sign-loaders.sh" "$keys/db.key" "$keys/db.crt" "$out/own-signed" "$PINNED_EFI" > "$out/own-sign.log" 2>&1 \
    || fail "own keys: sign" "$(cat "$out/own-sign.log")"
esp own "$out/own-signed/BOOTX64.EFI" "$KERNEL_ELF"
boot own "$out/own.img" "$OVMF_SB_CODE" "$own_vars" 1 "kernel: ready|$RETURNED"
check "own keys: Secure Boot enabled with your keys" "$out/own.log" '^loader: Secure Boot enabled;'
check "own keys: kernel: ready" "$out/own.log" '^kernel: ready'
boot own-snakeoil "$out/signed.img" "$OVMF_SB_CODE" "$own_vars" 1 "$RETURNED|^loader:"
check "own keys: the snakeoil-signed loader is refused" "$out/own-snakeoil.log" "$REFUSED"
check_absent "own keys: no loader output from the snakeoil-signed loader" "$out/own-snakeoil.log" '^loader:'

finish
