"""Timed trainings for the benchmark: the project's pipeline, Rasa's default pipeline and a stock
`rasa init` bot.

Each training runs in its own folder under results/bench/ and records how long it took in
`train.json` beside the model. A later run reuses that model (and reports the time measured then)
while what it was trained from is unchanged; `--retrain` trains again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.settings import PROJECT_ROOT

RESULTS_ROOT = PROJECT_ROOT / "results" / "bench"
CACHE = RESULTS_ROOT / "cache"
DEFAULT_CONFIG = Path(__file__).resolve().parent / "rasa_init_config.yml"
RECORD = "train.json"


@dataclass
class Training:
    name: str
    model: str
    seconds: float
    model_bytes: int
    trained_at: str
    reused: bool
    command: list[str]
    load_average_before: float
    log: str

    def as_dict(self) -> dict:
        return asdict(self)


def rasa_version() -> str:
    import rasa

    return rasa.__version__


def digest_files(paths: list[Path], extra: str = "") -> str:
    digest = hashlib.sha256(extra.encode())
    for path in sorted(paths):
        digest.update(str(path.relative_to(PROJECT_ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def load_average() -> float:
    return os.getloadavg()[0]


def env() -> dict[str, str]:
    environment = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONUNBUFFERED="1")
    # Rasa in the benchmark's own process sets LOG_LEVEL=WARNING, which would hide the trainings'
    # progress bars (the only progress they show).
    environment.pop("LOG_LEVEL", None)
    return environment


def _last_line(log: Path) -> str:
    try:
        with log.open("rb") as handle:
            handle.seek(max(0, log.stat().st_size - 4000))
            tail = handle.read().decode("utf-8", "replace")
    except OSError:
        return ""
    # tqdm rewrites its line with carriage returns: keep the latest state.
    pieces = [p.strip() for p in tail.replace("\r", "\n").splitlines() if p.strip()]
    return pieces[-1][:150] if pieces else ""


def run_logged(name: str, command: list[str], log: Path, cwd: Path, every: float = 30.0) -> float:
    """Runs a command with its output in `log`, printing progress; returns the wall time in seconds."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    stop = threading.Event()

    def progress() -> None:
        while not stop.wait(every):
            print(f"    ... {name}: {time.monotonic() - started:.0f} s, {_last_line(log)}", flush=True)

    ticker = threading.Thread(target=progress, daemon=True)
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=cwd, env=env(), stdout=output, stderr=subprocess.STDOUT)
        ticker.start()
        try:
            code = process.wait()
        except BaseException:
            process.terminate()
            process.wait(timeout=30)
            raise
        finally:
            stop.set()
    seconds = time.monotonic() - started
    if code != 0:
        raise RuntimeError(f"{name} failed (exit code {code}); see {log}")
    return seconds


def _reuse(folder: Path, fingerprint: str) -> Training | None:
    record = folder / RECORD
    if not record.is_file():
        return None
    data = json.loads(record.read_text())
    if data.get("fingerprint") != fingerprint or not Path(data["training"]["model"]).is_file():
        return None
    return Training(**{**data["training"], "reused": True})


def _train(
    name: str,
    folder: Path,
    fingerprint: str,
    command: list[str],
    find_model,
    force: bool,
    cwd: Path,
    prepare=None,
) -> Training:
    if not force:
        cached = _reuse(folder, fingerprint)
        if cached is not None:
            print(f"  {name}: reusing the model trained {cached.trained_at} ({cached.seconds:.0f} s)")
            return cached
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    if prepare is not None:
        prepare()
    log = folder / "train.log"
    print(f"  {name}: training ({' '.join(command[2:])}); output in {log}", flush=True)
    before = load_average()
    seconds = run_logged(name, command, log, cwd)
    model = find_model()
    training = Training(
        name=name,
        model=str(model),
        seconds=round(seconds, 1),
        model_bytes=model.stat().st_size,
        trained_at=time.strftime("%Y-%m-%d %H:%M:%S"),
        reused=False,
        command=command,
        load_average_before=round(before, 2),
        log=str(log),
    )
    (folder / RECORD).write_text(json.dumps({"fingerprint": fingerprint, "training": training.as_dict()}))
    print(f"  {name}: trained in {seconds:.0f} s, model {model.stat().st_size / 1e6:.1f} MB", flush=True)
    return training


def project_training(force: bool = False) -> Training:
    """A fresh training of the project's model, exactly as `python -m bot.training --force` does it,
    into its own folder (models/ is not touched)."""
    from bot.training import fingerprint

    folder = CACHE / "project_training"
    out = folder / "models"
    command = [sys.executable, "-m", "bot.training", "--force"]
    key = fingerprint() + rasa_version()

    def run_with_models_dir() -> Training:
        previous = os.environ.get("SHOP_MODELS")
        os.environ["SHOP_MODELS"] = str(out)
        try:
            return _train(
                "project pipeline", folder, key, command, lambda: out / "current.tar.gz", force, PROJECT_ROOT
            )
        finally:
            if previous is None:
                os.environ.pop("SHOP_MODELS", None)
            else:
                os.environ["SHOP_MODELS"] = previous

    return run_with_models_dir()


def default_pipeline_training(force: bool = False) -> Training:
    """Rasa's default NLU pipeline (bench/rasa_init_config.yml) trained on the project's NLU data."""
    folder = CACHE / "default_pipeline"
    data = PROJECT_ROOT / "data" / "nlu"
    files = [DEFAULT_CONFIG, *sorted(data.rglob("*.yml"))]
    key = digest_files(files, rasa_version())
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "nlu",
        "--config",
        str(DEFAULT_CONFIG),
        "--nlu",
        str(data),
        "--out",
        str(folder / "models"),
        "--fixed-model-name",
        "default-pipeline",
    ]
    return _train(
        "default pipeline",
        folder,
        key,
        command,
        lambda: folder / "models" / "default-pipeline.tar.gz",
        force,
        folder,
    )


def stock_bot(force: bool = False) -> tuple[Path, Training]:
    """A stock `rasa init` bot (moodbot), created and trained by `rasa init --no-prompt`."""
    folder = RESULTS_ROOT / "rasa_init_bot"
    project = folder / "bot"
    command = [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)]

    def find_model() -> Path:
        models = sorted((project / "models").glob("*.tar.gz"))
        if not models:
            raise RuntimeError(f"`rasa init` left no model in {project / 'models'}")
        return models[-1]

    # `rasa init --no-prompt` wants an existing, empty folder.
    training = _train(
        "stock rasa init bot", folder, rasa_version(), command, find_model, force, folder,
        prepare=lambda: project.mkdir(),
    )  # fmt: skip
    return project, training
