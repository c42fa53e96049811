"""Speed and memory: the running servers measured over HTTP on loopback.

- `/model/parse` latency, one request at a time;
- a full buyer turn through the REST channel (`POST /webhooks/rest/webhook`: message in, reply out,
  custom actions included) with 1, 10 and 50 conversations at once, each conversation a closed loop
  (the next message is sent when the reply arrives); messages per second at each level;
- resident memory (VmRSS of a server process and all its children) after warm-up and after N messages.

The servers run on free loopback ports (never 5005/5055) with their own state under results/bench/.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from bot.services import LOOPBACK, StartupError, wait_until_up

RESERVED_PORTS = {5005, 5055}
CONVERSATION_TURNS = 8


def free_port() -> int:
    """A free loopback port from the kernel's ephemeral range (as tests.conftest.free_port)."""
    while True:
        with socket.socket() as sock:
            sock.bind((LOOPBACK, 0))
            port = sock.getsockname()[1]
        if port not in RESERVED_PORTS:
            return port


# ---------------------------------------------------------------- processes and memory


def _children_map() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may contain spaces and parentheses: fields follow the last ')'.
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    return children


def process_tree(pid: int) -> list[int]:
    children = _children_map()
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found


def rss_kb(pid: int) -> int:
    """VmRSS of a process plus all its descendants, in kB."""
    total = 0
    for member in process_tree(pid):
        try:
            with open(f"/proc/{member}/status", encoding="ascii") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            continue
    return total


def cpu_ticks(pids: list[int]) -> tuple[int, int, int]:
    """(busy ticks of the machine, all ticks of the machine, ticks used by `pids` and their children)."""
    with open("/proc/stat", encoding="ascii") as handle:
        values = [int(v) for v in handle.readline().split()[1:]]
    idle = values[3] + values[4]
    total = sum(values[:8])
    ours = 0
    for root in pids:
        for member in process_tree(root):
            try:
                with open(f"/proc/{member}/stat", encoding="ascii", errors="replace") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
                ours += int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                continue
    return total - idle, total, ours


class CpuWatch:
    """How busy the machine was during a phase, and how much of it was not the benchmark."""

    def __init__(self, pids: list[int]) -> None:
        self.pids = [*pids, os.getpid()]
        self.start = cpu_ticks(self.pids)

    def result(self) -> dict[str, float]:
        busy, total, ours = cpu_ticks(self.pids)
        cores = os.cpu_count() or 1
        d_busy, d_total, d_ours = busy - self.start[0], total - self.start[1], ours - self.start[2]
        if d_total <= 0:
            return {"machine_busy_cores": 0.0, "other_processes_cores": 0.0}
        return {
            "machine_busy_cores": round(cores * d_busy / d_total, 2),
            "other_processes_cores": round(max(0.0, cores * (d_busy - d_ours) / d_total), 2),
        }


@dataclass
class Server:
    """A running assistant: where to reach it and which processes to measure."""

    name: str
    base_url: str
    token: str
    roles: dict[str, int]
    stop: Callable[[], None]
    notes: list[str] = field(default_factory=list)

    def memory(self) -> dict[str, int]:
        return {role: rss_kb(pid) for role, pid in self.roles.items()}


def start_project(model: Path, workdir: Path, name: str = "project", env: dict | None = None) -> Server:
    """The product as `make run` starts it (bot.services), on free ports with its own state."""
    from bot.services import ServiceConfig, Services

    state = workdir / "state"
    config = ServiceConfig(
        rasa_port=free_port(),
        actions_port=free_port(),
        state_dir=state,
        model=model,
        auth_token="bench-token",
        log_dir=workdir / "logs",
        extra_env={
            "TRACKER_DB": str(state / "conversations.sqlite"),
            "SHOP_DB": str(state / "shop.sqlite"),
            "SHOP_PROFILE_DB": str(state / "profiles.sqlite"),
            "SHOP_UPLOADS": str(state / "uploads"),
            "SHOP_AGENT_TOKEN": "bench-agent-token",
            "SHOP_PROFILE_SECRET": "bench-profile-secret",
            **(env or {}),
        },
    )
    services = Services(config).start()
    rasa = next(p for p in services.processes if p is not services.actions)
    return Server(
        name=name,
        base_url=config.rasa_url,
        token=services.token,
        roles={"rasa_server": rasa.pid, "action_server": services.actions.pid},
        stop=services.stop,
    )


def start_stock(project: Path, model: Path, workdir: Path, timeout: float = 300) -> Server:
    """The stock `rasa init` bot as it is generated: `rasa run` with its own credentials and endpoints
    (in-memory tracker store; its actions.py defines no custom action, so no action server)."""
    port = free_port()
    token = "bench-token"
    workdir.mkdir(parents=True, exist_ok=True)
    log = workdir / "stock_rasa.log"
    command = [
        sys.executable, "-m", "rasa", "run",
        "--model", str(model),
        "--endpoints", str(project / "endpoints.yml"),
        "--credentials", str(project / "credentials.yml"),
        "--interface", LOOPBACK,
        "--port", str(port),
        "--enable-api", "--auth-token", token,
    ]  # fmt: skip
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", PYTHONUNBUFFERED="1")
    output = log.open("ab")
    process = subprocess.Popen(
        command, cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
    )

    def stop() -> None:
        if process.poll() is None:
            os.killpg(process.pid, 15)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, 9)
        output.close()

    base = f"http://{LOOPBACK}:{port}"
    try:
        wait_until_up(f"{base}/", process, "stock Rasa server", timeout, log)
        deadline = time.monotonic() + timeout
        import urllib.request

        while time.monotonic() < deadline:
            with urllib.request.urlopen(f"{base}/status?token={token}", timeout=5) as response:
                if b'"model_file"' in response.read():
                    break
            time.sleep(0.5)
        else:
            raise StartupError("stock Rasa server did not load its model in time")
    except BaseException:
        stop()
        raise
    notes = []
    actions = (project / "actions" / "actions.py").read_text(encoding="utf-8")
    if any(line.startswith("class ") for line in actions.splitlines()):
        notes.append("the stock actions.py defines actions, but no action server was started")
    return Server("rasa init bot", base, token, {"rasa_server": process.pid}, stop, notes)


# ---------------------------------------------------------------- load


def percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def rank(q: float) -> float:
        index = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
        return ordered[index]

    return {
        "n": len(ordered),
        "p50_ms": round(rank(0.50) * 1000, 1),
        "p95_ms": round(rank(0.95) * 1000, 1),
        "p99_ms": round(rank(0.99) * 1000, 1),
        "mean_ms": round(sum(ordered) / len(ordered) * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def conversation_scripts(texts_by_language: dict[str, list[str]], count: int, seed: int) -> list[list[str]]:
    """`count` buyer conversations of CONVERSATION_TURNS messages, each in one language."""
    rng = random.Random(seed)
    languages = sorted(texts_by_language)
    scripts = []
    for n in range(count):
        pool = texts_by_language[languages[n % len(languages)]]
        scripts.append(rng.sample(pool, min(CONVERSATION_TURNS, len(pool))))
    return scripts


class Load:
    """Closed-loop conversations against one server's REST channel."""

    def __init__(self, server: Server, scripts: list[list[str]], run_id: str) -> None:
        self.server = server
        self.scripts = scripts
        self.run_id = run_id
        self.next_conversation = 0
        self.sent = 0

    def _new_conversation(self) -> tuple[str, list[str]]:
        n = self.next_conversation
        self.next_conversation += 1
        return f"{self.run_id}-{n:06d}", self.scripts[n % len(self.scripts)]

    async def run(self, concurrency: int, messages: int, on_progress=None) -> dict[str, Any]:
        import aiohttp

        latencies: list[float] = []
        problems: dict[str, int] = {}
        empty = 0
        remaining = messages
        url = f"{self.server.base_url}/webhooks/rest/webhook"

        async def worker(session: aiohttp.ClientSession) -> None:
            nonlocal remaining, empty
            sender, script = self._new_conversation()
            turn = 0
            while remaining > 0:
                remaining -= 1
                if turn == len(script):
                    sender, script = self._new_conversation()
                    turn = 0
                body = {"sender": sender, "message": script[turn]}
                turn += 1
                started = time.perf_counter()
                try:
                    async with session.post(url, json=body) as response:
                        payload = await response.read()
                        status = response.status
                except (aiohttp.ClientError, asyncio.TimeoutError) as problem:
                    problems[type(problem).__name__] = problems.get(type(problem).__name__, 0) + 1
                    continue
                elapsed = time.perf_counter() - started
                self.sent += 1
                if status != 200:
                    problems[str(status)] = problems.get(str(status), 0) + 1
                    continue
                latencies.append(elapsed)
                try:
                    if not json.loads(payload):
                        empty += 1
                except ValueError:
                    problems["bad json"] = problems.get("bad json", 0) + 1
                if on_progress is not None:
                    on_progress(self.sent)

        timeout = aiohttp.ClientTimeout(total=600)
        connector = aiohttp.TCPConnector(limit=concurrency + 5)
        pids = list(self.server.roles.values())
        watch = CpuWatch(pids)
        started = time.perf_counter()
        async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
            await asyncio.gather(*(worker(session) for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
        return {
            "concurrency": concurrency,
            "messages": len(latencies),
            "seconds": round(elapsed, 2),
            "messages_per_second": round(len(latencies) / elapsed, 2) if elapsed else 0.0,
            "latency": percentiles(latencies),
            "empty_replies": empty,
            "errors": problems,
            "cpu": watch.result(),
        }


async def parse_latency(server: Server, texts: list[str], count: int) -> dict[str, Any]:
    import aiohttp

    url = f"{server.base_url}/model/parse?token={server.token}"
    latencies = []
    errors = 0
    watch = CpuWatch(list(server.roles.values()))
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=120)) as session:
        for n in range(count):
            started = time.perf_counter()
            async with session.post(url, json={"text": texts[n % len(texts)]}) as response:
                await response.read()
                ok = response.status == 200
            if ok:
                latencies.append(time.perf_counter() - started)
            else:
                errors += 1
    return {"latency": percentiles(latencies), "errors": errors, "cpu": watch.result()}


@dataclass
class SpeedPlan:
    # Enough conversations for every language: each one's tokenizer is built on its first message.
    warmup_messages: int = 160
    warmup_concurrency: int = 8
    parse_requests: int = 300
    levels: tuple[int, ...] = (1, 10, 50)
    messages_per_level: dict[int, int] = field(default_factory=lambda: {1: 100, 10: 300, 50: 500})
    memory_messages: int = 10_000
    memory_concurrency: int = 10
    memory_samples: int = 10


def _print_level(name: str, result: dict[str, Any]) -> None:
    lat = result["latency"]
    print(
        f"    {name} @ {result['concurrency']:>2} conversations: {result['messages']} turns, "
        f"p50 {lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms, p99 {lat.get('p99_ms')} ms, "
        f"{result['messages_per_second']} msg/s, other load {result['cpu']['other_processes_cores']} cores"
        + (f", errors {result['errors']}" if result["errors"] else ""),
        flush=True,
    )


def measure(
    server: Server,
    parse_texts: list[str],
    scripts: list[list[str]],
    plan: SpeedPlan,
    memory_run: bool,
) -> dict[str, Any]:
    """Runs the whole speed (and, if asked, memory) plan against a started server."""
    load = Load(server, scripts, f"bench-{int(time.time())}")
    result: dict[str, Any] = {"notes": list(server.notes)}
    print(f"  {server.name}: warm-up ({plan.warmup_messages} turns, 50 parses)", flush=True)
    asyncio.run(load.run(plan.warmup_concurrency, plan.warmup_messages))
    asyncio.run(parse_latency(server, parse_texts, 50))
    result["memory_after_warmup_kb"] = server.memory()
    print(f"    memory after warm-up: {_fmt_memory(result['memory_after_warmup_kb'])}", flush=True)

    print(f"  {server.name}: /model/parse, {plan.parse_requests} requests one at a time", flush=True)
    result["parse"] = asyncio.run(parse_latency(server, parse_texts, plan.parse_requests))
    lat = result["parse"]["latency"]
    print(f"    parse p50 {lat.get('p50_ms')} ms, p95 {lat.get('p95_ms')} ms, p99 {lat.get('p99_ms')} ms")

    result["turns"] = {}
    for level in plan.levels:
        messages = plan.messages_per_level.get(level, 10 * level)
        result["turns"][str(level)] = asyncio.run(load.run(level, messages))
        _print_level(server.name, result["turns"][str(level)])
    result["saturation_messages_per_second"] = max(r["messages_per_second"] for r in result["turns"].values())

    if memory_run:
        # Messages since warm-up: those of the speed runs count towards the total.
        already = load.sent - plan.warmup_messages
        todo = max(0, plan.memory_messages - already)
        samples: list[dict[str, Any]] = []
        step = max(1, plan.memory_messages // plan.memory_samples)
        next_sample = [already + step - already % step]
        print(
            f"  {server.name}: memory run, {todo} more turns at {plan.memory_concurrency} conversations "
            f"({already} sent since warm-up)",
            flush=True,
        )
        started = time.monotonic()

        def progress(sent: int) -> None:
            since = sent - plan.warmup_messages
            if since >= next_sample[0]:
                next_sample[0] += step
                sample = {"messages": since, "kb": server.memory()}
                samples.append(sample)
                rate = (since - already) / max(1e-6, time.monotonic() - started)
                print(f"    {since} messages: {_fmt_memory(sample['kb'])} ({rate:.1f} msg/s)", flush=True)

        result["memory_run"] = asyncio.run(load.run(plan.memory_concurrency, todo, progress))
        result["memory_run"]["samples"] = samples
        result["messages_since_warmup"] = load.sent - plan.warmup_messages
        result["memory_after_run_kb"] = server.memory()
        result["memory_growth"] = {
            role: round(result["memory_after_run_kb"][role] / kb - 1, 4)
            for role, kb in result["memory_after_warmup_kb"].items()
            if kb
        }
        print(
            f"    memory after {result['messages_since_warmup']} messages: "
            f"{_fmt_memory(result['memory_after_run_kb'])}",
            flush=True,
        )
    else:
        result["messages_since_warmup"] = load.sent - plan.warmup_messages
        result["memory_after_run_kb"] = server.memory()
    return result


def _fmt_memory(kb: dict[str, int]) -> str:
    return ", ".join(f"{role} {value / 1024:.0f} MB" for role, value in kb.items())
