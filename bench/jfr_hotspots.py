#!/usr/bin/env python3
"""Where a flight recording's CPU samples go: the methods most often on top of the stack (self) and most often
anywhere on it (total), from `jfr print --events jdk.ExecutionSample`. Used with benchmark.py --jfr DIR.

Run:  bench/jfr_hotspots.py FILE.jfr [--match dev.keyport] [--top 25] [--jfr /path/to/jdk/bin/jfr]
"""
import argparse
import collections
import re
import subprocess

FRAME = re.compile(r"^\s+([\w$.<>/]+)\(.*\)\s+line:")


def samples(jfr, recording, depth):
    out = subprocess.run([jfr, "print", "--events", "jdk.ExecutionSample", "--stack-depth", str(depth), recording],
                         capture_output=True, text=True, check=True).stdout
    stack = None
    for line in out.splitlines():
        if line.startswith("jdk.ExecutionSample"):
            stack = []
        elif stack is not None:
            m = FRAME.match(line)
            if m:
                stack.append(m.group(1))
            elif line.strip() == "}":
                yield stack
                stack = None


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("recording")
    parser.add_argument("--match", default="", help="only count frames whose name contains this in the total list")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--depth", type=int, default=64)
    parser.add_argument("--jfr", default="jfr")
    args = parser.parse_args()
    top_self = collections.Counter()
    total = collections.Counter()
    count = 0
    for stack in samples(args.jfr, args.recording, args.depth):
        count += 1
        if stack:
            top_self[stack[0]] += 1
        for name in set(stack):
            if args.match in name:
                total[name] += 1
    print("%d samples" % count)
    print("-- self --")
    for name, n in top_self.most_common(args.top):
        print("%5.1f%%  %s" % (100.0 * n / count, name))
    print("-- total%s --" % (" (" + args.match + ")" if args.match else ""))
    for name, n in total.most_common(args.top):
        print("%5.1f%%  %s" % (100.0 * n / count, name))


if __name__ == "__main__":
    main()
