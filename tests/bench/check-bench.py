#!/usr/bin/env python3
"""tests/bench/check-bench.py --build DIR --result FILE: make test's bench layer.

Runs tests/bench/run-bench.py once in quick mode (one boot per loader, one
-m, the host benchmarks with --quick) and checks that it works, never what
the figures are: every row is printed with a number (not n/a), the JSON is
valid and complete (every figure present and numeric, the machine facts
there), and tools/bench-compare accepts it against itself and calls every
figure the same. Each check is one test; writes "passed=N failed=M" to FILE.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.normpath(os.path.join(HERE, "..", ".."))
QUICK_MEM = "512M"
NUM = r"[0-9][0-9.]*"

# Rows of the text output, each with the number(s) it must carry.
ROWS = [
    ("header: machine", r"^bench: machine: .+, \d+ cores; .+; accelerator \w+$"),
    ("header: runs", r"^bench: runs: 1 per loader, alternating A B A B .*quick mode$"),
    ("boot: pm32boot row", rf"^  pm32boot +1 +{NUM} +{NUM} +{NUM} +n/a$"),
    ("boot: GRUB 2 row", rf"^  GRUB 2 +1 +{NUM} +{NUM} +{NUM} +n/a$"),
    ("boot: ratio per pair", rf"^  ratio ours/GRUB per pair: {NUM}; median {NUM}$"),
    ("phases: TSC frequency and source", r"^where the time goes: .*\(TSC \d+ MHz from (pit|cpuid15|cpuid16);"),
    ("phases: firmware", rf"^  firmware \(reset -> loader entry\) +{NUM}$"),
    ("phases: loader", rf"^  loader \(entry -> ExitBootServices done\) +{NUM}$"),
    ("phases: file reads", rf"^    file reads \(boot.cfg, kernel, modules\) +{NUM}$"),
    ("phases: map + exit", rf"^    final memory map \+ ExitBootServices +{NUM}$"),
    ("phases: trampoline", rf"^  trampoline \+ copy \(-> kernel jump\) +{NUM}$"),
    ("phases: copy", rf"^    segment copies +{NUM}$"),
    ("phases: kernel", rf"^  kernel \(entry -> kernel: ready\) +{NUM}$"),
    ("phases: total", rf"^  total \(reset -> kernel: ready\) +{NUM}$"),
    ("phases: GRUB before kernel", rf"^  GRUB: reset -> kernel entry +{NUM}$"),
    ("phases: GRUB kernel", rf"^  GRUB: kernel \(entry -> kernel: ready\) +{NUM}$"),
    ("sizes: BOOTX64.EFI", r"^  BOOTX64.EFI +\d+$"),
    ("sizes: BOOTIA32.EFI", r"^  BOOTIA32.EFI +\d+$"),
    ("sizes: GRUB image", r"^  GRUB standalone BOOTX64.EFI +\d+$"),
    ("sizes: kernel text", r"^  kernel.elf text +\d+$"),
    ("sizes: kernel data", r"^  kernel.elf data +\d+$"),
    ("sizes: kernel bss", r"^  kernel.elf bss +\d+$"),
    ("sizes: ESP used (ours)", r"^  ESP used \(ours\) +\d+$"),
    ("sizes: ESP used (GRUB)", r"^  ESP used \(GRUB\) +\d+$"),
    ("memory: row", rf"^  {QUICK_MEM} +\d+ +\d+ +{NUM} +\d+ +\d+$"),
    ("host: pmm vs naive pairs", rf"^  64MiB: alloc\+free pairs/s \(M\) +{NUM} +{NUM}$"),
    ("host: metadata per GiB", r"^  64MiB: metadata bytes per GiB +\d+ +\d+$"),
    ("host: vm page pairs", rf"^  vm: map_page\+unmap pairs/s \(M\) +{NUM}$"),
    ("host: vm 1 MiB pairs", rf"^  vm: 1 MiB map\+unmap pairs/s +{NUM}$"),
    ("host: vm 1 GiB", rf"^  vm: 1 GiB mapped, 4 KiB pages \(ms\) +{NUM}$"),
    ("kernel: alloc all and page tables", rf"^  {QUICK_MEM} +\d+ +{NUM} +{NUM} +{NUM} +\d+ +{NUM}$"),
]

FIGURES = [
    "boot.ours.median_ms", "boot.grub.median_ms", "boot.ratio_ours_grub",
    "phase.firmware_ms", "phase.loader_ms", "phase.reads_ms", "phase.exit_ms",
    "phase.trampoline_ms", "phase.copy_ms", "phase.kernel_ms", "phase.total_ms",
    "phase.before_kernel_ms", "phase.grub.before_kernel_ms", "phase.grub.kernel_ms",
    "size.bootx64_bytes", "size.bootia32_bytes", "size.grub_efi_bytes",
    "size.kernel_text_bytes", "size.kernel_data_bytes", "size.kernel_bss_bytes",
    "size.esp_ours_used_bytes", "size.esp_grub_used_bytes",
    f"memory.{QUICK_MEM}.recovered_ratio", f"memory.{QUICK_MEM}.meta_bytes_per_gib",
    f"kernel.{QUICK_MEM}.alloc_cycles_per_frame", f"kernel.{QUICK_MEM}.free_cycles_per_frame",
    f"kernel.{QUICK_MEM}.page_tables_cycles",
    "host.pmm.64MiB.pairs_per_s", "host.naive.64MiB.pairs_per_s",
    "host.pmm.64MiB.meta_bytes_per_gib", "host.naive.64MiB.meta_bytes_per_gib",
    "host.vm.map_unmap_page_pairs_per_s", "host.vm.map_unmap_1mib_pairs_per_s",
    "host.vm.map_1gib_ms",
]
MACHINE_KEYS = ["cpu", "cores", "qemu", "accel", "runs", "commit", "when", "quick"]


class Counter:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, why=""):
        if ok:
            print(f"bench: PASS {name}")
            self.passed += 1
        else:
            print(f"bench: FAIL {name}: {why}")
            self.failed += 1


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--build", default="build")
    ap.add_argument("--result", required=True)
    a = ap.parse_args()
    c = Counter()
    out_json = os.path.join(a.build, "bench", "quick.json")
    if os.path.exists(out_json):
        os.remove(out_json)
    run = subprocess.run([os.path.join(HERE, "run-bench.py"), "--quick", "--build", a.build,
                          "--mems", QUICK_MEM, "--json", out_json],
                         capture_output=True, text=True)
    text = run.stdout
    with open(os.path.join(a.build, "bench", "quick.txt"), "w") as f:
        f.write(text + run.stderr)
    c.check("run-bench.py --quick exits 0", run.returncode == 0,
            f"exit {run.returncode}: {run.stderr.strip()[-400:]}")
    for name, pattern in ROWS:
        c.check(f"row {name}", re.search(pattern, text, re.M) is not None,
                f"no line matching /{pattern}/ (output in {a.build}/bench/quick.txt)")

    try:
        with open(out_json) as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        doc = None
        c.check("bench.json is valid JSON", False, str(e))
    if doc is not None:
        c.check("bench.json is valid JSON", True)
        c.check("bench.json schema", doc.get("schema") == "pm32boot-bench/1",
                f"schema {doc.get('schema')!r}")
        m = doc.get("machine", {})
        missing = [k for k in MACHINE_KEYS if m.get(k) in (None, "")]
        c.check("bench.json machine facts", not missing, f"missing {missing}")
        figs = doc.get("figures", {})
        for name in FIGURES:
            f = figs.get(name)
            c.check(f"figure {name}",
                    isinstance(f, dict) and isinstance(f.get("value"), (int, float))
                    and f.get("better") in ("lower", "higher") and f.get("unit"),
                    f"found {f!r}")
        cmp_run = subprocess.run([os.path.join(TOP, "tools", "bench-compare"), out_json, out_json],
                                 capture_output=True, text=True)
        n = len(figs)
        c.check("tools/bench-compare on itself: every figure the same",
                cmp_run.returncode == 0 and
                f"bench-compare: {n} figures: 0 better, 0 worse, {n} same" in cmp_run.stdout,
                f"exit {cmp_run.returncode}: {(cmp_run.stdout + cmp_run.stderr).strip()[-300:]}")
        bad = subprocess.run([os.path.join(TOP, "tools", "bench-compare"), out_json,
                              os.path.join(HERE, "grub.cfg")], capture_output=True, text=True)
        c.check("tools/bench-compare refuses a file that is not a result",
                bad.returncode != 0 and "cannot read it as JSON" in (bad.stdout + bad.stderr),
                f"exit {bad.returncode}: {(bad.stdout + bad.stderr).strip()[-300:]}")

    with open(a.result, "w") as f:
        f.write(f"passed={c.passed} failed={c.failed}\n")
    print(f"bench: {c.passed} passed, {c.failed} failed")
    return 0 if c.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
