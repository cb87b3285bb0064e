"""The command line: merge, input detection, errors and exit codes."""

import json
import os
import subprocess
import tempfile
import unittest

from helpers import fixture, run_cli
from memmaplib import jsonmap


class Merge(unittest.TestCase):
    def test_merge_adds_kernel_entry(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "merged.json")
            status, text, err = run_cli(["merge", fixture("ovmf-q35-512M.json"),
                                         fixture("ovmf-q35-512M.serial.log"), "-o", out])
            self.assertEqual((status, err), (0, ""))
            self.assertIn("(3 maps)", text)
            doc = jsonmap.read_json_file(out)
            self.assertEqual([m.when for m in doc.maps],
                             ["loader-start", "before-write", "kernel-entry"])
            self.assertEqual(len(doc.maps[2].entries), 125)
            self.assertEqual(doc.meta["machine"]["manufacturer"], "QEMU")
            status, _, err = run_cli(["merge", out, fixture("ovmf-q35-512M.serial.log")])
            self.assertEqual(status, 1)
            self.assertIn("expected no \"kernel-entry\" map yet", err)

    def test_merge_to_stdout(self):
        status, text, _ = run_cli(["merge", fixture("ovmf-q35-512M.json"),
                                   fixture("ovmf-q35-512M.serial.log")])
        self.assertEqual(status, 0)
        self.assertEqual(json.loads(text)["maps"][2]["when"], "kernel-entry")

    def test_merge_refuses_another_firmware(self):
        with tempfile.TemporaryDirectory() as tmp:
            with open(fixture("ovmf-q35-512M.json"), encoding="utf-8") as f:
                data = json.load(f)
            data["firmware"]["revision"] = 0x20000
            other = os.path.join(tmp, "other.json")
            with open(other, "w", encoding="utf-8") as f:
                json.dump(data, f)
            status, _, err = run_cli(["merge", other, fixture("ovmf-q35-512M.serial.log")])
            self.assertEqual(status, 1)
            self.assertIn("disagree on firmware revision (131072 vs 65536): not the same "
                          "boot?", err)
            status, _, _ = run_cli(["merge", "--force", other,
                                    fixture("ovmf-q35-512M.serial.log")])
            self.assertEqual(status, 0)


class EdgeCases(unittest.TestCase):
    def test_empty_map_and_other_descriptor_sizes(self):
        with open(fixture("unsorted.json"), encoding="utf-8") as f:
            data = json.load(f)
        data["maps"][0]["entries"] = []
        with tempfile.TemporaryDirectory() as tmp:
            for size in (40, 64):
                data["maps"][0]["descriptor_size"] = size
                path = os.path.join(tmp, "empty.json")
                with open(path, "w", encoding="utf-8") as f:
                    json.dump(data, f)
                status, out, _ = run_cli(["show", path])
                self.assertEqual(status, 0)
                self.assertIn("descriptor size %d bytes, version 1, 0 entries" % size, out)
                self.assertIn("largest free run now:                       none", out)
                status, _, _ = run_cli(["svg", path, "-o", os.path.join(tmp, "e.svg")])
                self.assertEqual(status, 0)

    def test_executable_runs(self):
        proc = subprocess.run([os.path.join("tools", "memmap"), "show",
                               fixture("zero-length.json")], capture_output=True, text=True,
                              check=False)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))
        self.assertIn("zero-length <1MiB", proc.stdout)


class Errors(unittest.TestCase):
    def test_missing_file(self):
        status, out, err = run_cli(["show", "/nonexistent/map.json"])
        self.assertEqual((status, out), (1, ""))
        self.assertIn("memmap: /nonexistent/map.json: cannot read", err)

    def test_bad_version_message(self):
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "v2.json")
            with open(path, "w") as f:
                f.write('{"schema": "pm32boot-memmap", "version": 2}')
            status, _, err = run_cli(["show", path])
            self.assertEqual(status, 1)
            self.assertIn("expected schema version 1, found 2", err)

    def test_text_without_a_map(self):
        status, _, err = run_cli(["show", os.path.join("tests", "tools", "tools.mk")])
        self.assertEqual(status, 1)
        self.assertIn("lines of the kernel, found none", err)


if __name__ == "__main__":
    unittest.main()
