#!/usr/bin/env python3
"""One command for klint's speed benchmark: the parse floor, klint cold/warm/parallel/one file,
scaling, and (optionally) the peers, each timed from outside as a whole process.

    python benchmarks/run.py [--files 1000] [--repeat 3] [--scales 100,1000,10000]
                             [--peers] [--out results.json] [--markdown]

Why from outside: what a user waits for is process start to exit, imports, rule loading,
the cross-document pass and output included, so every figure here is the wall time of a
fresh process.  Each measured command runs under a tiny wrapper (``python -c WRAPPER``,
started fresh for every run) that starts the command, waits for it and reports:

* wall time: ``time.perf_counter()`` around ``Popen`` ... ``wait()`` (the wrapper's own
  start-up is not counted);
* peak MiB: ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` of the wrapper after the wait.
  The wrapper has no other children, so this is exactly the largest resident set reached by
  any single process of the command's tree (the kernel keeps it; nothing is sampled), the
  same definition as ``/usr/bin/time``'s "maximum resident set size";
* tree MiB (Linux only): the largest *sum* of RSS over the live process tree, sampled from
  /proc every 20 ms.  It matters for ``--jobs 2``, where workers run side by side; it counts
  pages shared by forked workers twice, so read it as an upper bound.

Figures: median of ``--repeat`` runs, with the min and max.  MB/s is the corpus's Markdown
bytes / 10**6 / median seconds.  The corpus comes from ``benchmarks/make_corpus.py``
(seeded, so every machine times the same bytes) and is cached under ``--workdir``.
klint is run as ``sys.executable -m klint`` with this checkout first on PYTHONPATH, so it is
the working tree's klint in this interpreter's environment.  No time is asserted anywhere;
the targets are reported as met / not met.

Peers (``--peers``): proselint from ``$PEERS/venv`` and textlint from ``$PEERS/node``
(PEERS defaults to /tmp/peers).  This script never installs them; one way to get them is
``PEERS=/tmp/peers bash ../shared/bench/peers.sh`` (outside this repository).  A peer that
is not installed is skipped with a note.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
import make_corpus  # noqa: E402  (a sibling module, importable without installing anything)

MIB = 1024 * 1024
ROW_GROUPS = ("cold", "warm", "jobs", "one", "scaling")

# Runs one command, fresh for every measurement; reads its spec as JSON on stdin (the
# environment is not put on a command line) and prints one JSON line.  Kept to the stdlib
# and to Python 3.8 syntax so that any interpreter can run it.
WRAPPER = r"""
import json, os, resource, subprocess, sys, threading, time
spec = json.loads(sys.stdin.read())
page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
peak = [0]
stop = threading.Event()

def tree_rss(root):
    parent = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open("/proc/%s/stat" % name) as f:
                    parent[int(name)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    pids, todo = [], [root]
    while todo:
        pid = todo.pop()
        pids.append(pid)
        todo.extend(p for p, pp in parent.items() if pp == pid)
    total = 0
    for pid in pids:
        try:
            with open("/proc/%d/statm" % pid) as f:
                total += int(f.read().split()[1]) * page
        except (OSError, IndexError, ValueError):
            pass
    return total

def sample(root):
    while not stop.wait(0.02):
        try:
            peak[0] = max(peak[0], tree_rss(root))
        except OSError:
            pass

out = open(spec["stdout"], "wb") if spec["stdout"] else subprocess.DEVNULL
err = open(spec["stderr"], "wb")
t0 = time.perf_counter()
proc = subprocess.Popen(spec["cmd"], cwd=spec["cwd"], env=spec["env"],
                        stdin=subprocess.DEVNULL, stdout=out, stderr=err)
if spec["sample"] and os.path.isdir("/proc/%d" % proc.pid):
    threading.Thread(target=sample, args=(proc.pid,), daemon=True).start()
rc = proc.wait()
wall = time.perf_counter() - t0
stop.set()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
maxrss = ru.ru_maxrss if sys.platform != "darwin" else ru.ru_maxrss // 1024
print(json.dumps({"wall": wall, "rc": rc, "maxrss_kib": maxrss, "tree_peak_bytes": peak[0],
                  "cpu": ru.ru_utime + ru.ru_stime}))
"""


@dataclass
class Sample:
    """One timed run of one command."""

    wall: float
    rc: int
    maxrss_kib: int
    tree_peak_bytes: int
    cpu: float


@dataclass
class Row:
    """One line of the results table: a command timed ``repeat`` times on one corpus."""

    name: str
    group: str  # main | one | scaling | peer
    docs: int
    nbytes: int
    cmd: list[str] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    error: str | None = None
    note: str | None = None
    floor: Row | None = None  # the floor row this one is compared with

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(s.wall for s in self.samples)

    @property
    def spread(self) -> tuple[float, float]:
        walls = [s.wall for s in self.samples]
        return min(walls), max(walls)

    @property
    def mbps(self) -> float:
        return self.nbytes / 1e6 / self.median

    @property
    def peak_mib(self) -> float:
        return max(s.maxrss_kib for s in self.samples) / 1024

    @property
    def tree_mib(self) -> float:
        return max(s.tree_peak_bytes for s in self.samples) / MIB

    @property
    def ratio(self) -> float | None:
        if self.floor is None or not self.floor.ok or not self.ok:
            return None
        return self.median / self.floor.median

    def as_json(self) -> dict:
        d: dict = {"name": self.name, "group": self.group, "docs": self.docs, "bytes": self.nbytes}
        d["cmd"] = self.cmd
        d["error"] = self.error
        d["note"] = self.note
        d["runs"] = [vars(s) for s in self.samples]
        if self.ok:
            lo, hi = self.spread
            d.update(
                median_s=round(self.median, 4),
                min_s=round(lo, 4),
                max_s=round(hi, 4),
                mb_per_s=round(self.mbps, 3),
                ratio_to_floor=None if self.ratio is None else round(self.ratio, 3),
                peak_mib=round(self.peak_mib, 1),
                tree_peak_mib=round(self.tree_mib, 1) if self.tree_mib else None,
                cpu_s_median=round(statistics.median(s.cpu for s in self.samples), 3),
            )
        return d


class Bench:
    """Runs commands under the wrapper and keeps the rows."""

    def __init__(self, workdir: Path, verbose: bool = True, pycache: str = "prefix") -> None:
        self.workdir = workdir
        self.verbose = verbose
        self.rows: list[Row] = []
        self.env = dict(os.environ)
        # The working tree's klint first, so that `-m klint` is this checkout's code.
        self.env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH")) if p)
        if pycache == "prefix":
            # An installed klint has compiled bytecode; a checkout run with PYTHONDONTWRITEBYTECODE
            # recompiles every module in every process.  Keep bytecode, but in the work folder,
            # never in the repository.
            self.env.pop("PYTHONDONTWRITEBYTECODE", None)
            self.env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")
        # klint's per-user cache folder (the result cache's signing key) in the work folder too,
        # so that a run neither reads nor leaves anything in the user's home.
        self.env["XDG_CACHE_HOME"] = str(workdir / "user-cache")
        self.logdir = workdir / "logs"
        self.logdir.mkdir(parents=True, exist_ok=True)

    def log(self, msg: str) -> None:
        if self.verbose:
            print(msg, file=sys.stderr, flush=True)

    def once(
        self, cmd: Sequence[str], cwd: Path, stdout: Path | None = None, env: dict | None = None
    ) -> Sample:
        """Run ``cmd`` once under the wrapper and return what it measured."""
        stderr = self.logdir / "last-stderr.txt"
        spec = {
            "cmd": list(cmd),
            "cwd": str(cwd),
            "env": env or self.env,
            "stdout": str(stdout) if stdout else None,
            "stderr": str(stderr),
            "sample": sys.platform.startswith("linux"),
        }
        proc = subprocess.run(
            [sys.executable, "-c", WRAPPER],
            input=json.dumps(spec),
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise RuntimeError(f"measuring wrapper failed: {proc.stderr.strip()[-500:]}")
        return Sample(**json.loads(proc.stdout.strip().splitlines()[-1]))

    def stderr_tail(self) -> str:
        try:
            lines = (self.logdir / "last-stderr.txt").read_text(errors="replace").strip().splitlines()
        except OSError:
            return ""
        return lines[-1][:300] if lines else ""

    def time(
        self,
        row: Row,
        cwd: Path,
        repeat: int,
        warmup: int = 0,
        ok_codes: Sequence[int] | None = (0, 1),
        env: dict | None = None,
    ) -> Row:
        """Time ``row.cmd``: ``warmup`` uncounted runs, then ``repeat`` counted ones.

        An exit status outside ``ok_codes`` (None: any) stops the row with an error line.
        """
        self.rows.append(row)
        shown = [_short(c) for c in row.cmd[:6]]
        if len(row.cmd) > 6:  # the peers get every file on their command line
            shown.append(f"... ({len(row.cmd) - 6} more)")
        self.log(f"-- {row.name} ({row.docs} docs): {' '.join(shown)}")
        for i in range(warmup + repeat):
            s = self.once(row.cmd, cwd, env=env)
            if ok_codes is not None and s.rc not in ok_codes:
                row.error = f"exit {s.rc}: {self.stderr_tail() or 'no message on stderr'}"
                self.log(f"   FAILED {row.name}: {row.error}")
                return row
            if i >= warmup:
                row.samples.append(s)
                self.log(f"   {s.wall:8.3f} s  {s.maxrss_kib / 1024:7.1f} MiB  exit {s.rc}")
        return row


def _short(arg: str) -> str:
    return arg if len(arg) < 60 else "..." + arg[-45:]


# --------------------------------------------------------------------------------------------
# Corpus
# --------------------------------------------------------------------------------------------


def corpus_key(words: int, seed: int, site: str) -> str:
    """Changes whenever the generator or its parameters change, so stale corpora are rebuilt."""
    h = hashlib.sha256((HERE / "make_corpus.py").read_bytes())
    h.update(f"{words}:{seed}:{site}".encode())
    return h.hexdigest()[:12]


def ensure_corpus(workdir: Path, docs: int, words: int, seed: int, site: str, log) -> tuple[Path, dict]:
    """The folder of ``docs`` generated documents, generated once and reused."""
    folder = workdir / f"corpus-{corpus_key(words, seed, site)}" / f"docs-{docs}"
    manifest_path = folder / make_corpus.MANIFEST
    if manifest_path.is_file():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if len(manifest.get("files", {})) == docs and all((folder / n).is_file() for n in manifest["files"]):
            return folder, manifest
    if folder.exists():
        shutil.rmtree(folder)
    log(f"generating {docs} documents of ~{words} words into {folder}")
    return folder, make_corpus.generate(folder, docs, words, seed, site)


def corpus_bytes(manifest: dict) -> int:
    return sum(e["bytes"] for e in manifest["files"].values())


# --------------------------------------------------------------------------------------------
# The benchmark
# --------------------------------------------------------------------------------------------


def klint_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "klint", *args]


def cold_cmd(*args: str) -> list[str]:
    """``klint check ARGS`` with no result cache, as on a first run over these files.

    The working directory's result cache is removed first (its time is counted: a few ms),
    while the compiled rule sets stay cached in the user's folder, as after any earlier run
    of this klint, the way Python keeps bytecode. ``--no-cache`` rows compile them too.
    """
    check = klint_cmd("check", *args)
    if os.name != "posix":
        return [*check[:4], "--no-cache", *check[4:]]
    return ["sh", "-c", f"rm -rf .klint_cache && exec {' '.join(shlex.quote(a) for a in check)}"]


def floor_cmd(path: Path) -> list[str]:
    return [sys.executable, str(HERE / "floor.py"), str(path)]


def klint_version(bench: Bench) -> tuple[str | None, str | None]:
    """klint's version string, or None and the reason it cannot run."""
    proc = subprocess.run(
        klint_cmd("--version"), capture_output=True, text=True, env=bench.env, cwd=bench.workdir, check=False
    )
    if proc.returncode != 0:
        msg = (proc.stderr or proc.stdout).strip().splitlines()
        return None, f"`python -m klint --version` exited {proc.returncode}: {msg[-1] if msg else ''}"
    return proc.stdout.strip().removeprefix("klint ").strip(), None


def sanity_run(bench: Bench, corpus: Path, docs: int, cwd: Path) -> dict:
    """One untimed cached run whose JSON is read: did klint check every file, and find what?

    It also fills the cache for the warm row.
    """
    out = bench.workdir / "logs" / "klint-output.json"
    s = bench.once(klint_cmd("check", "--format", "json", str(corpus)), cwd, stdout=out)
    info: dict = {"exit": s.rc, "wall_s": round(s.wall, 3)}
    if s.rc not in (0, 1):
        info["error"] = f"exit {s.rc}: {bench.stderr_tail() or 'no message on stderr'}"
        return info
    try:
        data = json.loads(out.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        info["error"] = f"output is not JSON: {e}"
        return info
    by_category: dict[str, int] = {}
    for f in data.get("findings", []):
        by_category[f.get("category", "?")] = by_category.get(f.get("category", "?"), 0) + 1
    info.update(
        files_checked=data.get("files_checked"),
        findings=len(data.get("findings", [])),
        findings_by_category=dict(sorted(by_category.items())),
        errors=len(data.get("errors", [])),
    )
    if data.get("files_checked") != docs:
        info["warning"] = f"klint checked {data.get('files_checked')} files, expected {docs}"
    return info


def peer_rows(bench: Bench, corpus: Path, manifest: dict, floor: Row, repeat: int, warmup: int) -> list[str]:
    """Time proselint and textlint where installed; return notes for the ones skipped."""
    notes: list[str] = []
    peers = Path(os.environ.get("PEERS", "/tmp/peers"))
    files = [str(corpus / name) for name in sorted(manifest["files"])]
    nbytes, docs = corpus_bytes(manifest), len(files)

    proselint = peers / "venv" / "bin" / "proselint"
    if proselint.is_file():
        row = Row("proselint", "peer", docs, nbytes, [str(proselint), "check", *files], floor=floor)
        bench.time(row, bench.workdir, repeat, warmup, ok_codes=None)
    else:
        notes.append(f"proselint skipped: {proselint} not found (PEERS={peers})")

    node_bin = peers / "node" / "node_modules" / ".bin" / "textlint"
    if node_bin.is_file() and shutil.which("node"):
        config = peers / "node" / ".textlintrc.json"
        if not config.is_file():
            config = bench.workdir / "textlintrc-terminology.json"
            config.write_text('{"rules": {"terminology": true}}\n', encoding="utf-8")
        rules = ", ".join(json.loads(config.read_text(encoding="utf-8")).get("rules", {}))
        row = Row(
            f"textlint ({rules})",
            "peer",
            docs,
            nbytes,
            [str(node_bin), "--config", str(config), *files],
            floor=floor,
        )
        # textlint resolves its rule packages from the working directory's node_modules.
        bench.time(row, peers / "node", repeat, warmup, ok_codes=None)
    else:
        notes.append(f"textlint skipped: {node_bin} or node not found (PEERS={peers})")
    for row in bench.rows:
        if row.group == "peer" and row.ok and any(s.rc > 1 for s in row.samples):
            row.note = f"exit status {sorted({s.rc for s in row.samples})}; check the peer works"
            notes.append(f"{row.name}: {row.note}")
    return notes


def run(args: argparse.Namespace) -> dict:
    workdir = args.workdir.resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(workdir, verbose=not args.quiet, pycache=args.pycache)
    notes: list[str] = []
    load_before = _loadavg()
    want = args.only.__contains__

    corpus, manifest = ensure_corpus(workdir, args.files, args.words, args.seed, args.site, bench.log)
    nbytes = corpus_bytes(manifest)
    version, klint_error = klint_version(bench)
    if klint_error:
        notes.append(f"klint cannot run: {klint_error}")
        bench.log(f"klint: ERROR {klint_error}")
    use_klint = klint_error is None

    # A folder of its own for klint's cache (.klint_cache lives in the working directory).
    rundir = workdir / "run"
    if rundir.exists():
        shutil.rmtree(rundir)
    rundir.mkdir()

    def timed(name: str, group: str, docs: int, size: int, cmd: list[str], floor: Row | None = None) -> Row:
        big = docs > args.files and args.big_repeat is not None
        repeat = args.big_repeat if big else args.repeat
        return bench.time(Row(name, group, docs, size, cmd, floor=floor), rundir, repeat, args.warmup)

    # Untimed priming runs, so that no counted run pays for compiling bytecode.
    first = corpus / sorted(manifest["files"])[0]
    bench.once(floor_cmd(first), rundir)
    if use_klint:
        bench.once(klint_cmd("check", "--no-cache", str(first)), rundir)
        bench.once(klint_cmd("check", str(first)), rundir)  # fills the rule-set cache

    # Main corpus.  The floor row always runs: every ratio needs it.
    floor = timed("floor (read + parse)", "main", args.files, nbytes, floor_cmd(corpus))
    sanity: dict = {}
    cold: Row | None = None
    if use_klint and want("cold"):
        cold_run = cold_cmd("--format", "json", str(corpus))
        cold = timed("klint cold", "main", args.files, nbytes, cold_run, floor)
        nothing_cached = klint_cmd("check", "--no-cache", "--format", "json", str(corpus))
        timed("klint cold --no-cache", "main", args.files, nbytes, nothing_cached, floor)
    if use_klint and want("warm"):
        if (rundir / ".klint_cache").exists():
            shutil.rmtree(rundir / ".klint_cache")
        stamp = _source_stamp()
        sanity = sanity_run(bench, corpus, args.files, rundir)  # untimed; fills the cache
        if "error" in sanity:
            notes.append(f"klint cached run failed: {sanity['error']}")
        warm_cmd = klint_cmd("check", "--format", "json", str(corpus))
        warm = timed("klint warm (cache)", "main", args.files, nbytes, warm_cmd, floor)
        if _source_stamp() != stamp:
            warm.note = (
                "klint's source changed during these runs; its cache key covers them, so runs may have missed"
            )
            notes.append(f"klint warm: {warm.note}")
    if use_klint and want("jobs"):
        jobs_cmd = cold_cmd("--jobs", str(args.jobs), "--format", "json", str(corpus))
        timed(f"klint cold --jobs {args.jobs}", "main", args.files, nbytes, jobs_cmd, floor)

    # One file: process start to exit, as a pre-commit hook would run it; one uncounted run first.
    if want("one"):
        onedir = workdir / "one"
        if onedir.exists():
            shutil.rmtree(onedir)
        onedir.mkdir()
        shutil.copyfile(corpus / sorted(manifest["files"])[0], onedir / "one.md")
        size = (onedir / "one.md").stat().st_size
        floor1 = Row("floor: one file", "one", 1, size, floor_cmd(Path("one.md")))
        bench.time(floor1, onedir, args.one_repeat, 1)
        if use_klint:
            rows_one = [
                ("klint one file", klint_cmd("check", "one.md")),
                ("klint one file --no-cache", klint_cmd("check", "--no-cache", "one.md")),
            ]
            if os.name == "posix":  # what a hook meets: a file changed since the cache last saw it
                check = " ".join(shlex.quote(a) for a in klint_cmd("check", "changed.md"))
                edit = 'cp one.md changed.md && printf "\\n<!-- edit %s -->\\n" "$$" >> changed.md'
                rows_one.append(("klint one file, changed", ["sh", "-c", f"{edit} && exec {check}"]))
            for name, cmd in rows_one:
                bench.time(Row(name, "one", 1, size, cmd, floor=floor1), onedir, args.one_repeat, 1)

    # Scaling: klint cold (and the floor) at each size, all documents of one site.
    scaling: dict[int, tuple[Row, Row | None]] = {}
    for n in args.scales if want("scaling") else ():
        if n == args.files and cold is not None:
            scaling[n] = (floor, cold)
            continue
        folder, m = ensure_corpus(workdir, n, args.words, args.seed, args.site, bench.log)
        size = corpus_bytes(m)
        f = timed("floor (read + parse)", "scaling", n, size, floor_cmd(folder))
        k = None
        if use_klint:
            k = timed("klint cold", "scaling", n, size, cold_cmd("--format", "json", str(folder)), f)
        scaling[n] = (f, k)

    if args.peers:
        notes += peer_rows(bench, corpus, manifest, floor, args.repeat, args.warmup)
    load_after = _loadavg()
    if load_before and load_before[0] > 0.5:
        notes.append(
            f"the machine was busy when the run started (load average {load_before[0]:.2f}); "
            "figures may be noisy"
        )

    targets = check_targets(bench, args, scaling)
    return {
        "schema": "klint-bench/1",
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine_info(),
        "load_average": {"before": load_before, "after": load_after},
        "klint_version": version,
        "args": {k: _jsonable(v) for k, v in vars(args).items()},
        "corpus": {
            "path": str(corpus),
            "docs": args.files,
            "bytes": nbytes,
            "words": sum(e["words"] for e in manifest["files"].values()),
            "median_words": statistics.median(e["words"] for e in manifest["files"].values()),
            "planted": manifest.get("totals", {}),
        },
        "klint_output": sanity,
        "rows": [r.as_json() for r in bench.rows],
        "scaling": scaling_json(scaling),
        "targets": targets,
        "notes": notes,
        "_rows": bench.rows,
        "_scaling": scaling,
    }


def _jsonable(value: object) -> object:
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set):
        return sorted(value)
    return value


def _source_stamp() -> tuple[float, int]:
    """Newest mtime and count of the checkout's klint sources: an edit there empties klint's cache."""
    files = list((REPO / "klint").rglob("*.py"))
    return max((f.stat().st_mtime for f in files), default=0.0), len(files)


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (AttributeError, OSError):
        return None


def machine_info() -> dict:
    info = {
        "platform": platform.platform(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "executable": sys.executable,
        "PYTHONDONTWRITEBYTECODE": os.environ.get("PYTHONDONTWRITEBYTECODE"),
    }
    try:
        import importlib.metadata as md

        info["markdown_it_py"] = md.version("markdown-it-py")
    except Exception:  # not installed: the floor rows will say so
        info["markdown_it_py"] = None
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            names = [line.split(":", 1)[1].strip() for line in f if line.startswith("model name")]
        info["cpu"] = names[0] if names else None
    except OSError:
        info["cpu"] = platform.processor() or None
    return info


def _per_doc(row: Row | None) -> float | None:
    return row.median / row.docs if row is not None and row.ok else None


def scaling_json(scaling: dict[int, tuple[Row, Row | None]]) -> list[dict]:
    ref = _per_doc(scaling.get(1000, (None, None))[1])
    out = []
    for n, (f, k) in sorted(scaling.items()):
        per = _per_doc(k)
        out.append(
            {
                "docs": n,
                "klint_s": round(k.median, 3) if k is not None and k.ok else None,
                "klint_s_per_doc": round(per, 6) if per else None,
                "relative_to_1000": round(per / ref, 3) if per and ref else None,
                "floor_s": round(f.median, 3) if f.ok else None,
                "floor_s_per_doc": round(f.median / n, 6) if f.ok else None,
                "peak_mib": round(k.peak_mib, 1) if k is not None and k.ok else None,
            }
        )
    return out


def check_targets(
    bench: Bench, args: argparse.Namespace, scaling: dict[int, tuple[Row, Row | None]]
) -> list[dict]:
    """The issue's targets, each met / not met / n/a with the figures behind it."""
    rows = {r.name: r for r in bench.rows if r.group in ("main", "one")}
    peers = {r.name.split(" ")[0]: r for r in bench.rows if r.group == "peer"}
    out: list[dict] = []

    def add(name: str, met: bool | None, detail: str) -> None:
        out.append(
            {"target": name, "status": {True: "met", False: "not met", None: "n/a"}[met], "detail": detail}
        )

    def good(*rs: Row | None) -> bool:
        return all(r is not None and r.ok for r in rs)

    cold, floor = rows.get("klint cold"), rows.get("floor (read + parse)")
    note = (
        ""
        if args.files == 1000 and abs(args.words - 1500) <= 150
        else f" (measured on {args.files} docs of ~{args.words} words)"
    )
    if good(cold, floor):
        r = cold.median / floor.median
        add(
            "default rule sets within 2x the parse floor, 1000 docs of ~1500 words",
            r <= 2.0,
            f"{r:.2f}x floor{note}",
        )
    else:
        add(
            "default rule sets within 2x the parse floor, 1000 docs of ~1500 words",
            None,
            "not measured in this run",
        )

    # What a pre-commit hook pays: klint's default options, on a file the result cache has seen
    # and on one that changed since (the row that lints it; it falls back to --no-cache).
    changed = rows.get("klint one file, changed") or rows.get("klint one file --no-cache")
    ones = [rows.get("klint one file"), changed]
    if good(*ones):
        slowest = max(r.median for r in ones if r is not None)
        detail = ", ".join(f"{r.name}: {r.median:.3f} s" for r in ones if r is not None)
        add("one-file run < 0.3 s", slowest < 0.3, f"medians of {args.one_repeat}: {detail}")
    else:
        add("one-file run < 0.3 s", None, "not measured in this run")

    ref = _per_doc(scaling.get(1000, (None, None))[1])
    for n in (100, 10000):
        k = scaling.get(n, (None, None))[1]
        per = _per_doc(k)
        if per and ref:
            rel = per / ref
            add(
                f"per-document time at {n} within 20% of 1000",
                abs(rel - 1) <= 0.2,
                f"{rel:.2f}x the 1000-doc figure ({per * 1000:.2f} vs {ref * 1000:.2f} ms/doc)",
            )
        else:
            add(
                f"per-document time at {n} within 20% of 1000",
                None,
                "needs klint cold at 1000 and at this size (--scales)",
            )
    k10 = scaling.get(10000, (None, None))[1]
    if good(k10):
        add("peak memory < 1 GB at 10000 docs", k10.peak_mib * MIB < 1e9, f"{k10.peak_mib:.0f} MiB")
    else:
        add("peak memory < 1 GB at 10000 docs", None, "needs klint cold at 10000 (--scales)")

    warm = rows.get("klint warm (cache)")
    if good(warm, cold):
        r = warm.median / cold.median
        add(
            "warm re-run <= 10% of cold",
            r <= 0.10,
            f"{r * 100:.1f}% ({warm.median:.3f} s vs {cold.median:.3f} s)",
        )
    else:
        add("warm re-run <= 10% of cold", None, "not measured in this run")

    prose = peers.get("proselint")
    jobs = rows.get(f"klint cold --jobs {args.jobs}")
    for label, row, need in (("single process", cold, 6.0), (f"--jobs {args.jobs}", jobs, 10.0)):
        name = f">= {need:g}x proselint's throughput, {label}"
        if good(row, prose):
            r = row.mbps / prose.mbps
            add(name, r >= need, f"{r:.1f}x ({row.mbps:.2f} vs {prose.mbps:.2f} MB/s)")
        else:
            add(name, None, "needs --peers with proselint installed, and this klint row")
    return out


# --------------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------------

COLUMNS = ("name", "docs", "MB", "median s", "min–max s", "MB/s", "× floor", "peak MiB", "tree MiB")


def table_rows(rows: list[Row]) -> list[list[str]]:
    out = []
    for r in rows:
        if not r.ok:
            out.append(
                [r.name, str(r.docs), f"{r.nbytes / 1e6:.2f}", "FAILED", r.error or "", "", "", "", ""]
            )
            continue
        lo, hi = r.spread
        ratio = "" if r.ratio is None else f"{r.ratio:.2f}"
        tree = f"{r.tree_mib:.0f}" if r.tree_mib else ""
        out.append(
            [
                r.name,
                str(r.docs),
                f"{r.nbytes / 1e6:.2f}",
                f"{r.median:.3f}",
                f"{lo:.3f}–{hi:.3f}",
                f"{r.mbps:.2f}",
                ratio,
                f"{r.peak_mib:.0f}",
                tree,
            ]
        )
    return out


def render(result: dict, markdown: bool) -> str:
    rows: list[Row] = result["_rows"]
    body = table_rows(rows)
    lines: list[str] = []
    c = result["corpus"]
    m = result["machine"]
    lines.append(
        f"klint {result['klint_version'] or '(not runnable)'} · Python {m['python']} · markdown-it-py "
        f"{m['markdown_it_py']} · {m['cpus']} CPUs ({m.get('cpu') or m['machine']}) · {result['date']}"
    )
    lines.append(
        f"Corpus: {c['docs']} docs, {c['bytes'] / 1e6:.2f} MB, median {c['median_words']:.0f} words "
        f"(seed {result['args']['seed']}, one site). Median of {result['args']['repeat']} runs "
        f"({result['args']['one_repeat']} for one file)."
    )
    lines.append("")
    if markdown:
        lines.append("| " + " | ".join(COLUMNS) + " |")
        lines.append("|" + "|".join(["---"] + ["---:"] * (len(COLUMNS) - 1)) + "|")
        lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in body]
    else:
        widths = [max(len(COLUMNS[i]), *(len(row[i]) for row in body)) for i in range(len(COLUMNS))]
        widths[4] = min(widths[4], 60)

        def fmt(row: list[str]) -> str:
            return "  ".join(
                cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
            )

        lines.append(fmt(list(COLUMNS)))
        lines.append("  ".join("-" * w for w in widths))
        lines += [fmt(row) for row in body]
    if result["scaling"]:
        lines.append("")
        head = ("docs", "klint s", "ms/doc", "vs 1000", "floor ms/doc", "peak MiB")
        srows = [
            [
                str(s["docs"]),
                _fmt(s["klint_s"], "{:.3f}"),
                _fmt(s["klint_s_per_doc"] and s["klint_s_per_doc"] * 1000, "{:.2f}"),
                _fmt(s["relative_to_1000"], "{:.2f}"),
                _fmt(s["floor_s_per_doc"] and s["floor_s_per_doc"] * 1000, "{:.2f}"),
                _fmt(s["peak_mib"], "{:.0f}"),
            ]
            for s in result["scaling"]
        ]
        if markdown:
            lines.append("Scaling (klint cold, one site):")
            lines.append("")
            lines.append("| " + " | ".join(head) + " |")
            lines.append("|" + "|".join(["---:"] * len(head)) + "|")
            lines += ["| " + " | ".join(r) + " |" for r in srows]
        else:
            lines.append("Scaling (klint cold, one site):")
            lines += ["  ".join(f"{c:>12}" for c in row) for row in [list(head), *srows]]
    lines.append("")
    lines.append("Targets:" if not markdown else "Targets:\n")
    for t in result["targets"]:
        mark = {"met": "met", "not met": "NOT MET", "n/a": "n/a"}[t["status"]]
        lines.append(
            f"- {t['target']}: **{mark}** ({t['detail']})"
            if markdown
            else f"  [{mark:^7}] {t['target']}: {t['detail']}"
        )
    if result["klint_output"]:
        k = result["klint_output"]
        lines.append("")
        if "error" in k:
            lines.append(f"klint output check: ERROR {k['error']}")
        else:
            lines.append(
                f"klint output check: {k.get('files_checked')} files checked, {k.get('findings')} findings "
                f"{k.get('findings_by_category')}, {k.get('errors')} file errors"
                + (f" — WARNING {k['warning']}" if "warning" in k else "")
            )
    for n in result["notes"]:
        lines.append(f"note: {n}")
    return "\n".join(lines)


def _fmt(value: float | None, spec: str) -> str:
    return "" if value is None else spec.format(value)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--files", type=int, default=1000, help="documents in the main corpus (default 1000)")
    ap.add_argument(
        "--words", type=int, default=make_corpus.DEFAULT_WORDS, help="words per document (default 1500)"
    )
    ap.add_argument("--seed", type=int, default=1, help="corpus seed (default 1)")
    ap.add_argument(
        "--site", default=make_corpus.DEFAULT_SITE, help="the one front-matter site of every document"
    )
    ap.add_argument("--repeat", type=int, default=3, help="counted runs per row (default 3)")
    ap.add_argument("--warmup", type=int, default=0, help="uncounted runs before each row (default 0)")
    ap.add_argument(
        "--one-repeat", type=int, default=10, help="counted runs of the one-file rows (default 10)"
    )
    ap.add_argument(
        "--big-repeat",
        type=int,
        help="counted runs of the scaling rows larger than the main corpus (default: --repeat)",
    )
    ap.add_argument("--jobs", type=int, default=2, help="the --jobs row's process count (default 2)")
    ap.add_argument(
        "--scales",
        default="100,1000,10000",
        help="comma-separated corpus sizes for the scaling rows; '' for none (default 100,1000,10000)",
    )
    ap.add_argument(
        "--only",
        default=",".join(ROW_GROUPS),
        help=f"comma-separated rows to run besides the floor (default all: {','.join(ROW_GROUPS)})",
    )
    ap.add_argument("--peers", action="store_true", help="time proselint and textlint too, where installed")
    ap.add_argument("--out", type=Path, help="write the full results as JSON here")
    ap.add_argument("--markdown", action="store_true", help="print the tables as Markdown")
    ap.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "klint-bench",
        help="where corpora are generated and cached (default: $TMPDIR/klint-bench)",
    )
    ap.add_argument(
        "--pycache",
        choices=("prefix", "env"),
        default="prefix",
        help="prefix (default): measured processes keep compiled bytecode under WORKDIR/pycache "
        "(PYTHONPYCACHEPREFIX), as an installed klint would; env: leave the environment's bytecode settings",
    )
    ap.add_argument("--quiet", action="store_true", help="no progress on stderr")
    args = ap.parse_args(argv)
    try:
        args.scales = sorted({int(x) for x in args.scales.split(",") if x.strip()})
    except ValueError:
        ap.error("--scales takes comma-separated integers, e.g. 100,1000,10000")
    args.only = {x.strip() for x in args.only.split(",") if x.strip()}
    if args.only - set(ROW_GROUPS):
        ap.error(f"--only takes some of {','.join(ROW_GROUPS)}")
    if args.files < 1 or args.repeat < 1 or args.one_repeat < 1 or any(n < 1 for n in args.scales):
        ap.error("--files, --repeat, --one-repeat and every scale must be >= 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    result = run(args)
    print(render(result, args.markdown))
    if args.out:
        public = {k: v for k, v in result.items() if not k.startswith("_")}
        args.out.write_text(json.dumps(public, indent=1) + "\n", encoding="utf-8")
        print(f"\nresults written to {args.out}", file=sys.stderr)
    failed = [r for r in result["_rows"] if not r.ok]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
