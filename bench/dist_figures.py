#!/usr/bin/env python3
"""Figures of the download (issue 14): the tarball's size, and how fast Keyport starts from it.

    python3 bench/dist_figures.py dist/target/keyport-VERSION-linux-x64.tar.gz

Extracts the tarball into a temporary folder, as a user would, and runs its bin/keyport with no Java on PATH:
  1. tarball and extracted sizes, and the biggest parts;
  2. daemon start to first authorised HTTP 200 on /q/health (median of 5 cold starts; the shipped archives, if any);
  3. `keyport --version` and `keyport session list` against that daemon (median of 10, after one unmeasured run).
"""
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark import free_port, stop, wait_ready  # noqa: E402

TOOLS = ["bash", "readlink", "stat", "find", "mkdir", "rm", "mv", "sed", "cat"]


def size_of(path):
    total = 0
    for folder, _, files in os.walk(path):
        for name in files:
            p = os.path.join(folder, name)
            if not os.path.islink(p):
                total += os.path.getsize(p)
    return total


def main():
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    tarball = sys.argv[1]
    with tempfile.TemporaryDirectory() as tmp:
        with tarfile.open(tarball) as t:
            t.extractall(tmp)
        top = os.path.join(tmp, os.listdir(tmp)[0])
        launcher = os.path.join(top, "bin", "keyport")
        nojava = os.path.join(tmp, "no-java-bin")
        os.mkdir(nojava)
        for tool in TOOLS:
            os.symlink(next(p for p in ("/usr/bin/" + tool, "/bin/" + tool) if os.path.exists(p)),
                       os.path.join(nojava, tool))
        mib = 1024 * 1024
        print("tarball: %.1f MiB (%s)" % (os.path.getsize(tarball) / mib, os.path.basename(tarball)))
        print("extracted: %.1f MiB: runtime %.1f, daemon %.1f, CLI %.1f" % (
            size_of(top) / mib, size_of(os.path.join(top, "runtime")) / mib,
            size_of(os.path.join(top, "lib", "daemon")) / mib, size_of(os.path.join(top, "lib", "cli")) / mib))
        for archive in ("lib/daemon/keyport-daemon.aot", "lib/cli/keyport-cli.aot", "runtime/lib/server/classes.jsa"):
            p = os.path.join(top, archive)
            if os.path.exists(p):
                print("  of which %s: %.1f MiB" % (archive, os.path.getsize(p) / mib))
        java = subprocess.run([os.path.join(top, "runtime", "bin", "java"), "-version"], capture_output=True,
                              text=True).stderr.splitlines()[0]
        print("runtime: %s; machine: %d cores" % (java, os.cpu_count()))

        times = []
        for _ in range(5):
            with tempfile.TemporaryDirectory() as home:
                port = free_port()
                env = {"PATH": nojava, "HOME": home, "KEYPORT_HOME": home}
                t0 = time.perf_counter()
                proc = subprocess.Popen([launcher, "daemon", "--port", str(port)], env=env,
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                try:
                    wait_ready(proc, home, port)
                    times.append((time.perf_counter() - t0) * 1000)
                finally:
                    stop(proc)
        print("daemon start to first authorised 200: median %.0f ms (%s)" % (
            statistics.median(times), ", ".join("%.0f" % t for t in times)))

        with tempfile.TemporaryDirectory() as home:
            port = free_port()
            env = {"PATH": nojava, "HOME": home, "KEYPORT_HOME": home}
            proc = subprocess.Popen([launcher, "daemon", "--port", str(port)], env=env,
                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_ready(proc, home, port)
                for name, argv in (("keyport --version", ["--version"]), ("keyport session list", ["session", "list"])):
                    runs = []
                    for i in range(11):
                        t0 = time.perf_counter()
                        done = subprocess.run([launcher] + argv, env=env, capture_output=True, text=True)
                        assert done.returncode == 0, done.stderr
                        if i > 0:
                            runs.append((time.perf_counter() - t0) * 1000)
                    print("%s: median %.0f ms (min %.0f, max %.0f, n=%d)" % (
                        name, statistics.median(runs), min(runs), max(runs), len(runs)))
            finally:
                stop(proc)


if __name__ == "__main__":
    main()
