"""Keeps the trained model in step with the data: trains only when something it is built from changed.

Usage: python -m bot.training [--force]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bot.settings import PROJECT_ROOT, load_settings

# Everything a model is built from; a change in any of these needs a new model.
MODEL_INPUTS = ("config.yml", "domain.yml", "data", "locales", "bot/nlu")
FINGERPRINT_FILE = "fingerprint.txt"


def input_files(root: Path = PROJECT_ROOT) -> list[Path]:
    files: list[Path] = []
    for name in MODEL_INPUTS:
        path = root / name
        if path.is_file():
            files.append(path)
        elif path.is_dir():
            files.extend(p for p in path.rglob("*") if p.is_file() and p.suffix in {".yml", ".yaml", ".py"})
    return sorted(files)


def model_settings() -> dict:
    """The part of shop.yml that is stored in the model (languages and language detection)."""
    settings = load_settings()
    return {
        "languages": list(settings.languages),
        "default_language": settings.default_language,
        "min_language_confidence": settings.min_language_confidence,
        "language_seed": settings.language_seed,
    }


def fingerprint(root: Path = PROJECT_ROOT) -> str:
    digest = hashlib.sha256(json.dumps(model_settings(), sort_keys=True).encode())
    for path in input_files(root):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def models_dir(root: Path = PROJECT_ROOT) -> Path:
    return Path(os.environ.get("SHOP_MODELS", root / "models"))


def current_model(root: Path = PROJECT_ROOT) -> Path | None:
    """The trained model when it matches the data, else None."""
    directory = models_dir(root)
    stamp = directory / FINGERPRINT_FILE
    model = directory / "current.tar.gz"
    if model.is_file() and stamp.is_file() and stamp.read_text().strip() == fingerprint(root):
        return model
    return None


def train(root: Path = PROJECT_ROOT) -> Path:
    directory = models_dir(root)
    directory.mkdir(parents=True, exist_ok=True)
    wanted = fingerprint(root)
    print("Training the Rasa model (data, config or locales changed since the last model)...", flush=True)
    started = time.monotonic()
    command = [
        sys.executable,
        "-m",
        "rasa",
        "train",
        "--config",
        str(root / "config.yml"),
        "--domain",
        str(root / "domain.yml"),
        "--data",
        str(root / "data"),
        "--out",
        str(directory),
        "--fixed-model-name",
        "current",
        "--force",
    ]
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    subprocess.run(command, check=True, cwd=root, env=env)
    (directory / FINGERPRINT_FILE).write_text(wanted + "\n")
    print(f"Model trained in {time.monotonic() - started:.0f} s: {directory / 'current.tar.gz'}", flush=True)
    return directory / "current.tar.gz"


def ensure_model(root: Path = PROJECT_ROOT, force: bool = False) -> Path:
    model = None if force else current_model(root)
    if model is not None:
        print(f"Model is current: {model}", flush=True)
        return model
    return train(root)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="train even when the model is current")
    args = parser.parse_args(argv)
    try:
        ensure_model(force=args.force)
    except subprocess.CalledProcessError as error:
        print(
            f"error: training failed (exit code {error.returncode}); see the output above.", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
