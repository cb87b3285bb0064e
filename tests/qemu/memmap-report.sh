# tests/qemu/memmap-report.sh: QEMU checks of the kernel's memory-map report
# (docs/memmap-report.md). Sourced by boot-tests.sh, which provides pass,
# fail, check, out, here and BOOT_TIMEOUT.

MMREP_ABOVE_4G_MEMS="3G 8G"   # sizes with RAM above 4 GiB (q35 keeps at most 2 GiB below 4 GiB past 2.75 GiB)

# mmrep_field LOG PREFIX: the text after PREFIX on the last line starting with it.
mmrep_field() {
    tr -d '\r' < "$1" | grep -a "^$2" | tail -n1 | sed "s/^$2//"
}

# check_memmap_report NAME LOG MEM: the report of a test-mode boot at MEM.
check_memmap_report() {
    local name=$1 log=$2 mem=$3 usable_high raw bad
    check "$name: raw map header (descriptor size, version, count, end exclusive)" "$log" \
        '^efi-mmap: descr_size=[0-9]+ version=1 count=[0-9]+ \([0-9]+ bytes; [0-9]+ bytes past the 40-byte version-1 layout\) \(ranges are \[start, end\): the end is exclusive\)$'
    raw=$(tr -d '\r' < "$log" | grep -ac '^efi-mmap: *[0-9]')
    bad=$(tr -d '\r' < "$log" | grep -a '^efi-mmap: *[0-9]' | grep -avcE \
        '^efi-mmap: +[0-9]+ [A-Za-z]+ 0x[0-9a-f]{16}-0x[0-9a-f]{16} [0-9]+ pages attr=0x[0-9a-f]{16} type=[0-9]+ \| [0-9.]+ [KMGTPE]?i?B( \+ [0-9]+ [KMGTPE]?i?B)* \| [A-Z_ 0-9x-]+ \| [^|]+$')
    if [ "$raw" -gt 0 ] && [ "$bad" -eq 0 ]; then
        pass "$name: $raw raw map lines with type=N, size, attributes and flags"
    else
        fail "$name: raw map lines with type=N, size, attributes and flags" "$bad of $raw lines malformed" "$log"
    fi
    check "$name: the first descriptor is flagged <1MiB" "$log" '^efi-mmap: +0 .*\| [^|]*<1MiB[^|]*$'
    check "$name: sanitised map title" "$log" '^memmap: sanitised map below 4 GiB: [0-9]+ regions, [0-9]+ holes'
    check "$name: holes shown explicitly" "$log" '^memmap:   0x[0-9a-f]{16}-0x[0-9a-f]{16} +[0-9].* hole$'
    check "$name: totals header" "$log" '^memmap: totals +below 1 MiB +1 MiB-4 GiB +above 4 GiB +total$'
    check "$name: usable now" "$log" '^memmap: usable now: '
    check "$name: usable after reclaiming" "$log" '^memmap: usable after reclaiming boot services: '
    check "$name: reachable by this 32-bit kernel" "$log" '^memmap: reachable by this 32-bit kernel: '
    check "$name: largest free run" "$log" '^memmap: largest free run after reclaiming: [0-9].* at 0x[0-9a-f]{16}-0x[0-9a-f]{16}$'
    check_absent "$name: test mode never pauses" "$log" '^memmap: shown a screenful at a time'
    # The usable row's above-4-GiB cell: nonzero exactly when RAM lies above 4 GiB.
    usable_high=$(tr -d '\r' < "$log" | grep -a '^memmap:   usable ' | tail -n1 |
        sed -E 's/^memmap:   usable +//' | sed -E 's/   +/|/g' | cut -d'|' -f3)
    if [[ " $MMREP_ABOVE_4G_MEMS " == *" $mem "* ]]; then
        [ -n "$usable_high" ] && [ "$usable_high" != "0 B" ] \
            && pass "$name: usable above 4 GiB is nonzero ($usable_high)" \
            || fail "$name: usable above 4 GiB is nonzero" "found '${usable_high:-no usable row}'" "$log"
    else
        [ "$usable_high" = "0 B" ] && pass "$name: usable above 4 GiB is 0 B" \
            || fail "$name: usable above 4 GiB is 0 B" "found '${usable_high:-no usable row}'" "$log"
    fi
    # What the report calls reachable is what the allocator manages (pmm: usable=N frames).
    local reach frames
    reach=$(mmrep_field "$log" 'memmap: reachable by this 32-bit kernel: ' | sed -E 's/.*\(([0-9]+) KiB\).*/\1/')
    frames=$(tr -d '\r' < "$log" | grep -a '^pmm: free=' | tail -n1 | sed -E 's/.*usable=([0-9]+) frames.*/\1/')
    if [ -n "$reach" ] && [ -n "$frames" ] && [ "$reach" -eq $((frames * 4)) ]; then
        pass "$name: reachable ($reach KiB) equals the allocator's usable frames"
    else
        fail "$name: reachable equals the allocator's usable frames" "reachable '${reach}' KiB, usable '${frames}' frames" "$log"
    fi
}

# pager_boot: a plain boot (the framebuffer console on, not test mode) with
# the space bar pressed every second through QMP: every pause of the report
# must end by a key, and the serial log must hold the whole report.
pager_boot() {
    local log=$out/pager.log sock=$out/pager-qmp.sock qpid line n k
    rm -f "$sock"
    PAGER=1 QMP_SOCKET=$sock "$here/run-qemu.sh" "$BUILD/esp.img" "$log" 512M "$BOOT_TIMEOUT" &
    qpid=$!
    python3 "$here/sendkeys.py" "$sock" "$log" '^kernel: ready' "$BOOT_TIMEOUT"
    wait "$qpid"
    line=$(mmrep_field "$log" 'memmap: shown a screenful at a time: ')
    n=$(sed -E 's/^([0-9]+) pauses.*/\1/' <<< "$line")
    k=$(sed -E 's/.*\(([0-9]+) ended by a key.*/\1/' <<< "$line")
    if [ -n "$line" ] && [ "$n" -gt 0 ] && [ "$k" -eq "$n" ]; then
        pass "pager: the report paused $n times on the framebuffer, each ended by a key press"
    else
        fail "pager: the report paused and key presses ended the pauses" "found '${line:-no pager line}'" "$log"
    fi
    check "pager: the serial log has the whole report" "$log" '^memmap: largest free run after reclaiming: '
    check "pager: kernel: ready after the report" "$log" '^kernel: ready'
}

# check_pager_off NAME LOG: a boot run-qemu.sh started without PAGER=1 (the
# fw_cfg file opt/pm32boot/nopause): the full report, and no pause.
check_pager_off() {
    check "$1: the whole memory-map report" "$2" '^memmap: largest free run after reclaiming: '
    check_absent "$1: no pauses when QEMU passes opt/pm32boot/nopause" "$2" '^memmap: shown a screenful at a time'
}
