#!/usr/bin/env python3
"""Keyport benchmark (not a test): prints, each beside its baseline where there is one,

  1. daemon start to first authorised HTTP 200 on /q/health (median of 5 cold starts, without and with ./keyport's
     class-data archive);
  2. one supplied-assertion start against the STS emulator, from the REST call to the profile being in the credentials
     file (median and p99 of 200, after 10 unmeasured warm-up starts), and Keyport's own share of it (the median STS
     call, timed beside each start, subtracted); baseline: the scripted AWS CLI path (assume-role-with-saml, then
     `aws configure set` per key);
  3. 500 starts at once from 50 concurrent clients, and whether every profile is present; baseline: 20 scripted AWS
     CLI starts by 10 clients;
  4. daemon RSS idle, with one active session, with 501, and 25 s after that burst;
  5. the start of (2) with 5,000 foreign profiles in each AWS file;
  6. the CLI's wall time through ./keyport: `keyport session list` and `keyport credential-process SESSION` (median of
     10 each, with and without the CLI's archive); baseline: `aws configure get`;
  7. browser logins against SimpleSAMLphp with headless Chromium and headless Okta/OneLogin logins against the
     emulators (leave out with --skip-logins);
  8. the web page (`keyport ui`) in headless Chromium: first contentful paint and 20 sessions shown, from the
     packaged daemon (leave out with --skip-ui).
and finally the figures as a Markdown table.

Build first:  ./mvnw -B package -DskipTests      (also compiles the test kit the emulator comes from)
Needs:        bash .ci/install-test-deps         (Chromium, PHP, SimpleSAMLphp, and /usr/bin/aws for the baselines)
Run:          bench/benchmark.py [--java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java] [--skip-logins] [--jfr DIR]

Only the Python standard library is used; everything listens on 127.0.0.1.
"""
import argparse
import configparser
import json
import os
import platform
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
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
        t0 = time.perf_counter()
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            print("(the daemon did not stop within 60 s of SIGTERM; killed)", file=sys.stderr)
            proc.kill()
        if time.perf_counter() - t0 > 5:
            print("(the daemon took %.1f s to stop)" % (time.perf_counter() - t0), file=sys.stderr)


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
    """./keyport makes the CLI's archive by a training run in the background (so that it holds what a request needs,
    whatever the first command was); the measured runs should use it, so wait until that is done (its lock folder is
    gone)."""
    cli_dir = os.path.join(ROOT, "cli", "target", "keyport-cli")
    deadline = time.time() + timeout
    while any(n.endswith(".lock") for n in os.listdir(cli_dir)):
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


class Testkit:
    """The test kit (STS emulator and SAML minting) as a separate process, as users run it (`keyport testkit`)."""

    def __init__(self, java):
        self.proc = subprocess.Popen([java, "-Dsun.net.httpserver.nodelay=true", "-cp", testkit_classpath(),
                                      "dev.keyport.testkit.TestkitProgram", "--provider=" + PROVIDER],
                                     stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        self.sts = None
        seen = []
        for line in self.proc.stdout:  # the kit prints its banner once; the STS endpoint is on its export line
            seen.append(line.rstrip("\n"))
            if line.startswith("export KEYPORT_STS_ENDPOINT="):
                self.sts = line.strip().split("=", 1)[1]
                break
        if self.sts is None:
            self.proc.wait(20)
            raise SystemExit("test kit did not start (status %s): %r" % (self.proc.returncode, seen))

    def saml_response(self):
        query = urllib.parse.urlencode({"role": ROLE, "provider": PROVIDER, "idp": "google"})
        with urllib.request.urlopen(self.sts + "/_testkit/saml-response?" + query) as resp:
            return resp.read().decode()

    def sts_call_ms(self, saml):
        """One AssumeRoleWithSAML straight to the emulator, as the SDK sends it: the STS share of a start."""
        form = urllib.parse.urlencode({"Action": "AssumeRoleWithSAML", "Version": "2011-06-15", "RoleArn": ROLE,
                                       "PrincipalArn": PROVIDER, "SAMLAssertion": saml}).encode()
        req = urllib.request.Request(self.sts + "/", data=form, method="POST")
        req.add_header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
        t0 = time.perf_counter()
        with urllib.request.urlopen(req) as resp:
            body = resp.read()
        elapsed = (time.perf_counter() - t0) * 1000
        assert b"<AccessKeyId>" in body, body[:200]
        return elapsed

    def close(self):
        self.proc.terminate()  # only a signal stops the kit
        self.proc.wait(20)


def rss_mib(pid):
    """Resident set size of a process, from /proc (what `ps -o rss` and top show)."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    raise SystemExit("no VmRSS for %d" % pid)


def foreign_profiles(path, count, config):
    """count profiles that belong to the user, the way big shared files look: keys or a region and an output each."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for i in range(count):
            if config:
                f.write("[profile team-%04d]\nregion = eu-west-1\noutput = json\n\n" % i)
            else:
                f.write("[team-%04d]\naws_access_key_id = AKIAEXAMPLE%09d\n"
                        "aws_secret_access_key = example/secret/key/%04d/0000000000000000\n\n" % (i, i, i))
    os.chmod(path, 0o600)


class Daemon:
    """A daemon started through ./keyport with its own home and AWS files, against the test kit's STS."""

    def __init__(self, java, kit, tmp, foreign=0, jfr=None):
        self.home = os.path.join(tmp, "home")
        self.credentials = os.path.join(tmp, "aws", "credentials")
        self.config = os.path.join(tmp, "aws", "config")
        if foreign:
            foreign_profiles(self.credentials, foreign, False)
            foreign_profiles(self.config, foreign, True)
        self.port = free_port()
        env = {"KEYPORT_STS_ENDPOINT": kit.sts, "AWS_SHARED_CREDENTIALS_FILE": self.credentials,
               "AWS_CONFIG_FILE": self.config, "KEYPORT_MEMORY_IDLE_CHECK": "PT10S"}
        if jfr:
            # A flight recording of the whole run, written when the daemon stops (`jfr print --events
            # jdk.ExecutionSample FILE`, or JDK Mission Control).
            env["KEYPORT_JAVA_OPTS"] = "-XX:StartFlightRecording=settings=profile,filename=%s" % jfr
        self.proc = start_daemon(java, self.home, self.port, env)
        self.token = wait_ready(self.proc, self.home, self.port)
        self.base = "http://127.0.0.1:%d/api/v1/sessions" % self.port

    def add(self, alias):
        status, body = request("POST", self.base, self.token, {
            "alias": alias, "profileName": alias, "region": "eu-west-1",
            "samlUrl": "https://accounts.google.com/o/saml2/initsso?idpid=C01&spid=1",
            "idpArn": PROVIDER, "roleArn": ROLE})
        assert status == 201, body

    def start(self, alias, saml):
        status, body = request("POST", "%s/%s/start" % (self.base, alias), self.token, {"samlResponse": saml})
        assert status == 200, (status, body)

    def stop_session(self, alias):
        request("POST", "%s/%s/stop" % (self.base, alias), self.token)

    def profiles_written(self, aliases):
        with open(self.credentials) as f:
            headers = set(line.strip() for line in f if line.startswith("["))
        return sum(1 for a in aliases if "[%s]" % a in headers)

    def rss(self):
        return rss_mib(self.proc.pid)

    def close(self):
        stop(self.proc)


def bench_starts(daemon, kit, count, warmup=10, prefix="bench"):
    """Sequential supplied-assertion starts, REST call to profile written; and the STS share measured beside them."""
    times, sts_times = [], []
    for i in range(warmup + count):
        alias = "%s-%d" % (prefix, i)
        daemon.add(alias)
        saml = kit.saml_response()
        t0 = time.perf_counter()
        daemon.start(alias, saml)
        written = daemon.profiles_written([alias]) == 1
        elapsed = (time.perf_counter() - t0) * 1000
        assert written, alias
        sts_ms = kit.sts_call_ms(kit.saml_response())
        if i >= warmup:
            times.append(elapsed)
            sts_times.append(sts_ms)
        if i < warmup + count - 1:
            daemon.stop_session(alias)
    return times, sts_times, alias


def run_clients(client, work, clients):
    """Shares work out among clients threads, each running client(its part); seconds until all are done."""
    threads = [threading.Thread(target=client, args=(work[i::clients],)) for i in range(clients)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - t0


def bench_burst(daemon, kit, sessions, clients):
    """sessions starts at once from clients concurrent callers; wall time and how many profiles are in the file."""
    aliases = ["burst-%d" % i for i in range(sessions)]
    for alias in aliases:
        daemon.add(alias)
    work = [(alias, kit.saml_response()) for alias in aliases]
    failures = []

    def client(part):
        for alias, saml in part:
            try:
                daemon.start(alias, saml)
            except AssertionError as e:
                failures.append(str(e)[:300])

    elapsed = run_clients(client, work, clients)
    if failures:
        raise SystemExit("%d starts failed, first: %s" % (len(failures), failures[0]))
    return elapsed, daemon.profiles_written(aliases)


AWS = "/usr/bin/aws"  # Debian's AWS CLI v2; the first `aws` on PATH may be another one


def aws_env(tmp):
    return dict(os.environ, AWS_SHARED_CREDENTIALS_FILE=os.path.join(tmp, "credentials"),
                AWS_CONFIG_FILE=os.path.join(tmp, "config"), AWS_PAGER="", AWS_EC2_METADATA_DISABLED="true")


def bench_aws_configure_get(home_tmp, runs=10):
    """Baseline for credential-process: the AWS CLI reading one setting of a profile (`aws configure get`)."""
    env = aws_env(home_tmp)
    subprocess.run([AWS, "configure", "set", "region", "eu-west-1", "--profile", "base"], env=env, check=True)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        done = subprocess.run([AWS, "configure", "get", "region", "--profile", "base"], env=env,
                              capture_output=True, text=True)
        times.append((time.perf_counter() - t0) * 1000)
        assert done.stdout.strip() == "eu-west-1", done
    return times


def scripted_aws_cli_start(kit, env, alias, saml):
    """What a script does without Keyport: AssumeRoleWithSAML with the AWS CLI, then `aws configure set` per key."""
    with tempfile.NamedTemporaryFile("w", suffix=".b64") as f:
        f.write(saml)
        f.flush()
        out = subprocess.run([AWS, "sts", "assume-role-with-saml", "--endpoint-url", kit.sts, "--region", "us-east-1",
                              "--role-arn", ROLE, "--principal-arn", PROVIDER, "--saml-assertion", "file://" + f.name,
                              "--output", "json", "--no-sign-request"], env=env, capture_output=True, text=True)
    if out.returncode != 0:
        return False  # (its message may quote the file; nothing of it is printed)
    creds = json.loads(out.stdout)["Credentials"]
    for key, value in (("aws_access_key_id", creds["AccessKeyId"]), ("aws_secret_access_key", creds["SecretAccessKey"]),
                       ("aws_session_token", creds["SessionToken"]), ("region", "eu-west-1")):
        # Concurrent `configure set` calls rewrite the file unlocked: some fail on a half-written file they read.
        if subprocess.run([AWS, "configure", "set", key, value, "--profile", alias], env=env,
                          capture_output=True).returncode != 0:
            return False
    return True


def bench_aws_cli_starts(kit, sequential=5, burst=20, clients=10):
    """Baseline for starts: the scripted AWS CLI path, one at a time and in a burst from concurrent clients."""
    with tempfile.TemporaryDirectory() as tmp:
        env = aws_env(tmp)
        one = []
        for i in range(sequential):
            saml = kit.saml_response()
            t0 = time.perf_counter()
            assert scripted_aws_cli_start(kit, env, "seq-%d" % i, saml), "the scripted AWS CLI start failed"
            one.append((time.perf_counter() - t0) * 1000)
        work = [("burst-%d" % i, kit.saml_response()) for i in range(burst)]
        elapsed = run_clients(lambda part: [scripted_aws_cli_start(kit, env, a, s) for a, s in part], work, clients)
        parser = configparser.ConfigParser(interpolation=None)
        try:
            parser.read(env["AWS_SHARED_CREDENTIALS_FILE"])
            complete = sum(1 for a, _ in work if parser.has_section(a) and all(
                parser.has_option(a, k) for k in ("aws_access_key_id", "aws_secret_access_key", "aws_session_token")))
        except configparser.Error:
            complete = 0  # the concurrent writers left a file the AWS tools cannot read
    return one, elapsed, complete


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


def bench_ui(java, runs=20):
    return run_java_benchmark(java, "dev.keyport.ui.WebPageBenchmark", runs, "web page", 300)


def bench_daemon_start(java, row):
    cold = bench_startup(java, env={"KEYPORT_CDS": "off"})
    row("daemon start to first authorised 200, no class-data archive (median of 5)",
        "%.0f ms  (runs: %s)" % (median(cold), ", ".join("%.0f" % t for t in cold)))
    bench_startup(java, runs=1)  # makes the archive if this JDK has none yet (written when the daemon exits)
    startup = bench_startup(java)
    row("daemon start to first authorised 200, with ./keyport's archive (median of 5)",
        "%.0f ms  (runs: %s)" % (median(startup), ", ".join("%.0f" % t for t in startup)))


def median(values):
    return statistics.median(values)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--java", default="java")
    parser.add_argument("--starts", type=int, default=200)
    parser.add_argument("--burst", type=int, default=500)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--foreign", type=int, default=5000)
    parser.add_argument("--skip-logins", action="store_true", help="leave out the browser and headless logins")
    parser.add_argument("--skip-startup", action="store_true", help="leave out the daemon start figures")
    parser.add_argument("--skip-ui", action="store_true", help="leave out the web page figures")
    parser.add_argument("--only-ui", action="store_true", help="print the web page figures alone")
    parser.add_argument("--skip-cli", action="store_true", help="leave out the CLI and its baseline")
    parser.add_argument("--skip-baselines", action="store_true", help="leave out the scripted AWS CLI starts")
    parser.add_argument("--jfr", metavar="DIR", help="record the daemons of the session figures with JFR, into DIR")
    args = parser.parse_args()
    if not os.path.exists(os.path.join(APP, "quarkus-run.jar")) or not os.path.isdir(TEST_CLASSES):
        raise SystemExit("Build first: ./mvnw -B package -DskipTests")
    if args.only_ui:
        for line in bench_ui(args.java):
            print(line)
        return
    if not os.access(AWS, os.X_OK):
        raise SystemExit("%s is missing (the baselines need Debian's AWS CLI v2): bash .ci/install-test-deps" % AWS)
    version = subprocess.run([args.java, "-version"], capture_output=True, text=True).stderr.splitlines()[0]
    print("Keyport benchmark, %s, %s, %d cores" % (time.strftime("%Y-%m-%d"), version, os.cpu_count()))
    print("machine: %s" % platform.platform(), flush=True)
    rows = []

    def row(figure, value, baseline=""):
        rows.append((figure, value, baseline or ""))
        print("%s: %s%s" % (figure, value, "   [baseline: %s]" % baseline if baseline else ""), flush=True)

    cli = {}
    if not args.skip_startup:
        bench_daemon_start(args.java, row)

    if args.jfr:
        os.makedirs(args.jfr, exist_ok=True)
    kit = Testkit(args.java)
    try:
        aws_one, aws_burst, aws_complete = (None, None, None) if args.skip_baselines else bench_aws_cli_starts(kit)
        with tempfile.TemporaryDirectory() as tmp:
            daemon = Daemon(args.java, kit, tmp, jfr=args.jfr and os.path.join(args.jfr, "sessions.jfr"))
            try:
                time.sleep(5)  # idle: what the daemon holds once its start-up is over
                idle = daemon.rss()
                starts, sts, last = bench_starts(daemon, kit, args.starts)
                one = daemon.rss()
                row("one supplied-assertion start, REST call to profile written (median / p99, n=%d)" % len(starts),
                    "%.1f / %.1f ms" % (median(starts), percentile(starts, 99)),
                    aws_one and "scripted AWS CLI (assume-role-with-saml + 4 x configure set): median %.0f ms, n=%d"
                    % (median(aws_one), len(aws_one)))
                row("Keyport's own time in that start (median start - median STS call, %.1f ms)" % median(sts),
                    "%.1f ms" % (median(starts) - median(sts)))
                if not args.skip_cli:
                    cli = bench_cli(args.java, daemon.home, daemon.port, last)
                burst, written = bench_burst(daemon, kit, args.burst, args.clients)
                many = daemon.rss()
                time.sleep(25)  # quiet: the daemon's idle check (every 10 s here, every minute by default) collects
                quiet = daemon.rss()
                row("%d sessions started at once by %d clients" % (args.burst, args.clients),
                    "%.2f s (%.0f/s), %d of %d profiles present" % (burst, args.burst / burst, written, args.burst),
                    aws_burst and "scripted AWS CLI, 20 starts by 10 clients: %.1f s (%.1f/s), %d of 20 profiles"
                    " complete" % (aws_burst, 20 / aws_burst, aws_complete))
                row("daemon RSS: idle / one active session / %d active sessions / the same, 25 s later"
                    % (args.burst + 1), "%.0f / %.0f / %.0f / %.0f MiB" % (idle, one, many, quiet))
            finally:
                daemon.close()
        with tempfile.TemporaryDirectory() as tmp:
            daemon = Daemon(args.java, kit, tmp, foreign=args.foreign,
                            jfr=args.jfr and os.path.join(args.jfr, "foreign.jfr"))
            try:
                crowded, crowded_sts, _ = bench_starts(daemon, kit, max(20, args.starts // 2))
            finally:
                daemon.close()
        row("the same start with %d foreign profiles in each AWS file (median, n=%d)" % (args.foreign, len(crowded)),
            "%.1f ms, own time %.1f ms (%+.1f ms)" % (median(crowded), median(crowded) - median(crowded_sts),
                                                      (median(crowded) - median(crowded_sts))
                                                      - (median(starts) - median(sts))))
    finally:
        kit.close()
    configure_get = [0]
    if not args.skip_cli:
        with tempfile.TemporaryDirectory() as tmp:
            configure_get = bench_aws_configure_get(tmp)
    for (name, cds), times in cli.items():
        row("keyport %s, wall time through ./keyport (archive %s, median of %d)" % (name, cds, len(times)),
            "%.0f ms (min %.0f, max %.0f)" % (median(times), min(times), max(times)),
            "aws configure get: median %.0f ms" % median(configure_get) if name == "credential-process" else "")
    if not args.skip_ui:
        for line in bench_ui(args.java):
            print(line)
    if not args.skip_logins:
        for line in bench_browser(args.java):
            print(line)
        for line in bench_headless(args.java):
            print(line)
    print()
    print("| figure | Keyport | baseline |")
    print("|---|---|---|")
    for figure, value, baseline in rows:
        print("| %s | %s | %s |" % (figure, value, baseline))


if __name__ == "__main__":
    main()
