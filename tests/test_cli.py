"""The trainers' tool (`bot ...`), each command on a copy of the project's data in a temporary folder."""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from bot.cli.main import cli
from bot.cli.stories import RuleBook, Turn, build_steps
from bot.settings import PROJECT_ROOT
from bot.validate import rasa_validate_command

LANGUAGES = ("en", "es")
COPIED = ("data", "locales", "playbook", "domain.yml", "config.yml", "shop.yml")


def copy_project(target: Path, languages=LANGUAGES, intents: set[str] | None = None) -> Path:
    """The project's data, settings and labelled dialogues, restricted to `languages` (and `intents`)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        else:
            shutil.copy2(source, target / name)
    for folder in ("data/nlu", "locales"):
        for path in (target / folder).iterdir():
            if path.is_dir() and path.name not in languages:
                shutil.rmtree(path)
    shutil.rmtree(target / "data" / "stories", ignore_errors=True)
    shutil.copytree(PROJECT_ROOT / "tests" / "stories", target / "tests" / "stories")
    dialogues = target / "tests" / "data" / "persona_dialogues"
    dialogues.mkdir(parents=True)
    for language in languages:
        shutil.copy2(PROJECT_ROOT / "tests" / "data" / "persona_dialogues" / f"{language}.yml", dialogues)
    shop = (target / "shop.yml").read_text(encoding="utf-8")
    shop, count = re.subn(r"(?m)^languages:.*$", f"languages: [{', '.join(languages)}]", shop)
    assert count == 1
    (target / "shop.yml").write_text(shop, encoding="utf-8")
    if intents is not None:
        for path in (target / "data" / "nlu").rglob("*.yml"):
            content = yaml.safe_load(path.read_text(encoding="utf-8"))
            content["nlu"] = [block for block in content["nlu"] if block["intent"] in intents]
            if content["nlu"]:
                path.write_text(
                    yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8"
                )
            else:
                path.unlink()
    return target


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "shop")


def bot(project: Path, *args: str, input: str | None = None):
    result = CliRunner().invoke(cli, ["--project", str(project), *args], input=input)
    # Bad input ends in a clean message and exit code 1, never in a traceback.
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), (
        result.output
    )
    return result


def as_json(result) -> dict:
    return json.loads(result.stdout)


def examples_of(path: Path, intent: str) -> list[str]:
    for block in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"]:
        if block["intent"] == intent:
            return [line[2:] for line in block["examples"].splitlines() if line.startswith("- ")]
    return []


def rasa_env(project: Path) -> dict[str, str]:
    return dict(
        os.environ,
        SHOP_SETTINGS=str(project / "shop.yml"),
        SHOP_LOCALES=str(project / "locales"),
        RASA_TELEMETRY_ENABLED="false",
    )


# --- add-example -------------------------------------------------------------------------------


def test_add_example_appends_one_line_to_the_intents_file_and_keeps_the_rest(project: Path) -> None:
    path = project / "data" / "nlu" / "en" / "trust.yml"
    before = path.read_text(encoding="utf-8")
    result = bot(
        project,
        "add-example",
        "--intent",
        "ask_authenticity",
        "--language",
        "en",
        "r these legit nikes or reps",
    )
    assert result.exit_code == 0, result.output
    assert "data/nlu/en/trust.yml" in result.output
    after = path.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["    - r these legit nikes or reps"]
    # Exactly one line more, right after the intent's last example: everything else is byte for byte the same.
    old_examples = examples_of(project / "data" / "nlu" / "en" / "trust.yml", "ask_authenticity")
    assert old_examples[-1] == "r these legit nikes or reps"
    assert after.replace("    - r these legit nikes or reps\n", "", 1) == before


def test_add_example_refuses_an_exact_duplicate_in_that_language(project: Path) -> None:
    path = project / "data" / "nlu" / "en" / "basics.yml"
    before = path.read_text(encoding="utf-8")
    existing = examples_of(path, "greet")[0]
    result = bot(project, "add-example", "--intent", "thank", "--language", "en", existing.upper())
    assert result.exit_code == 1
    assert "already exists" in result.output and "greet" in result.output
    assert path.read_text(encoding="utf-8") == before


def test_a_test_set_message_is_refused_by_add_example_and_reported_by_check(project: Path) -> None:
    test_sets = project / "tests" / "data"
    for name in ("heldout", "blind"):
        (test_sets / name).mkdir(parents=True)
        shutil.copy2(PROJECT_ROOT / "tests" / "data" / name / "es.yml", test_sets / name)
    blind = yaml.safe_load((test_sets / "blind" / "es.yml").read_text(encoding="utf-8"))
    item = blind["intents"][0]
    # Case, punctuation and emoji do not make it a different message.
    disguised = item["text"].upper() + " !!🙂"
    path = project / "data" / "nlu" / "es" / "trust.yml"
    before = path.read_text(encoding="utf-8")
    refused = bot(project, "add-example", "--intent", item["intent"], "--language", "es", "--yes", disguised)
    assert refused.exit_code == 1
    assert "tests/data/blind/es.yml" in refused.output and "not added" in refused.output
    assert path.read_text(encoding="utf-8") == before

    heldout_text = yaml.safe_load((test_sets / "heldout" / "es.yml").read_text(encoding="utf-8"))["short"][0]
    path.write_text(
        before.replace("    - son originales?\n", f"    - son originales?\n    - {heldout_text}\n")
    )
    result = bot(project, "check", "--skip-rasa", "--json")
    assert result.exit_code == 1
    leaks = [e for e in as_json(result)["errors"] if e["kind"] == "test_leak"]
    assert len(leaks) == 1 and heldout_text in leaks[0]["message"]
    assert "tests/data/heldout/es.yml" in leaks[0]["message"]


def test_add_example_warns_about_a_near_duplicate_of_another_intent(project: Path) -> None:
    # 'no thank you' is an example of deny; 'no thank you!!' as thank is added, with a warning.
    assert "no thank you" in examples_of(project / "data" / "nlu" / "en" / "basics.yml", "deny")
    result = bot(project, "add-example", "--intent", "thank", "--language", "en", "--json", "no thank you!!")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["added"] and data["near_duplicates"][0]["intent"] == "deny"
    assert any("very close" in warning for warning in data["warnings"])
    assert "no thank you!!" in examples_of(project / "data" / "nlu" / "en" / "basics.yml", "thank")


def test_add_example_asks_when_the_detected_language_differs(project: Path) -> None:
    path = project / "data" / "nlu" / "en" / "delivery.yml"
    text = "cuanto tarda el envio a mexico, lo necesito antes del viernes"
    before = path.read_text(encoding="utf-8")
    declined = bot(project, "add-example", "--intent", "ask_shipping", "-l", "en", text, input="n\n")
    assert declined.exit_code == 1
    assert "reads this as 'es'" in declined.output
    assert path.read_text(encoding="utf-8") == before
    confirmed = bot(project, "add-example", "--intent", "ask_shipping", "-l", "en", text, input="y\n")
    assert confirmed.exit_code == 0, confirmed.output
    assert text in examples_of(path, "ask_shipping")


def test_add_example_with_yes_does_not_ask(project: Path) -> None:
    result = bot(
        project, "add-example", "--intent", "ask_shipping", "-l", "en", "--yes", "envio gratis a chile o no?"
    )
    assert result.exit_code == 0, result.output
    assert "envio gratis a chile o no?" in examples_of(
        project / "data" / "nlu" / "en" / "delivery.yml", "ask_shipping"
    )


@pytest.mark.parametrize(
    "args, message",
    [
        (["--intent", "ask_weather", "-l", "en", "is it sunny"], "not in domain.yml"),
        (["--intent", "greet", "-l", "fr", "salut"], "not one of the shop's languages"),
        (["--intent", "track_order", "-l", "en", "where is [SO-1234567](order_id)"], "entity annotation"),
        (["--intent", "greet", "-l", "en", "   "], "empty"),
    ],
)
def test_add_example_rejects_bad_input_cleanly(project: Path, args: list[str], message: str) -> None:
    before = {p: p.read_text(encoding="utf-8") for p in (project / "data").rglob("*.yml")}
    result = bot(project, "add-example", *args)
    assert result.exit_code == 1
    assert message in result.output and "Traceback" not in result.output
    assert {p: p.read_text(encoding="utf-8") for p in (project / "data").rglob("*.yml")} == before


def test_add_example_starts_the_intents_block_in_a_language_that_lacks_it(project: Path) -> None:
    path = project / "data" / "nlu" / "es" / "delivery.yml"
    content = yaml.safe_load(path.read_text(encoding="utf-8"))
    content["nlu"] = [b for b in content["nlu"] if b["intent"] != "ask_customs"]
    path.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = bot(
        project, "add-example", "--intent", "ask_customs", "-l", "es", "hay que pagar aduana en chile?"
    )
    assert result.exit_code == 0, result.output
    # Same topic file as in the other languages, with the language in the block's metadata.
    block = next(
        b for b in yaml.safe_load(path.read_text(encoding="utf-8"))["nlu"] if b["intent"] == "ask_customs"
    )
    assert block["metadata"] == {"language": "es"}
    assert block["examples"] == "- hay que pagar aduana en chile?\n"


# --- check -------------------------------------------------------------------------------------


def test_written_files_pass_rasa_data_validate_and_check(project: Path, tmp_path: Path) -> None:
    """add-example (into a block and as a new block) and review --add write data Rasa accepts."""
    assert (
        bot(
            project, "add-example", "--intent", "ask_reviews", "-l", "en", "any pics from real buyers"
        ).exit_code
        == 0
    )
    assert (
        bot(
            project, "add-example", "--intent", "ask_reviews", "-l", "es", "hay fotos de clientes reales?"
        ).exit_code
        == 0
    )
    db = tracker_store(tmp_path / "conversations.sqlite")
    assert bot(project, "review", "--db", str(db), "--add", "3", "--intent", "report_problem").exit_code == 0
    result = bot(project, "check", "--json")
    data = as_json(result)
    assert data["rasa"]["ran"] and data["rasa"]["passed"], data["rasa"]
    assert result.exit_code == 0, data["errors"]
    assert data["ok"] and not data["gaps"]


def test_check_fails_on_seeded_defects(project: Path) -> None:
    nlu = project / "data" / "nlu"
    # 1. A language missing for an intent: no Spanish ask_customs examples at all.
    delivery = nlu / "es" / "delivery.yml"
    content = yaml.safe_load(delivery.read_text(encoding="utf-8"))
    content["nlu"] = [b for b in content["nlu"] if b["intent"] != "ask_customs"]
    delivery.write_text(yaml.safe_dump(content, allow_unicode=True, sort_keys=False), encoding="utf-8")
    # 2. A duplicate: an English greeting also under thank.
    greeting = examples_of(nlu / "en" / "basics.yml", "greet")[3]
    basics = nlu / "en" / "basics.yml"
    basics.write_text(
        basics.read_text(encoding="utf-8").replace(
            "    - thx so much 😊\n", f"    - thx so much 😊\n    - {greeting}\n"
        ),
        encoding="utf-8",
    )
    # 3. A wrong-language example: a Spanish sentence in the English shipping examples.
    spanish = "hola cuanto tarda el envio a mexico, lo necesito antes del viernes porfa"
    delivery_en = nlu / "en" / "delivery.yml"
    lines = delivery_en.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.strip() == "- intent: ask_shipping") + 4
    lines.insert(at, f"    - {spanish}\n")
    delivery_en.write_text("".join(lines), encoding="utf-8")
    # 4. A playbook snippet missing in one language.
    replies = project / "locales" / "es" / "replies.yml"
    text = replies.read_text(encoding="utf-8")
    replies.write_text(
        re.sub(r"(?m)^(\s+)price_firm:", r"\1price_firm_old:", text, count=1), encoding="utf-8"
    )

    result = bot(project, "check", "--skip-rasa", "--json")
    assert result.exit_code == 1
    data = as_json(result)
    errors = [(e["kind"], e["message"]) for e in data["errors"]]
    assert data["coverage"]["ask_customs"] == {"en": data["coverage"]["ask_customs"]["en"], "es": 0}
    assert {"intent": "ask_customs", "language": "es", "examples": 0, "needed": 20} in data["gaps"]
    assert ("coverage", "intent 'ask_customs' has 0 examples, needs 20") in errors
    assert any(
        kind == "duplicate" and greeting in m and "'greet'" in m and "'thank'" in m for kind, m in errors
    )
    assert any(kind == "language" and spanish in m and "'es'" in m for kind, m in errors)
    assert any(kind == "replies" and "negotiator.price_firm" in m for kind, m in errors)

    table = bot(project, "check", "--skip-rasa")
    assert table.exit_code == 1
    row = next(line for line in table.output.splitlines() if line.startswith("ask_customs"))
    assert row.split()[-1] == "0!"
    assert "FAILED" in table.output


def test_check_fails_when_rasa_data_validate_fails(project: Path) -> None:
    stories = project / "data" / "stories"
    stories.mkdir()
    (stories / "broken.yml").write_text(
        'version: "3.1"\nstories:\n  - story: broken\n    steps:\n      - intent: greet\n'
        "      - action: utter_nothing\n",
        encoding="utf-8",
    )
    result = bot(project, "check", "--json")
    assert result.exit_code == 1
    data = as_json(result)
    assert data["rasa"]["ran"] and not data["rasa"]["passed"]
    assert any(e["kind"] == "rasa" and "utter_nothing" in e["message"] for e in data["errors"])


def test_evaluate_rejects_folds_with_split(project: Path) -> None:
    result = bot(project, "evaluate", "--folds", "3", "--split", "0.3")
    assert result.exit_code == 1 and "either --folds or --split" in result.output
    assert not (project / "results").exists()


def test_check_passes_the_clean_copy_without_rasa_and_lists_warnings(project: Path) -> None:
    result = bot(project, "check", "--skip-rasa")
    assert result.exit_code == 0, result.output
    assert "Examples per intent and language" in result.output and "OK:" in result.output


# --- review ------------------------------------------------------------------------------------


def tracker_store(path: Path) -> Path:
    """A conversation store written by Rasa's own SQLTrackerStore, as the running assistant writes it."""
    from rasa.core.tracker_store import SQLTrackerStore
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import ActionExecuted, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    def said(text: str, ranking: list[tuple[str, float]], language: str) -> UserUttered:
        intent = {"name": ranking[0][0], "confidence": ranking[0][1]}
        return UserUttered(
            text,
            intent=intent,
            parse_data={
                "intent": intent,
                "entities": [],
                "text": text,
                "language": {"name": language, "confidence": 0.93},
                "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking],
            },
        )

    domain = Domain.load(str(PROJECT_ROOT / "domain.yml"))
    store = SQLTrackerStore(domain, dialect="sqlite", db=str(path))
    events = [
        said("hola buenas", [("greet", 0.99)], "es"),  # id 1
        ActionExecuted("action_respond"),  # id 2
        said(
            "la caja llego abollada y el reloj no enciende",
            [("nlu_fallback", 0.45), ("report_problem", 0.4)],
            "es",
        ),
        said("hi what's up'; DROP TABLE events; --", [("chitchat", 0.31), ("greet", 0.3)], "en"),  # id 4
        said("thanks!!", [("thank", 0.97)], "en"),  # id 5
    ]
    asyncio.run(store.save(DialogueStateTracker.from_events("buyer-1", events, domain.slots)))
    return path


def test_review_lists_unsure_messages_and_adds_one_in_one_step(project: Path, tmp_path: Path) -> None:
    db = tracker_store(tmp_path / "conversations.sqlite")
    listed = bot(project, "review", "--db", str(db), "--json")
    assert listed.exit_code == 0, listed.output
    messages = as_json(listed)["messages"]
    assert [(m["id"], m["intent"]) for m in messages] == [(4, "chitchat"), (3, "nlu_fallback")]
    assert messages[1]["guess"] == "report_problem" and messages[1]["language"] == "es"

    added = bot(project, "review", "--db", str(db), "--add", "3", "--intent", "report_problem")
    assert added.exit_code == 0, added.output
    path = project / "data" / "nlu" / "es" / "aftersales.yml"
    assert "la caja llego abollada y el reloj no enciende" in examples_of(path, "report_problem")
    # The same message again is refused like any duplicate; the listing now marks it.
    again = bot(project, "review", "--db", str(db), "--add", "3", "--intent", "report_problem")
    assert again.exit_code == 1 and "already exists" in again.output
    assert as_json(bot(project, "review", "--db", str(db), "--json"))["messages"][1]["known"] is True
    # The quote in a buyer's message is data, not SQL: the store is intact.
    assert (
        len(as_json(bot(project, "review", "--db", str(db), "--json", "--threshold", "1"))["messages"]) == 4
    )


def test_review_threshold_and_errors(project: Path, tmp_path: Path) -> None:
    db = tracker_store(tmp_path / "conversations.sqlite")
    low = as_json(bot(project, "review", "--db", str(db), "--json", "--threshold", "0.3"))["messages"]
    assert [m["id"] for m in low] == [3]
    env_db = CliRunner().invoke(cli, ["--project", str(project), "review"], env={"TRACKER_DB": str(db)})
    assert env_db.exit_code == 0 and "la caja llego abollada" in env_db.output
    missing = bot(project, "review", "--db", str(tmp_path / "nope.sqlite"))
    assert missing.exit_code == 1 and "no conversation store" in missing.output
    not_user = bot(project, "review", "--db", str(db), "--add", "2", "--intent", "greet")
    assert not_user.exit_code == 1 and "no buyer message with id 2" in not_user.output


# --- add-dialogue (without a model) ------------------------------------------------------------


def test_add_dialogue_needs_a_model_and_says_how_to_get_one(project: Path, tmp_path: Path) -> None:
    transcript = tmp_path / "chat.txt"
    transcript.write_text("buyer: hello\nagent: hi!\n", encoding="utf-8")
    result = bot(project, "add-dialogue", str(transcript), "--yes")
    assert result.exit_code == 1
    assert "no trained model" in result.output and "make train" in result.output


def test_add_dialogue_rejects_a_malformed_transcript(project: Path, tmp_path: Path) -> None:
    transcript = tmp_path / "chat.txt"
    transcript.write_text("buyer: hello\nthe agent said hi\n", encoding="utf-8")
    result = bot(project, "add-dialogue", str(transcript), "--yes")
    assert result.exit_code == 1 and "line 2" in result.output


def flow_turns(story: dict) -> list[Turn]:
    """The buyer turns of a hand-written story: intents, entities and the values they gave."""
    turns = []
    steps = story["steps"]
    for index, step in enumerate(steps):
        if "intent" not in step:
            continue
        entities = tuple({"entity": k, "value": v} for e in step.get("entities", []) for k, v in e.items())
        text = "ok"
        for later in steps[index + 1 :]:
            if "intent" in later:
                break
            for item in later.get("slot_was_set", []):
                for slot, value in item.items():
                    if slot != "requested_slot" and value is not None:
                        text = str(value)
        turns.append(Turn(text, step["intent"], entities))
    return turns


@pytest.mark.parametrize(
    "story",
    yaml.safe_load((PROJECT_ROOT / "tests" / "stories" / "flows.yml").read_text(encoding="utf-8"))["stories"],
    ids=lambda story: story["story"],
)
def test_story_steps_follow_the_rules_like_the_hand_written_flow_stories(story: dict) -> None:
    from bot.cli.common import resolve_project

    result = build_steps(flow_turns(story), RuleBook.load(resolve_project(PROJECT_ROOT)))
    written = [{k: v for k, v in step.items() if not k.startswith("_")} for step in result.steps]
    expected = [{k: v for k, v in step.items() if k != "entities"} for step in story["steps"]]
    assert written == expected
    assert not result.notes


# --- add-dialogue and evaluate with a small trained model --------------------------------------


@pytest.fixture(scope="session")
def small_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model of the English and Spanish copy, trained with 2 DIET epochs (cheap, not accurate)."""
    root = copy_project(tmp_path_factory.mktemp("small") / "shop")
    config = yaml.safe_load((root / "config.yml").read_text(encoding="utf-8"))
    for component in config["pipeline"]:
        if component["name"] == "DIETClassifier":
            component["epochs"] = 2
    (root / "config_small.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    command = [
        sys.executable, "-m", "rasa", "train", "--config", str(root / "config_small.yml"),
        "--domain", str(root / "domain.yml"), "--data", str(root / "data"),
        "--out", str(root / "models"), "--fixed-model-name", "current",
    ]  # fmt: skip
    result = subprocess.run(
        command, cwd=root, env=rasa_env(root), capture_output=True, text=True, timeout=1800
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return root / "models" / "current.tar.gz"


TRANSCRIPT = """\
# a buyer from Spain, pasted from the chat
buyer: hola, es original?
agent: Sí, todos nuestros productos son originales, con garantía.
buyer: quiero devolver mi pedido
agent: Claro, ¿cuál es el número de pedido?
buyer: SO-4823917
agent: ¿Por qué quieres devolverlo?
buyer: me quedan pequeñas
agent: ¿Confirmas la devolución del pedido SO-4823917?
buyer: si
buyer: gracias!!
"""
CONFIRMED = ["ask_authenticity", "request_return", "track_order", "report_problem", "affirm", "thank"]


@pytest.mark.model
def test_add_dialogue_from_transcript_to_a_passing_test_story(
    small_model: Path, project: Path, tmp_path: Path
) -> None:
    transcript = tmp_path / "zapatillas.txt"
    transcript.write_text(TRANSCRIPT, encoding="utf-8")
    dialogues = project / "tests" / "data" / "persona_dialogues" / "es.yml"
    before = yaml.safe_load(dialogues.read_text(encoding="utf-8"))["dialogues"]
    # The trainer types every intent (the 2-epoch model is not trusted) and accepts the persona.
    answers = "\n".join(CONFIRMED) + "\ny\n"
    result = bot(
        project,
        "add-dialogue",
        str(transcript),
        "--model",
        str(small_model),
        "--training-story",
        input=answers,
    )
    assert result.exit_code == 0, result.output
    assert "What the model reads" in result.output and "persona so far" in result.output

    story_file = project / "tests" / "stories" / "trainer_zapatillas.yml"
    steps = yaml.safe_load(story_file.read_text(encoding="utf-8"))["stories"][0]["steps"]
    assert [s["intent"] for s in steps if "intent" in s] == CONFIRMED
    assert [s.get("user") for s in steps if "intent" in s][0] == "hola, es original?\n"
    actions = [s["action"] for s in steps if "action" in s]
    assert actions == [
        "action_respond", "action_respond", "return_form", "return_form", "return_form",
        "action_confirm_return", "action_submit_return", "action_respond",
    ]  # fmt: skip
    assert {"slot_was_set": [{"order_id": "SO-4823917"}]} in steps
    assert {"slot_was_set": [{"return_reason": "me quedan pequeñas"}]} in steps

    # The persona dialogue was appended; the existing ones are untouched.
    after = yaml.safe_load(dialogues.read_text(encoding="utf-8"))["dialogues"]
    assert after[:-1] == before
    assert after[-1]["id"] == "es_trainer_zapatillas"
    assert after[-1]["turns"][2] == "SO-4823917"
    assert set(after[-1]["expected"]) == {"habit", "personality", "review", "tier", "customer_type"}

    # The test story passes against the model; the training story passes Rasa's validation.
    test = subprocess.run(
        [sys.executable, "-m", "rasa", "test", "core", "--model", str(small_model), "--stories", str(story_file),
         "--out", str(tmp_path / "results"), "--fail-on-prediction-errors", "--no-plot"],
        cwd=project, env=rasa_env(project), capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert test.returncode == 0, test.stdout[-3000:] + test.stderr[-3000:]
    assert (project / "data" / "stories" / "trainer_zapatillas.yml").is_file()
    validate = subprocess.run(
        rasa_validate_command(project), cwd=project, env=rasa_env(project), capture_output=True, text=True
    )
    assert validate.returncode == 0, validate.stdout[-3000:] + validate.stderr[-3000:]

    # The same name again is refused instead of overwriting the trainer's story.
    again = bot(project, "add-dialogue", str(transcript), "--model", str(small_model), "--yes")
    assert again.exit_code == 1 and "already exists" in again.output


@pytest.mark.model
def test_add_dialogue_yes_accepts_the_model_and_reports_json(
    small_model: Path, project: Path, tmp_path: Path
) -> None:
    transcript = tmp_path / "short.txt"
    transcript.write_text("buyer: hi\nagent: hello!\nbuyer: thanks, bye\n", encoding="utf-8")
    result = bot(project, "add-dialogue", str(transcript), "--model", str(small_model), "--yes", "--json")
    assert result.exit_code == 0, result.output
    data = as_json(result)
    assert data["test_story"] == "tests/stories/trainer_short.yml"
    assert [t["intent"] for t in data["turns"]] == [t["predicted_intent"] for t in data["turns"]]
    assert all(t["language"] in LANGUAGES for t in data["turns"])
    assert data["persona_dialogue"]["id"] == f"{data['language']}_trainer_short"


@pytest.mark.model
def test_evaluate_writes_the_report_the_picture_and_what_got_worse(tmp_path: Path) -> None:
    intents = {"greet", "thank", "ask_shipping", "haggle_price"}
    project = copy_project(tmp_path / "tiny", intents=intents)
    # A previous report where everything was perfect: this run can only be worse.
    previous = project / "results" / "evaluation" / "20000101-000000"
    previous.mkdir(parents=True)
    perfect = {"f1": 1.0, "precision": 1.0, "recall": 1.0, "support": 10}
    (previous / "report.json").write_text(
        json.dumps(
            {
                "intent": {
                    "overall": {"accuracy": 1.0, "macro_f1": 1.0},
                    "per_intent": {intent: perfect for intent in intents},
                    "per_language": {lang: {"macro_f1": 1.0} for lang in LANGUAGES},
                },
                "language_id": {"per_language": {lang: 1.0 for lang in LANGUAGES}},
                "persona": {"accuracy": 1.0, "per_axis": {}},
            }
        ),
        encoding="utf-8",
    )
    result = bot(project, "evaluate", "--epochs", "2", "--json")
    assert result.exit_code == 0, result.output
    report = as_json(result)
    folder = project / report["report_dir"]
    assert folder.parent == project / "results" / "evaluation" and folder != previous
    for name in ("report.md", "report.json", "confusion_matrix.png"):
        assert (folder / name).is_file(), name
    assert (folder / "confusion_matrix.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(report["intent"]["per_intent"]) == intents
    assert set(report["intent"]["per_language"]) == set(LANGUAGES)
    for values in report["intent"]["per_intent"].values():
        assert 0 <= values["precision"] <= 1 and 0 <= values["recall"] <= 1 and 0 <= values["f1"] <= 1
    assert report["setup"]["epochs"] == 2 and report["setup"]["test_examples"] > 0
    assert 0 <= report["language_id"]["accuracy"] <= 1
    assert report["persona"]["dialogues"] > 0 and 0 <= report["persona"]["accuracy"] <= 1
    assert report["previous"] == "results/evaluation/20000101-000000"
    assert report["worse"], "a 2-epoch model cannot match a perfect previous report"
    markdown = (folder / "report.md").read_text(encoding="utf-8")
    assert "## What got worse" in markdown and report["worse"][0]["what"] in markdown
    assert "| en |" in markdown and "| es |" in markdown
    saved = json.loads((folder / "report.json").read_text(encoding="utf-8"))
    assert saved["intent"] == report["intent"]
