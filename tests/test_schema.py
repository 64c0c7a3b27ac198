"""The JSON Schema for editors' tools, the field reference made from it, and the line at the
top of each content file that tells VS Code which schema to use."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import markdown
import pytest
import yaml

from generator import models
from generator.diagnostics import Report
from generator.load import load_file
from generator.schema import (
    FILE_KINDS,
    OBJECTS,
    field_reference_markdown,
    file_schema,
    schema_files,
)

from .conftest import CONTENT, ROOT

SCHEMA_DIR = CONTENT / "schema"


def content_files() -> list[tuple[Path, Any]]:
    """Every content file with the kind of file it is."""
    found = []
    for kind in FILE_KINDS:
        for path in sorted(CONTENT.glob(kind.files)):
            found.append((path, kind))
    return found


def as_json(value: Any) -> Any:
    """The loaded YAML as an editor's YAML 1.2 tool sees it: dates are text."""
    if isinstance(value, dict):
        return {k: as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def test_committed_schemas_are_the_generated_ones():
    committed = {p.name: p.read_text(encoding="utf-8") for p in SCHEMA_DIR.glob("*.json")}
    assert committed == schema_files(), "run: python -m generator.schema"


def test_every_content_file_names_its_schema_on_the_first_line():
    files = content_files()
    assert len(files) >= 5
    for path, kind in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == kind.modeline, f"{path.relative_to(ROOT)}: {first!r}"
        target = path.parent / first.split("$schema=", 1)[1]
        assert target.resolve() == (SCHEMA_DIR / kind.schema_file).resolve()


def test_every_content_file_is_covered_by_a_kind():
    covered = {path for path, _ in content_files()}
    assert covered == set(CONTENT.rglob("*.yml"))


@pytest.mark.parametrize("kind", FILE_KINDS, ids=lambda k: k.schema_name)
def test_schema_is_valid_draft_2020_12(kind):
    schema = file_schema(kind)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("kind", FILE_KINDS, ids=lambda k: k.schema_name)
def test_every_object_forbids_unknown_fields_and_describes_each_in_swedish(kind):
    schema = file_schema(kind)
    objects = [schema] + [d for d in schema.get("$defs", {}).values() if "properties" in d]
    for definition in objects:
        assert definition["additionalProperties"] is False
        assert definition.get("title") and definition.get("description")
        for name, prop in definition["properties"].items():
            assert prop.get("description"), name
            assert "title" not in prop
    for name, definition in schema.get("$defs", {}).items():
        assert (definition["title"], definition["description"]) == OBJECTS[name]


def test_schemas_use_the_yaml_field_names():
    properties = file_schema(FILE_KINDS[-1])["$defs"]["Step"]["properties"]
    assert {"namn", "nästa", "checklista", "fråga", "alternativ"} <= set(properties)
    assert "next" not in properties


def test_real_content_is_valid_against_its_schema():
    for path, kind in content_files():
        report = Report()
        loaded = load_file(path, report)
        assert loaded is not None, report.sorted()
        validator = jsonschema.Draft202012Validator(file_schema(kind))
        errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validator.iter_errors(as_json(loaded.data))]
        assert not errors, f"{path.relative_to(ROOT)}: {errors[:5]}"


def test_schema_catches_what_an_editor_mistypes():
    process = yaml.safe_load((CONTENT / "processer" / "finansiell-samordning.yml").read_text("utf-8"))
    process = as_json(process)
    validator = jsonschema.Draft202012Validator(file_schema(FILE_KINDS[-1]))
    process["steg"][0]["nasta"] = process["steg"][0].pop("nästa")
    process["steg"][1]["typ"] = "besult"
    del process["steg"][2]["checklista"]
    process["steg"][3]["roller"]["ansvarar"] = ["Styrelse"]
    messages = " | ".join(e.message for e in validator.iter_errors(process))
    assert "'nasta' was unexpected" in messages
    assert "'besult' is not one of" in messages
    assert "'checklista' is a required property" in messages
    assert "'Styrelse' does not match" in messages


def test_schema_command_check_passes_on_the_repository():
    result = subprocess.run(
        [sys.executable, "-m", "generator.schema", "--check"],
        capture_output=True, text=True, check=False, cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_command_rewrites_and_check_reports_stale_files(tmp_path):
    folder = tmp_path / "schema"
    command = [sys.executable, "-m", "generator.schema"]
    written = subprocess.run([*command, str(folder)], capture_output=True, text=True,
                             check=False, cwd=ROOT)
    assert written.returncode == 0
    assert {p.name: p.read_text(encoding="utf-8") for p in folder.iterdir()} == schema_files()
    (folder / "roller.schema.json").write_text("{}\n", encoding="utf-8")
    stale = subprocess.run([*command, "--check", str(folder)], capture_output=True, text=True,
                           check=False, cwd=ROOT)
    assert stale.returncode == 1
    assert "roller.schema.json: fel: schemat stämmer inte med modellerna" in stale.stdout


# --- The field reference ---------------------------------------------------------------


def _aliases(model: type[models.Model]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def test_field_reference_has_a_section_and_a_row_per_field():
    page = field_reference_markdown()
    assert page.startswith("# Alla fält\n")
    for kind in FILE_KINDS:
        assert re.search(rf"^## {re.escape(kind.files.replace('*', chr(92) + '*'))} \{{#", page,
                         re.MULTILINE), kind.files
    every_model = [models.Source, models.Term, models.Role, models.Rule, models.SourceRef,
                   models.Process, models.Phase, models.Step, models.Roles, models.Alternative]
    for model in every_model:
        title = OBJECTS.get(model.__name__, (None,))[0]
        if model is not models.Process:
            assert f"### {title} {{#" in page, model.__name__
        for alias in _aliases(model):
            assert f"| `{alias}` |" in page, (model.__name__, alias)
    assert "| `slag` | ja | ett av värdena |" in page
    assert "`lag`, `regeringsuppdrag`, `rutin`, `ställningstagande`" in page
    assert "| `typ` | nej | ett av värdena |" in page and "utelämnat: `aktivitet`" in page


def test_field_reference_links_resolve_and_render_as_tables():
    page = field_reference_markdown()
    anchors = set(re.findall(r"\{#([a-z0-9-]+)\}", page))
    links = set(re.findall(r"\]\(#([a-z0-9-]+)\)", page))
    assert links and links <= anchors
    rendered = markdown.markdown(page, extensions=["tables", "attr_list"])
    assert rendered.count("<table>") == len(FILE_KINDS) + 9  # files + objects
    assert 'id="steg"' in rendered and 'href="#kallhanvisning"' in rendered
    assert "<code>gäller_för</code>" in rendered


def test_field_reference_escapes_descriptions(monkeypatch):
    from generator import schema as schema_module

    original = schema_module.file_schema

    def hostile(kind):
        result = original(kind)
        result["properties"][next(iter(result["properties"]))]["description"] = (
            "<script>alert(1)</script> | *x* [l](javascript:x)"
        )
        return result

    monkeypatch.setattr(schema_module, "file_schema", hostile)
    rendered = markdown.markdown(schema_module.field_reference_markdown(),
                                 extensions=["tables", "attr_list"])
    assert "<script>" not in rendered and "&lt;script&gt;" in rendered
    assert 'href="javascript' not in rendered and "<em>x</em>" not in rendered


# --- pre-commit --------------------------------------------------------------------------


def test_pre_commit_runs_the_content_check_on_content_changes():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {h["id"]: h for repo in config["repos"] if repo["repo"] == "local"
             for h in repo["hooks"]}
    check = hooks["kunskapsstod-check"]
    assert check["entry"] == "kunskapsstod check"
    assert check["language"] == "system"
    assert check["pass_filenames"] is False
    assert re.search(check["files"], "content/processer/x.yml")
    assert not re.search(check["files"], "generator/cli.py")
    schema = hooks["kunskapsstod-schema"]
    assert schema["entry"] == "python -m generator.schema --check"
    assert re.search(schema["files"], "generator/models.py")
    assert re.search(schema["files"], "content/schema/process.schema.json")


# --- The editor's guide ------------------------------------------------------------------

GUIDE = ROOT / "docs" / "redaktorsguide" / "index.md"
CHECK_LINE = re.compile(r"^(content/[^\s:]+\.yml):(\d+):(\d+): (fel|varning): \S.*$")


def _code_blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)


def test_guide_example_process_is_valid_content(content_copy):
    from generator.pipeline import read_content

    (example,) = [b for b in _code_blocks(GUIDE.read_text(encoding="utf-8"), "yaml")
                  if b.startswith(FILE_KINDS[-1].modeline)]
    process_id = yaml.safe_load(example)["id"]
    (content_copy / "processer" / f"{process_id}.yml").write_text(example, encoding="utf-8")
    graph, report = read_content(content_copy)
    assert graph is not None and not report.diagnostics, [str(d) for d in report.sorted()]
    assert process_id in {p.id for p in graph.processes}


def test_guide_example_messages_look_like_the_check_output():
    blocks = _code_blocks(GUIDE.read_text(encoding="utf-8"), "text")
    messages = [line for block in blocks for line in block.splitlines()]
    assert len(messages) >= 20
    for message in messages:
        match = CHECK_LINE.match(message)
        assert match, message
        assert (ROOT / match[1]).is_file(), message


def test_guide_links_to_the_field_reference_and_names_every_file():
    text = GUIDE.read_text(encoding="utf-8")
    assert "](falt.md)" in text
    for kind in FILE_KINDS:
        assert kind.modeline.split("$schema=")[1] in text or kind.files in text, kind.files
    assert "redhat.vscode-yaml" in text and "status: förslag" in text
