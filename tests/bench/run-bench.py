#!/usr/bin/env python3
"""tests/bench/run-bench.py: `make bench` (docs/bench.md).

One run, one table each, printed side by side and written as JSON:
  - boot to `kernel: ready`, our loader (A) and GRUB 2 (B) alternating
    A B A B ..., same kernel, OVMF, QEMU options and command line;
  - where the time goes, from the kernel's `boot-times:` line;
  - sizes of the loaders, the kernel (text/data/bss), the ESPs, GRUB's image;
  - memory the page-frame allocator recovers at several -m, and its metadata;
  - allocator and paging: the host benchmarks (tests/bench/bench_pmm.c,
    bench_vm.c) and the kernel's own cycle counts (`pmm-bench:`, `paging:`).

Benchmarks never fail on their figures: a boot that does not reach
`kernel: ready` leaves its figures out (rows say n/a) and the script still
exits 0. --quick (make test's bench layer) runs the same code once: one
run each, one -m, the host benchmarks with --quick.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
RUN_QEMU = os.path.join(TOP, "tests", "qemu", "run-qemu.sh")
MKESP = os.path.join(TOP, "tools", "mkesp.sh")

SCHEMA = "pm32boot-bench/1"
ESP_KIB = 65536                # the same size as build/esp.img (Makefile ESP_SIZE_KIB)
BOOT_MEM = "512M"              # -m of the A/B boots
FULL_MEMS = ["64M", "512M", "3G", "8G"]   # as tests/qemu/boot-tests.sh
QUICK_MEMS = ["512M"]
DEFAULT_RUNS = 5
POLL_S = 0.01                  # how often the serial log is looked at
BOOT_TIMEOUT_S = 120           # hard limit per boot (run-qemu.sh)
BENCH_WORD = "bench"           # kernel command-line word: the in-kernel measurements
KIB = 1024
GIB = 1 << 30
MS_PER_S = 1000.0
US_PER_MS = 1000.0

READY_RE = re.compile(rb"^kernel: ready\r?$", re.M)
STOP_REGEX = "^kernel: ready"


def log_text(path):
    """The serial log as text without CRs and ANSI escapes ('' when missing)."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError:
        return ""
    text = data.decode("latin-1").replace("\r", "")
    return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)


def boot(img, log, mem, timeout):
    """Boot img with run-qemu.sh until `kernel: ready`. Returns (wall seconds or
    None, log text): wall time from QEMU's start (run-qemu.sh creates the log
    right before it starts QEMU) to the line's appearance in the log."""
    if os.path.exists(log):
        os.remove(log)
    proc = subprocess.Popen([RUN_QEMU, img, log, mem, str(timeout), STOP_REGEX],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    t0 = t1 = None
    while True:
        done = proc.poll() is not None
        now = time.monotonic()
        if t0 is None and os.path.exists(log):
            t0 = now
        if t0 is not None and t1 is None:
            with open(log, "rb") as f:
                if READY_RE.search(f.read()):
                    t1 = now
        if done:
            break
        time.sleep(POLL_S)
    err = proc.stderr.read().decode(errors="replace").strip()
    if t1 is None:
        print(f"bench: note: {os.path.basename(img)} at -m {mem} did not reach 'kernel: ready' "
              f"(run-qemu.sh exit {proc.returncode}{'; ' + err if err else ''}); log {log}")
        return None, log_text(log)
    return t1 - t0, log_text(log)


def parse_boot_times(text):
    """The boot-times line as {'tsc_khz', 'tsc_source', phase: ms, ...}, or {}."""
    m = re.search(r"^boot-times: (.*)$", text, re.M)
    if not m:
        return {}
    line = m.group(1)
    out = {}
    t = re.search(r"tsc=(\d+)kHz\((\w+)\)", line)
    if t:
        out["tsc_khz"] = int(t.group(1))
        out["tsc_source"] = t.group(2)
    else:
        s = re.search(r"tsc=n/a\((\w+)\)", line)
        out["tsc_source"] = s.group(1) if s else "?"
    for name, us in re.findall(r"([a-z-]+)=(\d+)us", line):
        out[name] = int(us) / US_PER_MS
    return out


def parse_memory(text):
    """The pmm:, pmm-bench: and paging: figures of a `bench` boot, or {}."""
    out = {}
    m = re.search(r"^pmm: recovered (\d+) KiB of the firmware's (\d+) KiB usable below 4 GiB",
                  text, re.M)
    if m:
        out["recovered_kib"], out["usable_kib"] = int(m.group(1)), int(m.group(2))
    m = re.search(r"^pmm: early allocation .* metadata (\d+) bytes", text, re.M)
    if m:
        out["meta_bytes"] = int(m.group(1))
    m = re.search(r"^pmm: free=(\d+) frames \((\d+) KiB\) usable=(\d+) frames", text, re.M)
    if m:
        out["frames"] = int(m.group(3))
    m = re.search(r"^pmm-bench: allocated all (\d+) frames one at a time in (\d+) cycles .*"
                  r"freed them in (\d+) cycles", text, re.M)
    if m:
        out["bench_frames"] = int(m.group(1))
        out["alloc_all_cycles"], out["free_all_cycles"] = int(m.group(2)), int(m.group(3))
    m = re.search(r"^paging: .* built in (\d+) cycles", text, re.M)
    if m:
        out["page_tables_cycles"] = int(m.group(1))
    bt = parse_boot_times(text)
    if "tsc_khz" in bt:
        out["tsc_khz"] = bt["tsc_khz"]
    return out


def parse_cmdline(text):
    m = re.search(r'^info: cmdline: "(.*)"$', text, re.M)
    return m.group(1) if m else None


def run_host(binary, quick):
    """The host benchmark's figures, parsed from its lines, and the lines themselves."""
    args = [binary] + (["--quick"] if quick else [])
    try:
        res = subprocess.run(args, capture_output=True, text=True, check=False)
    except OSError as e:
        print(f"bench: note: cannot run {binary}: {e}")
        return "", []
    if res.returncode != 0:
        print(f"bench: note: {binary} exited {res.returncode}: {res.stderr.strip()}")
    return res.stdout, res.stdout.splitlines()


def host_figures(pmm_out, vm_out):
    """Figures from bench_pmm's and bench_vm's output."""
    out = {}
    ram = None
    for line in (pmm_out or "").splitlines():
        m = re.match(r"bench: RAM (\d+) MiB", line)
        if m:
            ram = f"{m.group(1)}MiB"
            continue
        m = re.search(r"metadata: pmm \d+ bytes \((\d+) bytes/GiB\), naive bitmap \d+ bytes "
                      r"\((\d+) bytes/GiB\)", line)
        if m and ram:
            out[f"host.pmm.{ram}.meta_bytes_per_gib"] = (int(m.group(1)), "B/GiB", "lower")
            out[f"host.naive.{ram}.meta_bytes_per_gib"] = (int(m.group(2)), "B/GiB", "lower")
        m = re.search(r"pmm ([\d.]+) M alloc\+free pairs/s, naive ([\d.]+) M/s", line)
        if m and ram:
            out[f"host.pmm.{ram}.pairs_per_s"] = (float(m.group(1)) * 1e6, "1/s", "higher")
            out[f"host.naive.{ram}.pairs_per_s"] = (float(m.group(2)) * 1e6, "1/s", "higher")
    for line in (vm_out or "").splitlines():
        m = re.search(r"map_page \+ unmap_range .*: (\d+) pairs/s", line)
        if m:
            out["host.vm.map_unmap_page_pairs_per_s"] = (int(m.group(1)), "1/s", "higher")
        m = re.search(r"map_range \+ unmap_range of 1 MiB: (\d+) pairs/s", line)
        if m:
            out["host.vm.map_unmap_1mib_pairs_per_s"] = (int(m.group(1)), "1/s", "higher")
        m = re.search(r"1 GiB mapped with 4 KiB pages in ([\d.]+) ms", line)
        if m:
            out["host.vm.map_1gib_ms"] = (float(m.group(1)), "ms", "lower")
    return out


def first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True).stdout.splitlines()[0].strip()
    except (OSError, IndexError):
        return "unknown"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def esp_used_bytes(img):
    """Bytes the FAT's files occupy (mtools: mdu clusters * cluster bytes), or None."""
    try:
        info = subprocess.run(["minfo", "-i", img, "::"], capture_output=True, text=True).stdout
        du = subprocess.run(["mdu", "-i", img, "-s", "::"], capture_output=True, text=True).stdout
    except OSError:
        return None
    sec = re.search(r"sector size: (\d+) bytes", info)
    clu = re.search(r"cluster size: (\d+) sectors", info)
    used = re.search(r"::/\s+(\d+)", du)
    if not (sec and clu and used):
        return None
    return int(used.group(1)) * int(sec.group(1)) * int(clu.group(1))


def elf_sections(path):
    """(text, data, bss) from size(1) in Berkeley format, or None."""
    try:
        out = subprocess.run(["size", path], capture_output=True, text=True).stdout.splitlines()
        t, d, b = out[1].split()[:3]
        return int(t), int(d), int(b)
    except (OSError, IndexError, ValueError):
        return None


def variant(build_dir, esp_root, name, edit):
    """A copy of the staged ESP tree changed by edit(root), as a FAT image."""
    root = os.path.join(build_dir, name + ".root")
    img = os.path.join(build_dir, name + ".img")
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(esp_root, root)
    edit(root)
    subprocess.run([MKESP, img, str(ESP_KIB), root], check=True, stdout=subprocess.DEVNULL)
    return img


def set_cmdline(root, extra):
    cfg = os.path.join(root, "boot.cfg")
    with open(cfg) as f:
        lines = f.read().splitlines()
    out = [re.sub(r"^(cmdline\s*=\s*)(.*)$", lambda m: m.group(1) + m.group(2) + " " + extra, l)
           for l in lines]
    with open(cfg, "w") as f:
        f.write("\n".join(out) + "\n")


def stats(xs):
    """median, min, max, IQR (None below 4 values) of a list of numbers."""
    if not xs:
        return None
    iqr = None
    if len(xs) >= 4:
        q = statistics.quantiles(xs, n=4)
        iqr = q[2] - q[0]
    return {"median": statistics.median(xs), "min": min(xs), "max": max(xs), "iqr": iqr, "n": len(xs)}


def fmt(v, spec="{:.1f}"):
    return "n/a" if v is None else spec.format(v)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", DEFAULT_RUNS)))
    ap.add_argument("--mems", default=os.environ.get("BENCH_MEMS", ""))
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", default=None)
    ap.add_argument("--timeout", type=int, default=BOOT_TIMEOUT_S)
    a = ap.parse_args()
    if a.runs < 1:
        ap.error(f"--runs/BENCH_RUNS: expected at least 1, got {a.runs}")
    runs = 1 if a.quick else a.runs
    mems = a.mems.split(",") if a.mems else (QUICK_MEMS if a.quick else FULL_MEMS)
    build = a.build
    bdir = os.path.join(build, "bench")
    os.makedirs(bdir, exist_ok=True)
    json_path = a.json or os.path.join(build, "bench.json")
    accel = os.environ.get("ACCEL", "tcg")
    esp_root = os.path.join(build, "esp-root")
    ours_img = os.path.join(build, "esp.img")
    grub_efi = os.path.join(bdir, "grub", "BOOTX64.EFI")
    for need in (ours_img, esp_root, grub_efi):
        if not os.path.exists(need):
            print(f"bench: error: {need} is missing (run through `make bench`, which builds it)")
            return 2

    figures = {}   # name -> (value, unit, better)

    def fig(name, value, unit, better):
        if value is not None:
            figures[name] = (value, unit, better)

    commit = first_line(["git", "-C", TOP, "rev-parse", "--short", "HEAD"])
    machine = {"cpu": cpu_model(), "cores": os.cpu_count(),
               "qemu": first_line([os.environ.get("QEMU", "qemu-system-x86_64"), "--version"]),
               "accel": accel, "runs": runs, "boot_mem": BOOT_MEM, "mems": mems,
               "quick": a.quick, "commit": commit,
               "when": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")}
    print(f"bench: machine: {machine['cpu']}, {machine['cores']} cores; {machine['qemu']}; "
          f"accelerator {accel}")
    print(f"bench: runs: {runs} per loader, alternating A B A B ... at -m {BOOT_MEM}; memory at -m "
          f"{' '.join(mems)}; commit {commit}; {machine['when']}{'; quick mode' if a.quick else ''}")

    # ---- images: ours as built; GRUB's on a copy of the same ESP; ours with `bench`.
    def put_grub(root):
        shutil.copy(grub_efi, os.path.join(root, "EFI", "BOOT", "BOOTX64.EFI"))
        ia32 = os.path.join(root, "EFI", "BOOT", "BOOTIA32.EFI")
        if os.path.exists(ia32):
            os.remove(ia32)
    grub_img = variant(bdir, esp_root, "grub", put_grub)
    kbench_img = variant(bdir, esp_root, "kbench", lambda r: set_cmdline(r, BENCH_WORD))

    # ---- boot to kernel-ready, A B A B ...
    walls = {"ours": [], "grub": []}
    pairs = []
    phases = []
    grub_phases = []
    cmdlines = {}
    for i in range(runs):
        wa, ta = boot(ours_img, os.path.join(bdir, f"ours-{i}.log"), BOOT_MEM, a.timeout)
        wb, tb = boot(grub_img, os.path.join(bdir, f"grub-{i}.log"), BOOT_MEM, a.timeout)
        cmdlines.setdefault("ours", parse_cmdline(ta))
        cmdlines.setdefault("grub", parse_cmdline(tb))
        if wa is not None:
            walls["ours"].append(wa * MS_PER_S)
            phases.append(parse_boot_times(ta))
        if wb is not None:
            walls["grub"].append(wb * MS_PER_S)
            grub_phases.append(parse_boot_times(tb))
        if wa is not None and wb is not None:
            pairs.append(wa / wb)
    so, sg = stats(walls["ours"]), stats(walls["grub"])
    sr = stats(pairs)
    print()
    print(f"boot to kernel-ready: wall ms from QEMU start to 'kernel: ready' in the serial log "
          f"(-m {BOOT_MEM}, same kernel, OVMF, QEMU options)")
    print(f"  {'loader':<10} {'runs':>4} {'median':>9} {'min':>9} {'max':>9} {'IQR':>9}")
    for key, label, s in (("ours", "pm32boot", so), ("grub", "GRUB 2", sg)):
        print(f"  {label:<10} {len(walls[key]):>4} {fmt(s and s['median']):>9} "
              f"{fmt(s and s['min']):>9} {fmt(s and s['max']):>9} {fmt(s and s['iqr']):>9}")
        if s:
            fig(f"boot.{key}.median_ms", s["median"], "ms", "lower")
            fig(f"boot.{key}.min_ms", s["min"], "ms", "lower")
            fig(f"boot.{key}.max_ms", s["max"], "ms", "lower")
    print(f"  ratio ours/GRUB per pair: {' '.join(f'{r:.3f}' for r in pairs) or 'n/a'}; "
          f"median {fmt(sr and sr['median'], '{:.3f}')}")
    if sr:
        fig("boot.ratio_ours_grub", sr["median"], "x", "lower")
    if cmdlines.get("ours") != cmdlines.get("grub"):
        print(f"  note: the command lines differ: ours {cmdlines.get('ours')!r}, "
              f"GRUB {cmdlines.get('grub')!r}")

    # ---- where the time goes
    def med(rows, key):
        xs = [r[key] for r in rows if key in r]
        return statistics.median(xs) if xs else None
    khz = med(phases, "tsc_khz")
    src = phases[0].get("tsc_source", "?") if phases else "?"
    print()
    print(f"where the time goes: median of our boots' boot-times lines "
          f"(TSC {fmt(khz and khz / 1000.0, '{:.0f}')} MHz from {src}; TSC counts from reset)")
    print(f"  {'phase':<40} {'median ms':>10}")
    rows = [("firmware (reset -> loader entry)", "firmware"),
            ("loader (entry -> ExitBootServices done)", "loader"),
            ("  file reads (boot.cfg, kernel, modules)", "reads"),
            ("  final memory map + ExitBootServices", "exit"),
            ("trampoline + copy (-> kernel jump)", "trampoline"),
            ("  segment copies", "copy"),
            ("kernel (entry -> kernel: ready)", "kernel"),
            ("total (reset -> kernel: ready)", "total")]
    for label, key in rows:
        v = med(phases, key)
        print(f"  {label:<40} {fmt(v):>10}")
        fig(f"phase.{key}_ms", v, "ms", "lower")
    for label, key in (("GRUB: reset -> kernel entry", "before-kernel"),
                       ("GRUB: kernel (entry -> kernel: ready)", "kernel")):
        v = med(grub_phases, key)
        print(f"  {label:<40} {fmt(v):>10}")
        fig(f"phase.grub.{key.replace('-', '_')}_ms", v, "ms", "lower")
    v = med(phases, "before-kernel")
    fig("phase.before_kernel_ms", v, "ms", "lower")

    # ---- sizes
    print()
    print("sizes (bytes)")
    sizes = [("BOOTX64.EFI", os.path.join(build, "efi", "BOOTX64.EFI"), "bootx64"),
             ("BOOTIA32.EFI", os.path.join(build, "efi", "BOOTIA32.EFI"), "bootia32"),
             ("GRUB standalone BOOTX64.EFI", grub_efi, "grub_efi")]
    for label, path, key in sizes:
        v = os.path.getsize(path) if os.path.exists(path) else None
        print(f"  {label:<32} {fmt(v, '{:d}'):>12}")
        fig(f"size.{key}_bytes", v, "B", "lower")
    tdb = elf_sections(os.path.join(build, "kernel", "kernel.elf"))
    for i, part in enumerate(("text", "data", "bss")):
        v = tdb[i] if tdb else None
        print(f"  {'kernel.elf ' + part:<32} {fmt(v, '{:d}'):>12}")
        fig(f"size.kernel_{part}_bytes", v, "B", "lower")
    for label, img, key in (("ESP used (ours)", ours_img, "esp_ours"),
                            ("ESP used (GRUB)", grub_img, "esp_grub")):
        v = esp_used_bytes(img)
        print(f"  {label:<32} {fmt(v, '{:d}'):>12}")
        fig(f"size.{key}_used_bytes", v, "B", "lower")

    # ---- memory, and the kernel's allocator/paging cycles (one `bench` boot per -m)
    mem_rows = []
    for mem in mems:
        _, text = boot(kbench_img, os.path.join(bdir, f"kbench-{mem}.log"), mem, a.timeout)
        m = parse_memory(text)
        m["mem"] = mem
        mem_rows.append(m)
    print()
    print("memory: recovered by the page-frame allocator vs usable below 4 GiB in the firmware's map "
          "(net of carve-outs)")
    print(f"  {'-m':<6} {'usable KiB':>12} {'recovered KiB':>14} {'ratio':>7} {'metadata B':>11} "
          f"{'B/GiB':>8}")
    for m in mem_rows:
        ratio = m["recovered_kib"] / m["usable_kib"] if m.get("usable_kib") else None
        per_gib = (m["meta_bytes"] / (m["frames"] * 4096 / GIB)
                   if m.get("meta_bytes") and m.get("frames") else None)
        print(f"  {m['mem']:<6} {fmt(m.get('usable_kib'), '{:d}'):>12} "
              f"{fmt(m.get('recovered_kib'), '{:d}'):>14} {fmt(ratio, '{:.4f}'):>7} "
              f"{fmt(m.get('meta_bytes'), '{:d}'):>11} {fmt(per_gib, '{:.0f}'):>8}")
        fig(f"memory.{m['mem']}.recovered_ratio", ratio, "x", "higher")
        fig(f"memory.{m['mem']}.meta_bytes_per_gib", per_gib, "B/GiB", "lower")

    print()
    print("allocator and paging")
    pmm_out, _ = run_host(os.path.join(bdir, "bench_pmm"), a.quick)
    vm_out, _ = run_host(os.path.join(bdir, "bench_vm"), a.quick)
    host = host_figures(pmm_out, vm_out)
    for name, (v, unit, better) in host.items():
        fig(name, v, unit, better)

    def hv(name, scale=1.0, spec="{:.1f}"):
        return fmt(host[name][0] / scale, spec) if name in host else "n/a"
    print(f"  {'host (-O2), fake RAM':<36} {'pmm':>12} {'naive bitmap':>14}")
    rams = sorted({n.split('.')[2] for n in host if n.startswith("host.pmm.")},
                  key=lambda r: int(r[:-3]))
    for ram in rams:
        print(f"  {ram + ': alloc+free pairs/s (M)':<36} "
              f"{hv(f'host.pmm.{ram}.pairs_per_s', 1e6):>12} {hv(f'host.naive.{ram}.pairs_per_s', 1e6, '{:.3f}'):>14}")
        print(f"  {ram + ': metadata bytes per GiB':<36} "
              f"{hv(f'host.pmm.{ram}.meta_bytes_per_gib', 1, '{:.0f}'):>12} "
              f"{hv(f'host.naive.{ram}.meta_bytes_per_gib', 1, '{:.0f}'):>14}")
    print(f"  {'vm: map_page+unmap pairs/s (M)':<36} {hv('host.vm.map_unmap_page_pairs_per_s', 1e6, '{:.3f}'):>12}")
    print(f"  {'vm: 1 MiB map+unmap pairs/s':<36} {hv('host.vm.map_unmap_1mib_pairs_per_s', 1, '{:.0f}'):>12}")
    print(f"  {'vm: 1 GiB mapped, 4 KiB pages (ms)':<36} {hv('host.vm.map_1gib_ms'):>12}")
    print(f"  {'kernel, -m':<12} {'frames':>9} {'alloc all cyc/frame':>20} {'free all cyc/frame':>19} "
          f"{'alloc all ms':>13} {'page tables cycles':>19} {'ms':>7}")
    for m in mem_rows:
        n = m.get("bench_frames")
        k = m.get("tsc_khz")
        apf = m["alloc_all_cycles"] / n if n else None
        fpf = m["free_all_cycles"] / n if n else None
        ams = m["alloc_all_cycles"] / k if n and k else None
        pt = m.get("page_tables_cycles")
        ptms = pt / k if pt is not None and k else None
        print(f"  {m['mem']:<12} {fmt(n, '{:d}'):>9} {fmt(apf):>20} {fmt(fpf):>19} {fmt(ams, '{:.2f}'):>13} "
              f"{fmt(pt, '{:d}'):>19} {fmt(ptms, '{:.2f}'):>7}")
        fig(f"kernel.{m['mem']}.alloc_cycles_per_frame", apf, "cycles", "lower")
        fig(f"kernel.{m['mem']}.free_cycles_per_frame", fpf, "cycles", "lower")
        fig(f"kernel.{m['mem']}.page_tables_cycles", pt, "cycles", "lower")

    doc = {"schema": SCHEMA, "machine": machine,
           "boot": {"ours_ms": walls["ours"], "grub_ms": walls["grub"], "ratios": pairs,
                    "ours": so, "grub": sg, "cmdline_ours": cmdlines.get("ours"),
                    "cmdline_grub": cmdlines.get("grub")},
           "phases": {"ours": phases, "grub": grub_phases},
           "memory": mem_rows,
           "figures": {k: {"value": v, "unit": u, "better": b} for k, (v, u, b) in sorted(figures.items())}}
    with open(json_path, "w") as f:
        json.dump(doc, f, indent=1, sort_keys=True)
        f.write("\n")
    print()
    print(f"bench: {len(figures)} figures written to {json_path} (compare two runs: tools/bench-compare OLD NEW)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
