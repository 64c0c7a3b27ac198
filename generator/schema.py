"""JSON Schema for each kind of content file, and the field reference made from it.

The schemas are generated from the pydantic models (`models.py`), so the help an editor gets
while typing (VS Code with Red Hat's YAML extension reads the `# yaml-language-server:
$schema=...` line at the top of each content file) and the field reference in the editor's
guide always say the same as the validation.

    python -m generator.schema            # rewrite content/schema/*.schema.json
    python -m generator.schema --check    # exit 1 if a committed schema is out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import models
from .escape import markdown_inline
from .validate import PROCESS_DIR, ROLES_FILE, RULES_FILE, SOURCES_FILE, TERMS_FILE, slugify

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_DIR = Path("content") / "schema"


@dataclass(frozen=True)
class FileKind:
    """A kind of content file and the model that validates it."""

    schema_name: str
    """The schema's file name in content/schema/, without `.schema.json`."""
    model: type[models.Model]
    files: str
    """Which content files this is, as an editor would write it."""
    title: str
    description: str

    @property
    def schema_file(self) -> str:
        return f"{self.schema_name}.schema.json"

    @property
    def modeline(self) -> str:
        """The first line of every content file of this kind."""
        prefix = "../" if self.files.startswith(PROCESS_DIR + "/") else ""
        return f"# yaml-language-server: $schema={prefix}schema/{self.schema_file}"


FILE_KINDS = [
    FileKind("kallor", models.SourcesFile, SOURCES_FILE, "Källorna",
             "Dokumenten som Kunskapsstödet bygger på. Regler, roller, begrepp och steg "
             "hänvisar hit med källans id."),
    FileKind("begrepp", models.TermsFile, TERMS_FILE, "Begreppen",
             "Begrepp och förkortningar, förklarade på klarspråk."),
    FileKind("roller", models.RolesFile, ROLES_FILE, "Rollerna",
             "Rollerna som medverkar i processernas steg."),
    FileKind("regler", models.RulesFile, RULES_FILE, "Reglerna",
             "Lagar, regeringsuppdrag, rutiner och ställningstaganden som gäller i processerna."),
    FileKind("process", models.Process, f"{PROCESS_DIR}/*.yml", "En process",
             "En process med faser och steg; en fil per process i mappen processer/."),
]

# Swedish names for the objects inside the files (the models' own docstrings are English
# and written for developers). Every model and enum that a schema uses must be named here.
OBJECTS: dict[str, tuple[str, str]] = {
    "Source": ("Källa", "Ett dokument som Kunskapsstödet bygger på."),
    "Term": ("Begrepp", "Ett begrepp eller en förkortning."),
    "Role": ("Roll", "En roll som medverkar i stegen."),
    "Rule": ("Regel", "En regel: vad den säger, vilket slag den är, om den gäller och var den står."),
    "SourceRef": ("Källhänvisning", "Vilken källa och var i den: källans id och avsnitt."),
    "Phase": ("Fas", "En del av processen, till exempel inom eller utanför beredningsgruppen."),
    "Step": ("Steg", "Ett steg i processen: en aktivitet, ett beslut eller en delprocess."),
    "Roles": (
        "Roller i ett steg",
        (
            "Vilka roller som ansvarar för, deltar i och informeras om steget. Rollerna "
            "anges med sina id från roller.yml."
        ),
    ),
    "Alternative": ("Alternativ", "Ett svar på beslutets fråga och vart det leder."),
    "RuleKind": ("Slag av regel", "lag, regeringsuppdrag, rutin eller ställningstagande."),
    "RuleStatus": ("Status", "gällande eller förslag."),
    "StepKind": ("Typ av steg", "aktivitet, beslut eller delprocess."),
}

_PLAIN_NAME = re.compile(r"^[0-9a-zåäö_*./-]+$")


def file_schema(kind: FileKind) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) for one kind of content file."""
    generated = kind.model.model_json_schema(by_alias=True, mode="validation")
    definitions = generated.pop("$defs", {})
    for name, definition in definitions.items():
        if name not in OBJECTS:
            raise KeyError(f"{name} needs a Swedish title in generator.schema.OBJECTS")
        definition["title"], definition["description"] = OBJECTS[name]
        _drop_property_titles(definition)
    _drop_property_titles(generated)
    generated.update(
        {"$schema": DIALECT, "title": f"{kind.title} ({kind.files})",
         "description": kind.description}
    )
    schema = _ordered(generated)
    if definitions:
        schema["$defs"] = {name: _ordered(definitions[name]) for name in sorted(definitions)}
    return schema


_FIRST_KEYS = ("$schema", "title", "description", "type")


def _ordered(definition: dict[str, Any]) -> dict[str, Any]:
    """Keys in reading order: title and description first, as an editor would look."""
    first = {k: definition[k] for k in _FIRST_KEYS if k in definition}
    return first | {k: v for k, v in definition.items() if k not in first}


def _drop_property_titles(definition: dict[str, Any]) -> None:
    # pydantic's titles only repeat the field name ("Nästa"); the description says more.
    for prop in definition.get("properties", {}).values():
        prop.pop("title", None)


def schema_files() -> dict[str, str]:
    """`{file name: JSON text}` for every file in content/schema/."""
    return {
        kind.schema_file: json.dumps(file_schema(kind), ensure_ascii=False, indent=2) + "\n"
        for kind in FILE_KINDS
    }


def write_schemas(directory: Path) -> list[Path]:
    """Write every schema; return the files whose text changed."""
    directory.mkdir(parents=True, exist_ok=True)
    changed = []
    for name, text in schema_files().items():
        path = directory / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path)
    return changed


def stale_schemas(directory: Path) -> list[Path]:
    """The schema files that are missing or differ from the models."""
    return [
        directory / name
        for name, text in schema_files().items()
        if not (directory / name).is_file()
        or (directory / name).read_text(encoding="utf-8") != text
    ]


# --- The field reference ---------------------------------------------------------------

FIELD_REFERENCE_TITLE = "Alla fält"


def field_reference_markdown() -> str:
    """The editor's guide's page of every field, made from the same schemas as the help
    in VS Code, so that it cannot disagree with the validation."""
    out = [
        f"# {markdown_inline(FIELD_REFERENCE_TITLE)}",
        "",
        markdown_inline(
            "Den här sidan skapas från innehållets schema, samma som ger hjälp medan du "
            "skriver i VS Code och som kunskapsstod check kontrollerar mot. Fält som inte "
            "krävs kan utelämnas. Ett id får bara innehålla små bokstäver a–z, siffror och "
            "bindestreck."
        ),
        "",
    ]
    documented: set[str] = set()
    for kind in FILE_KINDS:
        schema = file_schema(kind)
        definitions = schema.get("$defs", {})
        out += [
            f"## {markdown_inline(kind.files)} {{#{_anchor(kind.files)}}}",
            "",
            markdown_inline(kind.description),
            "",
        ]
        if kind.model is models.Process:
            out += [markdown_inline("Fälten överst i filen:"), ""]
        else:
            out += [markdown_inline("Filen har ett enda fält överst, en lista:"), ""]
        out += _table(schema, definitions)
        for name in _objects_in_order(schema, definitions):
            if name in documented or "properties" not in definitions[name]:
                continue
            documented.add(name)
            title, description = OBJECTS[name]
            out += [
                f"### {markdown_inline(title)} {{#{_anchor(title)}}}",
                "",
                markdown_inline(description),
                "",
            ]
            out += _table(definitions[name], definitions)
    return "\n".join(out).rstrip() + "\n"


def _anchor(text: str) -> str:
    return slugify(text) or "falt"


def _objects_in_order(schema: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    """Every object the schema refers to, depth first in field order."""
    found: list[str] = []

    def visit(node: Any) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if ref:
                name = ref.rsplit("/", 1)[-1]
                if name not in found:
                    found.append(name)
                    visit(definitions[name])
            for key, value in node.items():
                if key != "$ref":
                    visit(value)
        elif isinstance(node, list):
            for value in node:
                visit(value)

    visit(schema.get("properties", {}))
    return found


def _table(schema: dict[str, Any], definitions: dict[str, Any]) -> list[str]:
    rows = [
        "| Fält | Krävs | Typ | Beskrivning | Tillåtna värden |",
        "|---|---|---|---|---|",
    ]
    required = set(schema.get("required", []))
    for name, prop in schema.get("properties", {}).items():
        cells = [
            _code(name),
            "ja" if name in required else "nej",
            _type(prop, definitions),
            markdown_inline(prop.get("description", "")),
            _allowed(prop, definitions),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return rows + [""]


def _code(name: Any) -> str:
    text = str(name)
    return f"`{text}`" if _PLAIN_NAME.match(text) else markdown_inline(text)


def _non_null(prop: dict[str, Any]) -> dict[str, Any]:
    options = [p for p in prop.get("anyOf", []) if p.get("type") != "null"]
    if len(options) == 1:
        return {**{k: v for k, v in prop.items() if k != "anyOf"}, **options[0]}
    return prop


def _type(prop: dict[str, Any], definitions: dict[str, Any]) -> str:
    prop = _non_null(prop)
    if "$ref" in prop:
        name = prop["$ref"].rsplit("/", 1)[-1]
        title = OBJECTS[name][0]
        if "enum" in definitions[name]:
            return "ett av värdena"
        return f"[{markdown_inline(title)}](#{_anchor(title)})"
    kind = prop.get("type")
    if kind == "array":
        return "lista med " + _type(prop.get("items", {}), definitions)
    if kind == "string":
        if prop.get("format") == "date":
            return "datum"
        if "pattern" in prop:
            return "id"
        return "text"
    return {"integer": "heltal", "boolean": "sant eller falskt", "number": "tal"}.get(
        str(kind), markdown_inline(str(kind))
    )


def _allowed(prop: dict[str, Any], definitions: dict[str, Any]) -> str:
    prop = _non_null(prop)
    notes: list[str] = []
    target = prop.get("items", prop) if prop.get("type") == "array" else prop
    if "$ref" in target:
        enum = definitions[target["$ref"].rsplit("/", 1)[-1]].get("enum")
        if enum:
            notes.append(", ".join(_code(value) for value in enum))
    if "enum" in target:
        notes.append(", ".join(_code(value) for value in target["enum"]))
    if target.get("format") == "date":
        notes.append("ÅÅÅÅ-MM-DD, till exempel " + _code("2025-05-12"))
    if target.get("pattern") == models.ID_PATTERN:
        notes.append("små bokstäver a–z, siffror och bindestreck")
    minimum = prop.get("minItems")
    if minimum:
        notes.append(f"minst {minimum}")
    default = prop.get("default")
    if default not in (None, [], {}):
        notes.append("utelämnat: " + _code(default))
    return "; ".join(notes)


# --- Command line -----------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m generator.schema",
        description="Skriver JSON Schema för innehållsfilerna från modellerna.",
    )
    parser.add_argument("directory", nargs="?", default=str(SCHEMA_DIR), metavar="MAPP",
                        help=f"var schemana ligger (standard: {SCHEMA_DIR})")
    parser.add_argument("--check", action="store_true",
                        help="ändra inget; avsluta med 1 om något schema är inaktuellt")
    args = parser.parse_args(argv)
    directory = Path(args.directory)
    if args.check:
        stale = stale_schemas(directory)
        for path in stale:
            print(f"{path}: fel: schemat stämmer inte med modellerna. "
                  "Kör python -m generator.schema och checka in ändringen.")
        return 1 if stale else 0
    for path in write_schemas(directory):
        print(f"skrev {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
