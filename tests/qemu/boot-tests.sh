#!/bin/bash
# tests/qemu/boot-tests.sh RESULTFILE: boot the real image with OVMF and
# check the serial log, for several memory sizes and for every kind of bad
# input the loader must refuse. Writes "passed=N failed=M" to RESULTFILE:
# each check below is one test, and the in-kernel runner's counts are added.
#
# Environment (set by tests/qemu/qemu.mk): BUILD, LOADER_EFI, KERNEL_ELF,
# ESP_ROOT (the staged tree of `make image`), ACCEL (tcg unless kvm).
set -u
result=$1
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=tests/qemu/lib.sh
. "$here/lib.sh"   # counters, pass/fail/check, check_entry_state, constants
out=$BUILD/qemu-tests
rm -rf "$out" && mkdir -p "$out"

BOOT_TIMEOUT=${BOOT_TIMEOUT:-90}   # hard limit per boot, seconds (TCG, 8 GiB)
BAD_TIMEOUT=${BAD_TIMEOUT:-60}     # hard limit for a boot the loader refuses
QEMU_EXIT_FAILED=35   # isa-debug-exit value 0x11
RETURNED='BdsDxe: failed to start Boot'   # the firmware has control again

set_cmdline() { # DIR CMDLINE
    printf '# test variant\nkernel = /kernel.elf\ncmdline = %s\n' "$2" > "$1/boot.cfg"
}
# with_programs DIR: add the user programs' module lines of the real boot.cfg (docs/processes.md).
with_programs() {
    grep -E '^module = /user/' "$ESP_ROOT/boot.cfg" >> "$1/boot.cfg"
}

# ---- The process tests (kernel/ktests_proc.c) must have run, not been skipped.
check_processes() { # NAME LOG MEM
    check "$1: user programs loaded" "$2" '^user: 7 programs from modules: hello '
    check "$1: process tests ran (not skipped)" "$2" '^ok proc_leak_1000_cycles$'
    check "$1: a ring-3 read of kernel memory is killed with a report" "$2" \
        '^proc [0-9]+ \(probe\): killed: #PF page fault: access to kernel memory$'
    check "$1: out-of-memory kill reported" "$2" '^proc [0-9]+ \(hog\): killed: out of memory at '
    if [ "$3" = 64M ]; then
        # More virtual memory reserved than the machine has RAM.
        check "$1: 2 GiB sparse reservation on a small machine" "$2" \
            '^proc: sparse reserved 20[0-9][0-9] MiB, used [0-9]+ frames \([0-9]+ KiB\); allocatable RAM [0-9]{2} MiB$'
        check "$1: the hog runs the PMM dry" "$2" '^proc: hog reserves [0-9]+ MiB with [0-9]+ MiB free \(runs the PMM dry\)$'
    fi
}

# ---- The pmm: line (DESIGN.md) and how much of the firmware's usable memory
# below 4 GiB (net of the kernel's carve-outs) the allocator recovered.
check_pmm() { # NAME LOG
    local rec fw
    check "$1: pmm: line" "$2" '^pmm: free=[0-9]+ frames \([0-9]+ KiB\) usable=[0-9]+ frames$'
    read -r rec fw <<<"$(pmm_recovered "$2")"
    if pmm_agrees "$rec" "$fw"; then
        pass "$1: pmm recovered $rec of $fw KiB (>= 99.9%)"
    else
        fail "$1: pmm recovered >= 99.9% of the firmware's usable memory" \
            "${rec:+recovered $rec of $fw KiB}${rec:-no 'pmm: recovered' line}" "$2"
    fi
}

# ---- Good boots in test mode: the in-kernel runner decides, QEMU exits 33.
# At SOAK_MEM the boot also runs a short soak (kernel/soak.h, `make soak`
# runs it for 10 minutes): SOAK_SMOKE_SECONDS of allocator, paging and heap
# stress after the in-kernel tests, nothing leaked.
SOAK_MEM=512M
SOAK_SMOKE_SECONDS=3
good_boot() { # MEM
    local mem=$1 name="boot -m $1" dir img log rc cmd=test
    [ "$mem" = "$SOAK_MEM" ] && cmd="test soak=$SOAK_SMOKE_SECONDS"
    dir=$(variant "test-$mem")
    set_cmdline "$dir" "$cmd"
    with_programs "$dir"
    img=$(image "test-$mem" "$dir")
    log=$out/test-$mem.log
    "$here/run-qemu.sh" "$img" "$log" "$mem" "$BOOT_TIMEOUT"
    rc=$?
    expect_rc "$name: QEMU exit code $QEMU_EXIT_PASSED (all in-kernel tests passed)" "$rc" \
        "$QEMU_EXIT_PASSED" "$log"
    check_entry_state "$name" "$log"
    check_pmm "$name" "$log"
    check_memmap_report "$name" "$log" "$mem"
    check "$name: kernel: ready" "$log" '^kernel: ready$'
    check_paging "$name" "$log"
    check_processes "$name" "$log" "$mem"
    add_kernel_counts "$name" "$log"
    if [ "$mem" = "$SOAK_MEM" ]; then
        check "$name: soak for $SOAK_SMOKE_SECONDS s passed, nothing leaked" "$log" \
            "^soak: passed: [0-9]+ operations in $SOAK_SMOKE_SECONDS s; "
    fi
}

# ---- A plain boot (what `make run` does): reaches kernel: ready, runs the
# hello program in ring 3 and halts.
plain_boot() {
    local log=$out/plain.log rc
    "$here/run-qemu.sh" "$BUILD/esp.img" "$log" 512M "$BOOT_TIMEOUT" '^proc 1 \(hello\): exited'
    rc=$?
    [ "$rc" -eq 0 ] && pass "plain boot reaches 'kernel: ready' and runs hello" \
        || fail "plain boot reaches 'kernel: ready' and runs hello" "exit code $rc (124: timeout)" "$log"
    check "plain boot: kernel: ready" "$log" '^kernel: ready$'
    check "plain boot: hello's output from ring 3" "$log" '^hello from pid 1 in ring 3$'
    check "plain boot: hello's exit" "$log" '^proc 1 \(hello\): exited with status 0$'

    check "plain boot: loader banner" "$log" '^loader: pm32boot'
    check "plain boot: command line shown" "$log" 'console=serial'
    check_pager_off "plain boot" "$log"
}

# ---- The framebuffer console: after 'kernel: ready', a QMP screendump must
# show text on the first line and 'kernel: ready' drawn with the kernel's font.
screenshot_boot() {
    local log=$out/screen.log sock=$out/qmp.sock ppm=$out/screen.ppm qpid i rc
    local font=$here/../../kernel/font/font8x16.c
    rm -f "$sock" "$ppm"
    QMP_SOCKET=$sock "$here/run-qemu.sh" "$BUILD/esp.img" "$log" 512M "$BOOT_TIMEOUT" &
    qpid=$!
    for ((i = 0; i < BOOT_TIMEOUT * 5; i++)); do
        tr -d '\r' < "$log" 2>/dev/null | grep -aq '^kernel: ready' && break
        kill -0 "$qpid" 2>/dev/null || break
        sleep 0.2
    done
    python3 "$here/screen.py" dump "$sock" "$ppm" || kill "$qpid" 2>/dev/null
    wait "$qpid"
    check "screenshot boot: fbcon started" "$log" '^fbcon: [0-9]+x[0-9]+ text cells'
    if [ -s "$ppm" ] && python3 "$here/screen.py" check "$ppm" "$font" 'kernel: ready'; then
        pass "screenshot: first text line drawn, 'kernel: ready' legible"
    else
        fail "screenshot: first text line drawn, 'kernel: ready' legible" "see $ppm" "$log"
    fi
}

# failing_boot VARIANT CMDLINE NAME: boot a test-mode image with CMDLINE
# (log in $out/VARIANT.log) that must end with the failure code (QEMU exits 35).
failing_boot() {
    local dir img log=$out/$1.log
    dir=$(variant "$1")
    set_cmdline "$dir" "$2"
    img=$(image "$1" "$dir")
    "$here/run-qemu.sh" "$img" "$log" 256M "$BOOT_TIMEOUT"
    expect_rc "$3: QEMU exit code $QEMU_EXIT_FAILED" $? "$QEMU_EXIT_FAILED" "$log"
}

# ---- panic(): file, line, message, a stack trace with symbol names; in test
# mode the run ends with the failure code (QEMU exits 35).
panic_boot() {
    local name="panic in test mode" log=$out/panic.log
    failing_boot panic "test panic" "$name"
    check "$name: file, line and message" "$log" '^panic: kernel/main\.c:[0-9]+: requested on the command line'
    check "$name: stack trace names kmain" "$log" '^  #0 0x[0-9a-f]{8} kmain\+0x[0-9a-f]+$'
}

# ---- An unexpected exception: the report, then (test mode) the failure code.
exception_boot() {
    local name="unexpected #UD in test mode" log=$out/exception.log
    failing_boot exception "test ud2" "$name"
    check "$name: name and vector" "$log" '^exception: #UD invalid opcode \(vector 6\)'
    check "$name: EIP with its symbol, CS, EFLAGS" "$log" '^  eip=[0-9a-f]{8} \(kmain\+0x[0-9a-f]+\) cs=0008 \(CPL 0\) eflags=[0-9a-f]{8}$'
    check "$name: general registers" "$log" '^  esi=[0-9a-f]{8} edi=[0-9a-f]{8} ebp=[0-9a-f]{8} esp=[0-9a-f]{8}$'
    check "$name: control registers" "$log" '^  cr0=[0-9a-f]{8} cr2=[0-9a-f]{8} cr3=[0-9a-f]{8} cr4=[0-9a-f]{8}$'
    check "$name: stack trace" "$log" '^  #0 0x[0-9a-f]{8} _start'
}

# ---- A null read after kernel: ready: the #PF report with its page walk.
pf_boot() {
    local name="unexpected #PF (null read)" log=$out/pf.log
    failing_boot pf "test pf" "$name"
    check "$name: decoded, CR2=0" "$log" '^exception: #PF page fault \(vector 14\) error=00000000 .*cr2=00000000'
    check "$name: page walk" "$log" '^  page walk for cr2=00000000 \(kernel directory\): pde\[0\]=00000000 pte\[0\]=00000000$'
    check "$name: mapping and symbol" "$log" '^  cr2 lies in: unmapped; nearest symbol \?\+0x0$'
    check "$name: EIP in kmain" "$log" '^  eip=[0-9a-f]{8} \(kmain\+0x[0-9a-f]+\)'
}

# ---- Paging: the paging: line (DESIGN.md) after pmm: and before kernel: ready, and the table.
check_paging() { # NAME LOG
    check "$1: paging: line" "$2" '^paging: enabled cr3=[0-9a-f]{8}$'
    check "$1: mappings table (text read-only, global)" "$2" '^paging:   c01[0-9a-f]{5}-c0[0-9a-f]{6} +00100000-00[0-9a-f]{6} +RKG--   text$'
    local order
    order=$(tr -d '\r' < "$2" | grep -aE '^(pmm: free=|paging: enabled|kernel: ready)' | cut -d' ' -f1 | paste -sd' ')
    [ "$order" = "pmm: paging: kernel:" ] && pass "$1: pmm:, paging:, kernel: ready in order" \
        || fail "$1: pmm:, paging:, kernel: ready in order" "order: $order" "$2"
}

# ---- Bad input: a message, a return to the firmware, no kernel output.
bad_boot() { # NAME IMAGE EXPECTED_REGEX
    local name="refuses $1" log=$out/bad-$1.log rc
    "$here/run-qemu.sh" "$2" "$log" 256M "$BAD_TIMEOUT" "$RETURNED"
    rc=$?
    [ "$rc" -eq 0 ] && pass "$name: returns to the firmware in bounded time" \
        || fail "$name: returns to the firmware in bounded time" "exit code $rc (124: timeout)" "$log"
    check "$name: message" "$log" "$3"
    check_absent "$name: no kernel output" "$log" '^entry: |^kernel: '
}

. "$here/memmap-report.sh"

echo "qemu: accelerator ${ACCEL:-tcg}"
plain_boot
screenshot_boot
pager_boot
panic_boot
exception_boot
pf_boot
for mem in 64M 512M 3G 8G; do
    good_boot "$mem"
done

d=$(variant no-kernel); rm -f "$d/kernel.elf"
bad_boot no-kernel "$(image no-kernel "$d")" '/kernel.elf: not found on the boot partition'

d=$(variant text-kernel); printf 'This is not a kernel.\n' > "$d/kernel.elf"
bad_boot text-kernel "$(image text-kernel "$d")" 'not an ELF file'

d=$(variant elf64); objcopy -O elf64-x86-64 "$KERNEL_ELF" "$d/kernel.elf"
bad_boot x86_64-elf "$(image elf64 "$d")" 'ELF class is 2 \(64-bit\), expected 1 \(32-bit\)'

# Cut the file in the middle of its loaded bytes (past the headers, before
# the end of the last segment's file bytes), not just in its debug info.
load_end=0
while read -r kind off _ _ filesz _; do
    [ "$kind" = LOAD ] || continue
    (( off + filesz > load_end )) && load_end=$(( off + filesz ))
done < <(readelf -lW "$KERNEL_ELF")
d=$(variant truncated); head -c "$(( load_end / 2 ))" "$KERNEL_ELF" > "$d/kernel.elf"
bad_boot truncated-elf "$(image truncated "$d")" 'program header 0 \(PT_LOAD\) file bytes .* lie outside the 0x[0-9a-f]+-byte file'

d=$(variant reserved); python3 "$here/elf-move-segment.py" "$KERNEL_ELF" "$d/kernel.elf" "$RESERVED_TARGET"
bad_boot segment-on-reserved "$(image reserved "$d")" 'cannot place the kernel: segment 0 .* overlaps (EfiReservedMemoryType|EfiACPIMemoryNVS|EfiRuntimeServices|EfiMemoryMappedIO)'

d=$(variant bad-key); printf 'kernel = /kernel.elf\ncmdline = test\nkernal = /oops.elf\n' > "$d/boot.cfg"
bad_boot unknown-config-key "$(image bad-key "$d")" "boot.cfg line 3: unknown key 'kernal'"

write_results "$result" qemu
