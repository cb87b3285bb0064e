#!/bin/bash
# tests/matrix/run-matrix.sh OUTDIR [RESULTFILE]: the boot matrix
# (docs/matrix.md). Boots the plain image (save_memmap = yes, so the loader
# also writes the firmware's map to the disk) once per cell, JOBS at a time,
# and prints a table: the cell's axes, seconds from QEMU's start to
# `kernel: ready`, the recovered memory against the firmware's figure, the
# saved-map check, and the verdict. The table also goes to OUTDIR/table.txt,
# each cell's serial log to OUTDIR/CELL.log. With RESULTFILE, writes
# "passed=N failed=M" there (one test per cell) for tools/sum-results.sh.
#
# A cell passes when the kernel reaches `kernel: ready`, its allocator
# recovered at least 99.9% of what the firmware's map offers (the kernel's
# `pmm: recovered` line, tests/qemu/lib.sh pmm_agrees), and the map the
# loader saved agrees with the kernel's printout of the same boot
# (tests/qemu/check-memmap.py). A cell whose firmware dies before the loader
# starts is "FW-LIMIT": accepted only for memory sizes in FW_LIMIT_MEMS (OVMF
# cannot start there at all; measured, see docs/matrix.md), a failure
# elsewhere.
#
# Environment: CELLS (lines "MEM SMP MACHINE CPU OVMF", from
# tests/matrix/cells.py), IMAGE (build/esp.img), ESP_ROOT (its staged tree),
# JOBS (2), CELL_TIMEOUT (150 s), FW_LIMIT_MEMS ("32M"), ACCEL.
set -u
out=$1; result=${2:-}
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
# shellcheck source=tests/qemu/lib.sh
. "$top/tests/qemu/lib.sh"

JOBS=${JOBS:-2}
CELL_TIMEOUT=${CELL_TIMEOUT:-150}
FW_LIMIT_MEMS=${FW_LIMIT_MEMS:-32M}
OVMF_DIR=${OVMF_DIR:-/usr/share/OVMF}
LOADER_NAME="pm32boot (UEFI x86_64)"
# Stop as soon as the kernel is ready, our kernel stopped on an error, or the
# firmware took an exception (OVMF then hangs: no reason to wait for the timeout).
STOP='^kernel: ready|^panic: |^exception: |^info: malformed|!!!! (X64|IA32) Exception|BdsDxe: No bootable option'
FW_CRASH='!!!! (X64|IA32) Exception'
# The firmware could not load BOOTX64.EFI, or found no disk to load it from.
FW_NOLOAD='BdsDxe: (failed to load Boot|No bootable option)'

rm -rf "$out" && mkdir -p "$out/cells"

# The image every cell boots: the plain tree with save_memmap = yes and a
# /memmaps folder (docs/memmap-json.md), built once so a rebuild during the
# run changes nothing.
root=$out/esp-root
cp -r "$ESP_ROOT" "$root" && mkdir -p "$root/memmaps"
printf '\n# make matrix: keep the firmware map for check-memmap.py\nsave_memmap = yes\n' >> "$root/boot.cfg"
"$top/tools/mkesp.sh" "$out/esp.img" "$ESP_KIB" "$root" >/dev/null || exit 1

# qemu_mem LABEL: the -m value (QEMU takes no fractions: 3.5G is 3584M).
qemu_mem() {
    case $1 in
        *.5G) echo "$(( ${1%.5G} * 1024 + 512 ))M" ;;
        *) echo "$1" ;;
    esac
}

# cpu_known MODEL: does this QEMU offer the CPU model (`-cpu help`)?
CPU_HELP=$(${QEMU:-qemu-system-x86_64} -cpu help 2>/dev/null)
cpu_known() { grep -qE "^x86 +$1( |$)" <<<"$CPU_HELP"; }

# fw_died LOG RC: how the firmware stopped, when it did: the exception OVMF
# printed, or a reset (QEMU, run with -no-reboot, ended by itself with status
# 0 and no stop line). Status 1 and no output otherwise.
fw_died() {
    local exc
    exc=$(plain_log "$1" | grep -aE -m1 "$FW_CRASH" | sed -E 's/^!!!! //; s/\).*/)/')
    if [ -n "$exc" ]; then
        echo "OVMF: $exc"
    elif plain_log "$1" | grep -aqE "$FW_NOLOAD"; then
        echo "OVMF: $(plain_log "$1" | grep -aE -m1 "$FW_NOLOAD" | sed -E 's/ from .*:/:/; s/^.*BdsDxe: //')"
    elif [ "$2" -eq 0 ] && ! plain_log "$1" | grep -aqE "$STOP"; then
        echo "OVMF reset the machine ($(plain_log "$1" | grep -ac .) lines of output)"
    else
        return 1
    fi
}

# run_cell N MEM SMP MACHINE CPU OVMF: boot one cell; write its row's fields
# (tab-separated) to $out/cells/N.
run_cell() {
    local n=$1 mem=$2 smp=$3 machine=$4 cpu=$5 ovmf=$6
    local name="$mem-smp$smp-$machine-$cpu-ovmf$ovmf" code vars log t0 t1 rc secs
    local verdict why="" died rec fw mem_col="-" map="-" json
    log=$out/$name.log
    case $ovmf in
        2M) code=$OVMF_DIR/OVMF_CODE.fd; vars=$OVMF_DIR/OVMF_VARS.fd ;;
        4M) code=$OVMF_DIR/OVMF_CODE_4M.fd; vars=$OVMF_DIR/OVMF_VARS_4M.fd ;;
        *) printf '%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t-\tFAIL\tOVMF %s: expected 2M or 4M\n' \
               "$n" "$mem" "$smp" "$machine" "$cpu" "$ovmf" "$ovmf" > "$out/cells/$n"; return ;;
    esac
    if ! cpu_known "$cpu"; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t-\t-\t-\tSKIP\tthis QEMU has no -cpu %s\n' \
            "$n" "$mem" "$smp" "$machine" "$cpu" "$ovmf" "$cpu" > "$out/cells/$n"
        return
    fi
    t0=$(date +%s%N)
    MACHINE=$machine SMP=$smp CPU=$cpu OVMF_CODE=$code OVMF_VARS=$vars \
        DISK_OUT=$out/$name.disk "$top/tests/qemu/run-qemu.sh" "$out/esp.img" "$log" \
        "$(qemu_mem "$mem")" "$CELL_TIMEOUT" "$STOP" 2>"$out/$name.qemu"
    rc=$?
    t1=$(date +%s%N)
    secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
    read -r rec fw <<<"$(pmm_recovered "$log")"
    [ -n "$rec" ] && mem_col="$((rec / 1024))/$((fw / 1024)) MiB"
    if plain_log "$log" | grep -aq '^kernel: ready$'; then
        json=$(MTOOLS_SKIP_CHECK=1 mdir -b -i "$out/$name.disk" ::/memmaps 2>/dev/null | grep '\.json$' | head -n1)
        if [ -n "$json" ] && MTOOLS_SKIP_CHECK=1 mcopy -n -i "$out/$name.disk" "$json" "$out/$name.json" 2>/dev/null \
            && "$top/tests/qemu/check-memmap.py" "$out/$name.json" "$log" "$LOADER_NAME" > "$out/$name.check"; then
            map=agrees
        else
            map=differs
            why="saved map: $(head -n1 "$out/$name.check" 2>/dev/null || echo 'none saved')"
        fi
        if ! pmm_agrees "$rec" "$fw"; then
            verdict=FAIL; why="recovered ${rec:-?} of ${fw:-?} KiB (< 99.9%)"
        elif [ "$map" != agrees ]; then
            verdict=FAIL
        else
            verdict=PASS
        fi
    elif ! plain_log "$log" | grep -aq '^loader: pm32boot' && died=$(fw_died "$log" "$rc"); then
        secs="-"
        why="$died, before the loader started"
        if [[ " $FW_LIMIT_MEMS " == *" $mem "* ]]; then verdict=FW-LIMIT; else verdict=FAIL; fi
    else
        secs="-"; verdict=FAIL
        why="no 'kernel: ready' (QEMU exit $rc, 124: timeout); last line: $(clean_log "$log" | tail -n1 | cut -c1-80)"
    fi
    rm -f "$out/$name.disk"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$mem" "$smp" "$machine" "$cpu" "$ovmf" \
        "$secs" "$mem_col" "$map" "$verdict" "$why" > "$out/cells/$n"
    echo "matrix: cell $n $name: $verdict ${secs}s $why"
}

cells=${CELLS:-$("$here/cells.py" pairwise)}
total=$(grep -c . <<<"$cells")
echo "matrix: $total cells, $JOBS at a time, accelerator ${ACCEL:-tcg}"
start=$(date +%s)
n=0
while read -r mem smp machine cpu ovmf; do
    [ -n "$mem" ] || continue
    n=$((n + 1))
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    run_cell "$n" "$mem" "$smp" "$machine" "$cpu" "$ovmf" &
done <<<"$cells"
wait

# The table, in cell order.
table=$out/table.txt
{
    printf '%-3s %-5s %-3s %-4s %-14s %-4s %8s %-17s %-7s %-8s %s\n' \
        '#' mem smp mach cpu ovmf ready/s 'recovered/fw' map result note
    for f in $(ls "$out/cells" | sort -n); do
        IFS=$'\t' read -r i mem smp machine cpu ovmf secs mem_col map verdict why < "$out/cells/$f"
        printf '%-3s %-5s %-3s %-4s %-14s %-4s %8s %-17s %-7s %-8s %s\n' \
            "$i" "$mem" "$smp" "$machine" "$cpu" "$ovmf" "$secs" "$mem_col" "$map" "$verdict" "$why"
    done
} > "$table"
npass=$(cut -f10 "$out"/cells/* | grep -c '^PASS$')
nlimit=$(cut -f10 "$out"/cells/* | grep -c '^FW-LIMIT$')
nskip=$(cut -f10 "$out"/cells/* | grep -c '^SKIP$')
nfail=$(( n - npass - nlimit - nskip ))
echo "matrix: $npass passed, $nlimit firmware limits, $nskip skipped, $nfail failed;" \
    "$(( $(date +%s) - start )) s for $n cells" >> "$table"
echo
cat "$table"

# A firmware limit where one is expected counts as passed (the cell showed
# what it should: OVMF stops before our loader runs); a CPU model this QEMU
# lacks is neither passed nor failed, and the table says so.
passed=$((npass + nlimit)); failed=$nfail
if [ -n "$result" ]; then
    write_results "$result" matrix
else
    [ "$failed" -eq 0 ]
fi
