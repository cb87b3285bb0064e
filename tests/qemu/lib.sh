# tests/qemu/lib.sh: what the QEMU test scripts share (sourced, not run).
# Counters: passed, failed. Each check is one test.

MB2_MAGIC=36d76289
CR0_PE=$((1 << 0))
CR0_PG=$((1 << 31))
EFER_LME=$((1 << 8))
EFER_LMA=$((1 << 10))
EFLAGS_IF=$((1 << 9))
INFO_ALIGN=8
QEMU_EXIT_PASSED=33   # isa-debug-exit value 0x10: (0x10 << 1) | 1

passed=0
failed=0

LIB_TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ESP_KIB=65536   # the FAT ESP image the test variants are written to (64 MiB)

# variant NAME: a fresh copy of the staged ESP tree ($ESP_ROOT) at
# $out/NAME.root, to modify; prints its path.
variant() {
    local dir=$out/$1.root
    rm -rf "$dir" && cp -r "$ESP_ROOT" "$dir" && echo "$dir"
}

# image NAME DIR [KIB]: the FAT image $out/NAME.img of the tree DIR
# (KIB KiB, ESP_KIB by default); prints its path.
image() {
    "$LIB_TOP/tools/mkesp.sh" "$out/$1.img" "${3:-$ESP_KIB}" "$2" >/dev/null && echo "$out/$1.img"
}

# plain_log LOG: the serial log without CRs and the firmware's (or GRUB's)
# ANSI escape sequences, so lines can be matched from their start.
plain_log() {
    tr -d '\r' < "$1" | sed 's/\x1b\[[0-9;?]*[A-Za-z]//g'
}
# clean_log LOG: plain_log without blank lines, for showing.
clean_log() {
    plain_log "$1" | grep -av '^[[:space:]]*$'
}

# LOG_TAG (set before sourcing; qemu by default) starts every PASS/FAIL line.
LOG_TAG=${LOG_TAG:-qemu}
pass() { echo "$LOG_TAG: PASS $1"; passed=$((passed + 1)); }
# fail NAME WHY [LOG]: count a failure and show the end of the log.
fail() {
    echo "$LOG_TAG: FAIL $1: $2"
    failed=$((failed + 1))
    if [ -n "${3:-}" ] && [ -f "$3" ]; then
        echo "$LOG_TAG: ---- last lines of $3 ----"
        clean_log "$3" | tail -n 25
        echo "$LOG_TAG: ----"
    fi
}
# check NAME LOG REGEX: pass when the log has a line matching REGEX.
check() {
    if plain_log "$2" | grep -aEq "$3"; then pass "$1"; else fail "$1" "no line matching /$3/" "$2"; fi
}
# check_absent NAME LOG REGEX: pass when no line matches.
check_absent() {
    if plain_log "$2" | grep -aEq "$3"; then fail "$1" "unexpected line matching /$3/" "$2"; else pass "$1"; fi
}
# expect_rc NAME RC WANT LOG: pass when a run's exit code is WANT.
expect_rc() {
    if [ "$2" -eq "$3" ]; then pass "$1"; else fail "$1" "exit code $2, expected $3 (124: timeout)" "$4"; fi
}

# check_entry_state NAME LOG: the entry: line shows the Multiboot2 i386 state.
check_entry_state() {
    local line
    line=$(plain_log "$2" | grep -a -m1 -E '^entry: eax=' || true)
    if [ -z "$line" ]; then fail "$1 entry line" "no 'entry:' line" "$2"; return; fi
    local eax ebx cr0 efer eflags
    eax=$(sed -n 's/.*eax=\([0-9a-f]\{8\}\).*/\1/p' <<<"$line")
    ebx=$(sed -n 's/.*ebx=\([0-9a-f]\{8\}\).*/\1/p' <<<"$line")
    cr0=$(sed -n 's/.*cr0=\([0-9a-f]\{8\}\).*/\1/p' <<<"$line")
    efer=$(sed -n 's/.*efer=\([0-9a-f]\{8\}\).*/\1/p' <<<"$line")
    eflags=$(sed -n 's/.*eflags=\([0-9a-f]\{8\}\).*/\1/p' <<<"$line")
    if [ -z "$eax" ] || [ -z "$ebx" ] || [ -z "$cr0" ] || [ -z "$efer" ] || [ -z "$eflags" ]; then
        fail "$1 entry line shape" "cannot read: $line" "$2"; return
    fi
    [ "$eax" = "$MB2_MAGIC" ] && pass "$1 EAX is the Multiboot2 magic" \
        || fail "$1 EAX is the Multiboot2 magic" "eax=$eax"
    (( 0x$ebx != 0 && 0x$ebx % INFO_ALIGN == 0 )) && pass "$1 EBX nonzero and 8-byte aligned" \
        || fail "$1 EBX nonzero and 8-byte aligned" "ebx=$ebx"
    (( (0x$cr0 & CR0_PE) != 0 && (0x$cr0 & CR0_PG) == 0 )) && pass "$1 CR0.PE=1 CR0.PG=0" \
        || fail "$1 CR0.PE=1 CR0.PG=0" "cr0=$cr0"
    (( (0x$efer & (EFER_LME | EFER_LMA)) == 0 )) && pass "$1 EFER.LME=0 EFER.LMA=0" \
        || fail "$1 EFER.LME=0 EFER.LMA=0" "efer=$efer"
    (( (0x$eflags & EFLAGS_IF) == 0 )) && pass "$1 EFLAGS.IF=0" \
        || fail "$1 EFLAGS.IF=0" "eflags=$eflags"
}

# add_kernel_counts NAME LOG: add the in-kernel runner's "N passed, N failed".
add_kernel_counts() {
    local counts p f
    counts=$(plain_log "$2" | grep -aE '^[0-9]+ passed, [0-9]+ failed$' | tail -n1)
    if [ -z "$counts" ]; then
        fail "$1: in-kernel runner result line" "no 'N passed, N failed' line" "$2"
        return
    fi
    p=${counts%% passed*}; f=${counts#*, }; f=${f%% failed*}
    echo "qemu: in-kernel ($1): $counts"
    passed=$((passed + p)); failed=$((failed + f))
    plain_log "$2" | grep -a 'FAILED' | sed 's/^/qemu:   /'
}

# pmm_recovered LOG: "REC FW" from the kernel's "pmm: recovered REC KiB of
# the firmware's FW KiB ..." line (kernel/mm_boot.c), or nothing without one.
# The kernel computes FW from the firmware's map (usable below 4 GiB, net of
# its carve-outs) and REC from what its allocator took in.
pmm_recovered() {
    tr -d '\r' < "$1" | grep -a -m1 '^pmm: recovered ' |
        sed -n 's/^pmm: recovered \([0-9]*\) KiB of the firmware.s \([0-9]*\) KiB.*/\1 \2/p'
}
PMM_RECOVER_PERMILLE=999   # the allocator must recover at least 99.9% of it
# pmm_agrees REC FW: status 0 when REC is at least PMM_RECOVER_PERMILLE/1000 of FW > 0.
pmm_agrees() {
    [ -n "${1:-}" ] && [ -n "${2:-}" ] && (( $2 > 0 && $1 * 1000 >= $2 * PMM_RECOVER_PERMILLE ))
}

# write_results FILE LAYER: the counts for tools/sum-results.sh; status 0 iff none failed.
write_results() {
    echo "passed=$passed failed=$failed" > "$1"
    echo "$2: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
