#!/bin/sh
# tools/deps.sh: install the Debian packages the build and the tests need, if any are missing.
# Called by `make` (once per tree, via build/.deps) and by .ci/run. Needs root or sudo to install.
set -eu

PKGS="build-essential gcc-multilib nasm gnu-efi ovmf ovmf-ia32 qemu-system-x86 qemu-utils mtools dosfstools \
gdisk xorriso grub-efi-amd64-bin grub-common binutils libcmocka-dev clang libclang-rt-14-dev python3 gdb \
sbsigntool efitools openssl"

missing=""
for p in $PKGS; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
        missing="$missing $p"
    fi
done

[ -z "$missing" ] && exit 0

echo "deps: installing missing Debian packages:$missing"
if [ "$(id -u)" -eq 0 ]; then
    SUDO=""
elif command -v sudo >/dev/null 2>&1; then
    SUDO="sudo"
else
    echo "deps: error: need root (or sudo) to install:$missing" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing
