"""Data-pipeline benchmark: check + convert of a generated 1,000,000-row CSV
with tunedesk-cli, and the same conversion with pandas, side by side.

Each tool runs REPEAT times, interleaved, each time writing a fresh output
file; the median wall time and peak memory (RSS) are reported, with the
ratio pandas / TuneDesk. Run it through bench/run_data_pipeline.sh, which
builds what it needs first.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

INSTRUCTION = "你是一个智能助手，请根据输入提供准确的回答"


def run(cmd, ok_codes=(0,)):
    """Runs cmd; returns (wall seconds, peak RSS in MiB)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in ok_codes:
        sys.exit(f"{cmd[0]} failed with exit code {code}: {proc.stderr.read().decode(errors='replace')}")
    return wall, usage.ru_maxrss / 1024.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", required=True)
    parser.add_argument("--make-csv", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python", default="/usr/bin/python3")
    args = parser.parse_args()
    here = os.path.dirname(os.path.abspath(__file__))

    with tempfile.TemporaryDirectory(prefix="tunedesk-bench-") as tmp:
        csv = os.path.join(tmp, "bench.csv")
        subprocess.run([args.make_csv, csv, str(args.rows), "1"], check=True)
        size_mb = os.path.getsize(csv) / (1024 * 1024)
        limit = ["--max-file-mb", str(int(size_mb) + 1)]
        tools = {
            "tunedesk check": lambda i: [args.cli, "data", "check", csv, *limit],
            "tunedesk convert": lambda i: [args.cli, "data", "convert", csv, "-o", os.path.join(tmp, f"td{i}.jsonl"), *limit],
            "pandas convert": lambda i: [args.python, os.path.join(here, "pandas_convert.py"), csv,
                                         os.path.join(tmp, f"pd{i}.jsonl"), INSTRUCTION],
        }
        results = {name: [] for name in tools}
        for i in range(args.repeat):
            for name, cmd in tools.items():
                results[name].append(run(cmd(i)))
                for f in os.listdir(tmp):  # keep the disk small: drop this round's output
                    if f.endswith(".jsonl"):
                        os.remove(os.path.join(tmp, f))

        print(f"input: {args.rows:,} rows, {size_mb:.0f} MiB CSV; median of {args.repeat} runs")
        print(f"{'':18}{'wall s':>9}{'peak RSS MiB':>14}")
        median = {}
        for name, runs in results.items():
            median[name] = statistics.median(w for w, _ in runs)
            rss = max(r for _, r in runs)
            print(f"{name:18}{median[name]:9.2f}{rss:14.0f}")
        ratio = median["pandas convert"] / median["tunedesk convert"]
        print(f"convert speed-up over pandas: {ratio:.1f}x (target: at least 5x)")
        print(f"rows per second: check {args.rows / median['tunedesk check']:,.0f}, "
              f"convert {args.rows / median['tunedesk convert']:,.0f}")


if __name__ == "__main__":
    main()
