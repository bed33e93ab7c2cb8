#!/usr/bin/env python3
"""Keyport benchmark (not a test): prints

  1. daemon start to first HTTP 200 on /q/health (median of 5 cold starts), and
  2. a supplied-assertion start against the STS emulator, from the REST call to the profile being in the
     credentials file (median and p99 of 200 starts, after 10 unmeasured warm-up starts), and
  3. the CLI's wall time through ./keyport: `keyport session list` and `keyport credential-process SESSION` for an
     active session (median of 10 each, with and without ./keyport's class-data archive), and
  4. a browser login against SimpleSAMLphp with headless Chromium, from start to captured assertion: first (sign-in
     form shown and filled in) and silent (the IdP's cookies reused), median of 10 each.

Build first:  ./mvnw -B package -DskipTests      (also compiles the test kit the emulator comes from)
Needs:        bash .ci/install-test-deps         (Chromium, PHP and SimpleSAMLphp for part 3)
Run:          bench/benchmark.py [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java] [--starts 200]

Only the Python standard library is used; everything listens on 127.0.0.1.
"""
import argparse
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
APP = os.path.join(ROOT, "app", "target", "quarkus-app")
TEST_CLASSES = os.path.join(ROOT, "app", "target", "test-classes")
TESTKIT = os.path.join(ROOT, "testkit", "target")


def testkit_classpath():
    """The test kit as its build packages it: its jar and its runtime dependencies (testkit/target/lib)."""
    jars = [f for f in os.listdir(TESTKIT) if f.startswith("keyport-testkit-") and f.endswith(".jar")]
    if not jars:
        raise SystemExit("Build first: ./mvnw -B package -DskipTests")
    return os.pathsep.join([os.path.join(TESTKIT, jars[0]), os.path.join(TESTKIT, "lib", "*")])
PROVIDER = "arn:aws:iam::123456789012:saml-provider/BenchIdP"
ROLE = "arn:aws:iam::123456789012:role/Bench"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def request(method, url, token=None, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return resp.status, resp.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def start_daemon(java, home, port, extra_env=None):
    """Starts the daemon the way users do, through ./keyport (its JVM flags and class-data archive included)."""
    env = dict(os.environ, KEYPORT_HOME=home, JAVA_HOME=java_home(java))
    env.update(extra_env or {})
    return subprocess.Popen([os.path.join(ROOT, "keyport"), "daemon", "--port", str(port)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def java_home(java):
    real = os.path.realpath(java if os.path.sep in java else subprocess.run(
        ["sh", "-c", "command -v " + java], capture_output=True, text=True).stdout.strip())
    return os.path.dirname(os.path.dirname(real))


def wait_ready(proc, home, port, limit=60.0):
    """Polls until /q/health answers 200 with the token; returns seconds since the caller's t0 is not known here."""
    token_file = os.path.join(home, "api-token")
    deadline = time.monotonic() + limit
    token = None
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("daemon exited with %s" % proc.returncode)
        if token is None and os.path.exists(token_file):
            with open(token_file) as f:
                token = f.read().strip() or None
        if token:
            try:
                status, _ = request("GET", "http://127.0.0.1:%d/q/health" % port, token, timeout=2)
                if status == 200:
                    return token
            except (urllib.error.URLError, ConnectionError, OSError):
                pass
        time.sleep(0.003)  # polling interval of the measurement loop, not synchronisation of a test
    raise SystemExit("daemon not ready after %.0f s" % limit)


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()


def percentile(values, p):
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, int(round(p / 100.0 * len(ordered) + 0.5)) - 1))
    return ordered[k]


def bench_startup(java, runs=5, env=None):
    times = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as home:
            port = free_port()
            t0 = time.perf_counter()
            proc = start_daemon(java, home, port, env)
            try:
                wait_ready(proc, home, port)
                times.append((time.perf_counter() - t0) * 1000)
            finally:
                stop(proc)
    return times


def wait_for_background_archive(timeout=120):
    """On JDK 25 ./keyport makes the CLI's AOT cache in the background (the JDK reports it on standard output); the
    measured runs should use it, so wait until that is done (its lock folder is gone)."""
    cli_dir = os.path.join(ROOT, "cli", "target", "keyport-cli")
    deadline = time.time() + timeout
    while any(n.endswith(".aot.lock") for n in os.listdir(cli_dir)):
        if time.time() > deadline:
            raise SystemExit("the CLI's AOT cache was not made within %d s" % timeout)
        time.sleep(0.2)


def bench_cli(java, home, port, session, runs=10):
    """Wall time of CLI commands run the way users (and the AWS CLI) run them: ./keyport, a new JVM each time."""
    results = {}
    for cds in ("off", "on"):
        env = dict(os.environ, KEYPORT_HOME=home, KEYPORT_PORT=str(port), JAVA_HOME=java_home(java), KEYPORT_CDS=cds)
        for name, argv in (("session list", ["session", "list"]),
                           ("credential-process", ["credential-process", session])):
            times = []
            for i in range(runs + 1):  # the first run (unmeasured) makes the archive when there is none
                t0 = time.perf_counter()
                done = subprocess.run([os.path.join(ROOT, "keyport")] + argv, env=env, capture_output=True, text=True)
                elapsed = (time.perf_counter() - t0) * 1000
                assert done.returncode == 0, done.stderr
                if name == "credential-process":
                    assert json.loads(done.stdout)["Version"] == 1
                if i == 0:
                    wait_for_background_archive()
                else:
                    times.append(elapsed)
            results[(name, cds)] = times
    return results


def bench_starts(java, count, warmup=10):
    classpath = testkit_classpath()
    kit = subprocess.Popen([java, "-Dsun.net.httpserver.nodelay=true", "-cp", classpath, "dev.keyport.testkit.TestkitProgram", "--provider=" + PROVIDER],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    sts = None
    seen = []
    for line in kit.stdout:  # the kit prints its banner once; the STS endpoint is on its export line
        seen.append(line.rstrip("\n"))
        if line.startswith("export KEYPORT_STS_ENDPOINT="):
            sts = line.strip().split("=", 1)[1]
            break
    if sts is None:
        kit.wait(20)
        raise SystemExit("test kit did not start (status %s): %r" % (kit.returncode, seen))
    with tempfile.TemporaryDirectory() as tmp:
        home = os.path.join(tmp, "home")
        credentials = os.path.join(tmp, "aws", "credentials")
        config = os.path.join(tmp, "aws", "config")
        port = free_port()
        proc = start_daemon(java, home, port, {"KEYPORT_STS_ENDPOINT": sts,
                                               "AWS_SHARED_CREDENTIALS_FILE": credentials,
                                               "AWS_CONFIG_FILE": config})
        try:
            token = wait_ready(proc, home, port)
            base = "http://127.0.0.1:%d/api/v1/sessions" % port
            times = []
            for i in range(warmup + count):
                alias = "bench-%d" % i
                status, body = request("POST", base, token, {
                    "alias": alias, "profileName": alias, "region": "eu-west-1",
                    "samlUrl": "https://accounts.google.com/o/saml2/initsso?idpid=C01&spid=1",
                    "idpArn": PROVIDER, "roleArn": ROLE})
                assert status == 201, body
                query = urllib.parse.urlencode({"role": ROLE, "provider": PROVIDER, "idp": "google"})
                with urllib.request.urlopen(sts + "/_testkit/saml-response?" + query) as resp:
                    saml = resp.read().decode()
                t0 = time.perf_counter()
                status, body = request("POST", "%s/%s/start" % (base, alias), token, {"samlResponse": saml})
                with open(credentials) as f:
                    written = ("[%s]" % alias) in f.read()
                elapsed = (time.perf_counter() - t0) * 1000
                assert status == 200 and written, (status, body)
                if i >= warmup:
                    times.append(elapsed)
                if i < warmup + count - 1:
                    request("POST", "%s/%s/stop" % (base, alias), token)
            # The last session stays active for credential-process.
            return times, bench_cli(java, home, port, alias)
        finally:
            stop(proc)
            kit.terminate()  # only a signal stops the kit
            kit.wait(20)


def run_java_benchmark(java, main_class, runs, prefix, timeout):
    """Runs a benchmark class from the test classes with the daemon's class path; its lines that start with prefix."""
    classpath = os.pathsep.join([TEST_CLASSES, testkit_classpath(), os.path.join(APP, "app", "*"),
                                 os.path.join(APP, "lib", "main", "*"), os.path.join(APP, "lib", "boot", "*")])
    result = subprocess.run([java, "-Djava.util.logging.manager=org.jboss.logmanager.LogManager", "-cp", classpath,
                             main_class, str(runs)], capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise SystemExit("%s failed:\n%s" % (main_class, result.stderr[-3000:]))
    return [line for line in result.stdout.splitlines() if line.startswith(prefix)]


def bench_browser(java, runs=10):
    return run_java_benchmark(java, "dev.keyport.browser.BrowserLoginBenchmark", runs, "browser login", 900)


def bench_headless(java, runs=20):
    return run_java_benchmark(java, "dev.keyport.login.HeadlessLoginBenchmark", runs, "headless login", 600)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--java", default="java")
    parser.add_argument("--starts", type=int, default=200)
    args = parser.parse_args()
    if not os.path.exists(os.path.join(APP, "quarkus-run.jar")) or not os.path.isdir(TEST_CLASSES):
        raise SystemExit("Build first: ./mvnw -B package -DskipTests")
    version = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print("Keyport benchmark, %s, %s, %d cores" % (time.strftime("%Y-%m-%d"), version, os.cpu_count()))
    print("machine: %s" % platform.platform())
    cold = bench_startup(args.java, env={"KEYPORT_CDS": "off"})
    print("daemon start to first 200, no class-data archive (ms): median %.0f  (runs: %s)"
          % (statistics.median(cold), ", ".join("%.0f" % t for t in cold)))
    bench_startup(args.java, runs=1)  # makes the archive if this JDK has none yet (written when the daemon exits)
    startup = bench_startup(args.java)
    print("daemon start to first 200, with ./keyport's archive (ms): median %.0f  (runs: %s)"
          % (statistics.median(startup), ", ".join("%.0f" % t for t in startup)))
    starts, cli = bench_starts(args.java, args.starts)
    print("supplied-assertion start, REST call to profile written (ms, n=%d): median %.1f  p99 %.1f  max %.1f"
          % (len(starts), statistics.median(starts), percentile(starts, 99), max(starts)))
    for (name, cds), times in cli.items():
        print("keyport %s, wall time (ms, n=%d, archive %s): median %.0f  min %.0f  max %.0f"
              % (name, len(times), cds, statistics.median(times), min(times), max(times)))
    for line in bench_browser(args.java):
        print(line)
    for line in bench_headless(args.java):
        print(line)


if __name__ == "__main__":
    main()
