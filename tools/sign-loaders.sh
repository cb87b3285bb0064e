#!/bin/sh
# tools/sign-loaders.sh KEY CERT OUTDIR EFI...: sign each EFI binary with
# sbsign (KEY: PEM private key, CERT: PEM X.509 certificate) into
# OUTDIR/<same name>, then check the signature with sbverify.
# An encrypted KEY makes sbsign ask for its passphrase.
set -eu
[ $# -ge 4 ] || { echo "usage: $0 KEY CERT OUTDIR EFI..." >&2; exit 2; }
key=$1; cert=$2; out=$3; shift 3

for f in "$key" "$cert"; do
    if [ ! -r "$f" ]; then
        echo "sign: expected a readable key and certificate (make sign KEY=db.key CERT=db.crt;" \
             "make keys creates keys/db.key and db.crt), found no file $f" >&2
        exit 1
    fi
done
mkdir -p "$out"
for efi in "$@"; do
    dst=$out/$(basename "$efi")
    rm -f "$dst"
    # sbsign and sbverify warn about the gap gnu-efi's objcopy leaves between
    # sections; the Authenticode hash skips it and firmware accepts the result.
    if ! msg=$(sbsign --key "$key" --cert "$cert" --output "$dst" "$efi" 2>&1); then
        echo "$msg" | grep -v 'gaps between PE/COFF sections' >&2
        echo "sign: sbsign could not sign $efi" >&2
        exit 1
    fi
    if ! msg=$(sbverify --cert "$cert" "$dst" 2>&1); then
        echo "$msg" | grep -v 'gaps between PE/COFF sections' >&2
        echo "sign: expected $dst to verify against $cert, and sbverify refused it" >&2
        exit 1
    fi
    echo "sign: $dst (signed by $(openssl x509 -in "$cert" -noout -subject))"
done
