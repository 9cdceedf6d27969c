"""Runs each tool on each input as its own JVM and reports medians; see bench/run.sh."""
import datetime
import os
import platform
import statistics
import subprocess
import sys
import zipfile

work = sys.argv[1]
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
cp = open(os.path.join(work, "cp.txt")).read().strip()
cp = os.path.join(root, "bench/target/classes") + os.pathsep + cp
runs = int(os.environ.get("BENCH_RUNS", "3"))
timeout = int(os.environ.get("BENCH_TIMEOUT", "600"))
peers = [p for p in os.environ.get("BENCH_PEERS", "soot,spotbugs").split(",") if p]
wanted = os.environ.get("BENCH_INPUTS", "guava,jetty-server,kafka-clients,large").split(",")
tools = [t for t in os.environ.get("BENCH_TOOLS", ",".join(["floor", "lockorder"] + peers)).split(",") if t]
# Another build of lockorder (a CLI jar, e.g. the one before an analysis change), run side by side
# with this one in the same measurement, so that a change is judged within one run.
baseline = os.environ.get("BENCH_BASELINE_JAR", "")
if baseline and "baseline" not in tools:
    tools.insert(tools.index("lockorder") + 1 if "lockorder" in tools else len(tools), "baseline")

JARS = {
    "guava": "guava-33.3.1-jre.jar",
    "jetty-server": "jetty-server-9.4.56.v20240826.jar",
    "kafka-clients": "kafka-clients-3.7.1.jar",
}
# Heaps: the floor and lockorder get what a build would give them; peers get room to finish.
HEAP = {"floor": "-Xmx1g", "lockorder": "-Xmx2g", "baseline": "-Xmx2g", "soot": "-Xmx8g", "spotbugs": "-Xmx8g"}
LARGE_HEAP = {"floor": "-Xmx1g", "lockorder": "-Xmx4g", "baseline": "-Xmx4g", "soot": "-Xmx12g",
              "spotbugs": "-Xmx12g"}


def count_classes(jars):
    n = 0
    for j in jars:
        with zipfile.ZipFile(j) as z:
            n += sum(1 for e in z.namelist() if e.endswith(".class"))
    return n


def run(tool, jars, heap, label):
    out = os.path.join(work, "out", label, tool)
    os.makedirs(out, exist_ok=True)
    if tool == "baseline":
        cmd = ["java", heap, "-cp", baseline + os.pathsep + os.path.join(root, "bench/target/classes"),
               "dev.lockorder.bench.BenchMain", "lockorder", out] + jars
    elif tool == "spotbugs":
        cmd = ["java", heap, "-cp", cp, "edu.umd.cs.findbugs.FindBugs2", "-quiet",
               "-effort:default", "-xml", "-output", os.path.join(out, "spotbugs.xml")] + jars
    else:
        cmd = ["java", heap, "-cp", cp, "dev.lockorder.bench.BenchMain", tool, out] + jars
    timed = ["/usr/bin/time", "-f", "TIME %e %U %S %M"] + cmd
    try:
        p = subprocess.run(timed, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"dnf": "timeout %ds" % timeout}
    line = [l for l in p.stderr.splitlines() if l.startswith("TIME ")]
    if p.returncode != 0 or not line:
        tail = (p.stderr.strip().splitlines() or ["?"])[-1][:120]
        return {"dnf": "failed: " + tail}
    _, wall, user, sys_, rss = line[-1].split()
    r = {"wall": float(wall), "cpu": float(user) + float(sys_), "rss": int(rss) / 1024.0}
    for l in p.stdout.splitlines():
        parts = l.split()
        if parts and parts[0] == "classes":
            for k, v in zip(parts[0::2], parts[1::2]):
                r[k] = int(v)
    return r


def median(results):
    ok = [r for r in results if "dnf" in r] and None
    good = [r for r in results if "dnf" not in r]
    if not good:
        return results[0]
    m = {k: statistics.median(r[k] for r in good) for k in ("wall", "cpu", "rss")}
    for k in ("classes", "methods", "cycles", "findings"):
        if k in good[0]:
            m[k] = good[0][k]
    m["n"] = len(good)
    return m


def measure(label, jars, tools, heaps, n):
    # Runs are interleaved (floor, lockorder, baseline, floor, ...) so that drift hits all alike.
    counts = {t: n if t in ("floor", "lockorder", "baseline") or label != "large" else 1 for t in tools}
    results = {t: [] for t in tools}
    for i in range(n):
        for tool in tools:
            if i < counts[tool]:
                results[tool].append(run(tool, jars, heaps[tool], label))
    row = {}
    for tool in tools:
        row[tool] = median(results[tool])
        print("bench: %s %s %s" % (label, tool, row[tool]), file=sys.stderr, flush=True)
    return row


def fmt(r, key, unit=""):
    if "dnf" in r:
        return "DNF"
    v = r.get(key)
    if v is None:
        return "-"
    return ("%.1f%s" % (v, unit)) if isinstance(v, float) else str(v)


def ratio(a, b):
    if "dnf" in a or "dnf" in b or not b.get("wall"):
        return "-"
    return "%.2f" % (a["wall"] / b["wall"])


rows = {}
for name in [w for w in wanted if w in JARS]:
    rows[name] = measure(name, [os.path.join(work, "jars", JARS[name])], tools, HEAP, runs)

large = sorted(os.path.join(work, "large", f) for f in os.listdir(os.path.join(work, "large")) if f.endswith(".jar"))
scaling = {}
if "large" in wanted and large:
    sizes = [(j, count_classes([j])) for j in large]
    total = sum(s for _, s in sizes)
    for frac, tag in ((0.25, "1x"), (0.5, "2x"), (1.0, "4x")):
        acc, part = 0, []
        for j, s in sizes:
            if acc >= frac * total:
                break
            part.append(j)
            acc += s
        scaling[tag] = (acc, measure("large-" + tag, part, ["floor", "lockorder"] + (["baseline"] if baseline else []),
                                     LARGE_HEAP, runs))
    rows["large (4x)"] = dict(scaling["4x"][1])
    for tool in peers:
        rows["large (4x)"][tool] = median([run(tool, large, LARGE_HEAP[tool], "large")])
        print("bench: large %s %s" % (tool, rows["large (4x)"][tool]), file=sys.stderr, flush=True)

lines = []
lines.append("| input | tool | classes | methods | wall s | CPU s | peak RSS MB | lockorder / floor | peer / lockorder | cycles |")
lines.append("|---|---|---|---|---|---|---|---|---|---|")
for name, row in rows.items():
    floor, lo = row.get("floor", {"dnf": "not run"}), row.get("lockorder", {"dnf": "not run"})
    for tool, r in row.items():
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            name, tool, fmt(r, "classes"), fmt(r, "methods"), fmt(r, "wall"), fmt(r, "cpu"), fmt(r, "rss"),
            ratio(lo, floor) if tool == "lockorder" else "",
            ratio(r, lo) if tool not in ("floor", "lockorder") else "",
            fmt(r, "cycles") if tool == "lockorder" else ""))
scale = ["| size | classes | floor wall s | lockorder wall s | lockorder / floor | lockorder peak RSS MB |",
         "|---|---|---|---|---|---|"]
for tag, (n, row) in scaling.items():
    scale.append("| %s | %d | %s | %s | %s | %s |" % (tag, n, fmt(row["floor"], "wall"), fmt(row["lockorder"], "wall"),
                                                   ratio(row["lockorder"], row["floor"]), fmt(row["lockorder"], "rss")))

now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
report = "\n".join(["## Run of %s" % now, "",
                    "Machine: %s, %d cores; %d run(s) per tool (median); peers: %s; timeout %d s." % (
                        platform.platform(), os.cpu_count(), runs, ", ".join(peers) or "none", timeout), "",
                    "\n".join(lines), "", "Scaling (the large classpath: a quarter, a half and all of its jars):", "",
                    "\n".join(scale), ""])
print(report)
with open(os.path.join(work, "last-run.md"), "w") as f:
    f.write(report)
