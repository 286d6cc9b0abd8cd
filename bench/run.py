"""Measures pretext against a PyTorch + torchvision script on this machine,
in one run, with the same model, data, batch size and threads:

    /usr/bin/python3 bench/run.py [--out bench/results.json] [--threads 2]

1. pretext training end to end (decode, rotate, augment, step), images/s
2. the same step on tensors already in memory (the compute ceiling)
3. the reference: torchvision mobilenet_v2, DataLoader over PIL, Adam
4. evaluation end to end, both
5. peak resident memory, and the runner's start-up (plugins, recipe)
Images are model inputs: four per picture when training on rotations.
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNNER = os.path.join(ROOT, "build", "bin", "runner")
CEILING = os.path.join(ROOT, "build", "bin", "pretext_compute_ceiling")


def run(command, **kwargs):
    """Runs a command under /usr/bin/time; returns stdout and peak MiB."""
    with tempfile.NamedTemporaryFile("r") as report:
        result = subprocess.run(
            ["/usr/bin/time", "-f", "%M", "-o", report.name] + command,
            cwd=ROOT, capture_output=True, text=True, **kwargs)
        if result.returncode != 0:
            sys.exit(f"bench: {' '.join(command)} failed:\n{result.stderr}")
        return result.stdout, int(report.read().split()[-1]) / 1024


def measure_runner(out_dir, threads, precision="fp32"):
    recipe = os.path.join(ROOT, "bench", "pretext.yaml")
    flags = ["--set", f"threads={threads}", "--set", f"precision={precision}",
             "--log-level", "warn"]
    start = time.perf_counter()
    run([RUNNER, recipe, "--dry-run"] + flags)
    startup = time.perf_counter() - start

    _, peak = run([RUNNER, recipe, "--output", out_dir] + flags)
    with open(os.path.join(out_dir, "metrics.csv")) as f:
        rows = list(csv.DictReader(f))
    with open(os.path.join(out_dir, "summary.json")) as f:
        stage = json.load(f)["stages"]["pretext"]
    warm = rows[1:]  # the first epoch pays for start-up and warm-up
    mean = lambda key: sum(float(r[key]) for r in warm) / len(warm)
    return {
        "train_images_per_second": mean("images_per_second"),
        "eval_images_per_second": mean("val_images_per_second"),
        "data_wait_share": mean("data_wait_seconds") / mean("seconds"),
        "rss_mib_by_epoch": [float(r["rss_mib"]) for r in rows],
        "peak_rss_mib": peak,
        "startup_seconds": startup,
        "seconds_to_first_batch": stage.get("seconds_to_first_batch"),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=os.path.join(ROOT, "bench",
                                                      "results.json"))
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--bf16", action="store_true",
                        help="also measure the runner under bf16 autocast")
    args = parser.parse_args()
    if not os.path.isdir(os.path.join(ROOT, "data", "tiny-imagenet-200")):
        subprocess.run([os.path.join(ROOT, "scripts", "get_data.sh")],
                       check=True)

    with tempfile.TemporaryDirectory() as scratch:
        ours = measure_runner(os.path.join(scratch, "run"), args.threads)
    out, _ = run([CEILING, "--batch-size", "64", "--steps", "30",
                  "--threads", str(args.threads)])
    ceiling = json.loads(out)
    out, peak = run(["/usr/bin/python3", "bench/reference.py",
                     "--threads", str(args.threads), "--steps", "30"])
    reference = json.loads(out)
    bf16 = None
    if args.bf16:
        with tempfile.TemporaryDirectory() as scratch:
            bf16 = measure_runner(os.path.join(scratch, "run"), args.threads,
                                  "bf16")
        out, _ = run([CEILING, "--batch-size", "64", "--steps", "30",
                      "--threads", str(args.threads), "--precision", "bf16"])
        bf16["ceiling"] = json.loads(out)
    reference["peak_rss_mib_total"] = (
        reference["peak_rss_mib_main"] +
        reference["workers"] * reference["peak_rss_mib_worker"])

    rows = [
        ("pretext training, end to end (images/s)",
         ours["train_images_per_second"],
         reference["train_images_per_second"]),
        ("evaluation, end to end (images/s)",
         ours["eval_images_per_second"], reference["eval_images_per_second"]),
        ("peak resident memory (MiB)", ours["peak_rss_mib"],
         reference["peak_rss_mib_total"]),
    ]
    print(f"{'':44}{'pretext':>10}{'PyTorch':>10}{'ratio':>8}")
    for name, a, b in rows:
        print(f"{name:44}{a:10.1f}{b:10.1f}{a / b:8.2f}")
    print(f"compute ceiling, same step in memory: "
          f"{ceiling['train_images_per_second']:.1f} images/s; end to end "
          f"is {ours['train_images_per_second'] / ceiling['train_images_per_second']:.2f}x of it")
    print(f"time waiting for data: {100 * ours['data_wait_share']:.1f}% of "
          f"training time")
    print(f"runner start-up (plugins, recipe): {ours['startup_seconds']:.2f} s;"
          f" stage start to first batch: {ours['seconds_to_first_batch']:.2f} s")
    if bf16:
        print(f"bf16 autocast: training {bf16['train_images_per_second']:.1f} "
              f"images/s end to end ("
              f"{bf16['train_images_per_second'] / reference['train_images_per_second']:.2f}x"
              f" the fp32 reference), ceiling "
              f"{bf16['ceiling']['train_images_per_second']:.1f}; evaluation "
              f"{bf16['eval_images_per_second']:.1f}")

    results = {"pretext": ours, "ceiling": ceiling, "reference": reference,
               "pretext_bf16": bf16,
               "ratios": {name: a / b for name, a, b in rows},
               "threads": args.threads, "machine_cores": os.cpu_count()}
    tmp = args.out + ".tmp"
    with open(tmp, "w") as f:
        json.dump(results, f, indent=2)
    os.replace(tmp, args.out)
    print(f"written to {args.out}")


if __name__ == "__main__":
    main()
