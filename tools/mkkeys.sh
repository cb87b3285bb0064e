#!/bin/sh
# tools/mkkeys.sh KEYDIR [NAME]: create your own Secure Boot key set in KEYDIR:
#   PK, KEK, db:  NAME.key (RSA 2048 private key, unencrypted, mode 600),
#                 NAME.crt (self-signed X.509, PEM), NAME.cer (the same, DER),
#                 NAME.esl (EFI signature list owned by GUID),
#                 NAME.auth (the list signed for enrolment: PK by PK, KEK by PK, db by KEK)
#   noPK.auth:    an empty PK signed by PK, which puts the firmware back in setup mode
#   GUID.txt:     the owner GUID of every list
# Refuses to touch a KEYDIR that already holds keys. Never commit the .key files.
set -eu
[ $# -ge 1 ] || { echo "usage: $0 KEYDIR [NAME]" >&2; exit 2; }
dir=$1; name=${2:-pm32boot user}
VALID_DAYS=3650   # ten years: firmware does not check expiry, but tools print it
RSA_BITS=2048     # what every firmware's key enrolment accepts

if [ -e "$dir/PK.key" ] || [ -e "$dir/KEK.key" ] || [ -e "$dir/db.key" ]; then
    echo "keys: $dir already holds keys; expected an empty or new directory (move it away to make new ones)" >&2
    exit 1
fi
umask 077
mkdir -p "$dir"

guid=$(cat /proc/sys/kernel/random/uuid)
echo "$guid" > "$dir/GUID.txt"

for k in PK KEK db; do
    openssl req -new -x509 -newkey rsa:$RSA_BITS -sha256 -nodes -days $VALID_DAYS \
        -subj "/CN=$name Secure Boot $k/" -keyout "$dir/$k.key" -out "$dir/$k.crt" 2>/dev/null
    openssl x509 -in "$dir/$k.crt" -outform DER -out "$dir/$k.cer"
    cert-to-efi-sig-list -g "$guid" "$dir/$k.crt" "$dir/$k.esl"
done
# Each variable's update is signed by the key above it (UEFI 2.x, 8.2.2).
sign_list() { # VAR SIGNER LIST OUT
    sign-efi-sig-list -g "$guid" -k "$dir/$2.key" -c "$dir/$2.crt" "$1" "$3" "$4" >/dev/null
}
sign_list PK PK "$dir/PK.esl" "$dir/PK.auth"
sign_list KEK PK "$dir/KEK.esl" "$dir/KEK.auth"
sign_list db KEK "$dir/db.esl" "$dir/db.auth"
sign_list PK PK /dev/null "$dir/noPK.auth"
chmod 644 "$dir"/*.crt "$dir"/*.cer "$dir"/*.esl "$dir"/*.auth "$dir/GUID.txt"

echo "keys: $dir: PK, KEK, db (.key .crt .cer .esl .auth), noPK.auth, owner GUID $guid"
echo "keys: sign with: make sign KEY=$dir/db.key CERT=$dir/db.crt"
