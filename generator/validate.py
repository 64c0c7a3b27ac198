"""Stage 2: turn loaded data into typed models, translating every problem into Swedish
with the file, line and field path where it stands."""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from . import models
from .diagnostics import Location, Report, display_path, suggestion
from .load import LoadedFile, PathKey, load_file, scalar_kind

SOURCES_FILE = "kallor.yml"
TERMS_FILE = "begrepp.yml"
ROLES_FILE = "roller.yml"
RULES_FILE = "regler.yml"
PROCESS_DIR = "processer"

M = TypeVar("M", bound=BaseModel)

KIND_FILES: dict[str, type[models.Model]] = {
    SOURCES_FILE: models.SourcesFile,
    TERMS_FILE: models.TermsFile,
    ROLES_FILE: models.RolesFile,
    RULES_FILE: models.RulesFile,
}


@dataclass
class Item(Generic[M]):
    """One entry of a kind file (a role in roller.yml): its model and where it stands."""

    model: M
    file: LoadedFile
    prefix: PathKey

    def at(self, *path: str | int) -> Location:
        return self.file.positions.of(self.prefix + path)


@dataclass
class Content:
    sources: list[Item[models.Source]]
    terms: list[Item[models.Term]]
    roles: list[Item[models.Role]]
    rules: list[Item[models.Rule]]
    processes: list[Item[models.Process]]


def process_files(content_dir: Path) -> list[Path]:
    return sorted((content_dir / PROCESS_DIR).glob("*.yml"), key=lambda p: p.name)


def content_files(content_dir: Path) -> list[Path]:
    """Every YAML file the content consists of, in a stable order."""
    return [content_dir / name for name in KIND_FILES] + process_files(content_dir)


def load_content(content_dir: Path, report: Report) -> Content | None:
    """Load and validate all content; None if any file has errors (all are reported)."""
    if not content_dir.is_dir():
        report.error(Location(display_path(content_dir)), "mappen med innehåll finns inte.")
        return None
    _warn_about_stray_files(content_dir, report)
    kinds: dict[str, list[Item[Any]]] = {}
    for name, file_model in KIND_FILES.items():
        path = content_dir / name
        if not path.is_file():
            report.error(Location(display_path(path)), "filen saknas; den ska finnas.")
            continue
        loaded = load_file(path, report)
        validated = loaded and validate_data(loaded, file_model, report)
        if loaded and validated is not None:
            (field_name,) = type(validated).model_fields
            items = getattr(validated, field_name)
            alias = type(validated).model_fields[field_name].alias
            kinds[name] = [Item(m, loaded, (alias, i)) for i, m in enumerate(items)]
    processes = []
    process_paths = process_files(content_dir)
    if not process_paths:
        report.error(
            Location(display_path(content_dir / PROCESS_DIR)),
            "det finns ingen process. Lägg processerna som .yml-filer i mappen processer/.",
        )
    for path in process_paths:
        loaded = load_file(path, report)
        process = loaded and validate_data(loaded, models.Process, report)
        if loaded and process is not None:
            processes.append(Item(process, loaded, ()))
    if report.errors:
        return None
    return Content(
        sources=kinds[SOURCES_FILE],
        terms=kinds[TERMS_FILE],
        roles=kinds[ROLES_FILE],
        rules=kinds[RULES_FILE],
        processes=processes,
    )


def _warn_about_stray_files(content_dir: Path, report: Report) -> None:
    known = set(content_files(content_dir))
    for path in sorted(content_dir.rglob("*")):
        if path.suffix in (".yaml", ".yml") and path not in known:
            report.warning(
                Location(display_path(path)),
                "filen läses inte. Processer ska ligga i processer/ och sluta på .yml; "
                f"övriga filer heter {', '.join(KIND_FILES)}.",
            )


def validate_data(loaded: LoadedFile, model: type[M], report: Report) -> M | None:
    if not isinstance(loaded.data, dict):
        report.error(
            loaded.positions.of(()),
            "filen ska bestå av fält (namn: värde), inte av "
            f"{_kind_of(loaded.data)}. Se redaktörsguiden för ett exempel.",
        )
        return None
    try:
        return model.model_validate(loaded.data)
    except ValidationError as exc:
        errors = exc.errors()
        misspelt = _misspelt_required_fields(errors, model)
        for error in errors:
            if error["type"] == "missing" and tuple(error["loc"]) in misspelt:
                continue  # the misspelt field's own message says which name is meant
            location, message = _translate(error, loaded, model)
            report.error(location, message)
        return None


def _misspelt_required_fields(errors: list[Any], root: type[BaseModel]) -> set[PathKey]:
    """Missing fields that an unknown field next to them is a misspelling of."""
    missing = {tuple(e["loc"]) for e in errors if e["type"] == "missing"}
    found = set()
    for error in errors:
        loc = tuple(error["loc"])
        if error["type"] != "extra_forbidden" or not loc:
            continue
        holder = _model_at(root, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), _aliases(holder), n=1, cutoff=0.6) if holder else []
        if close and loc[:-1] + (close[0],) in missing:
            found.add(loc[:-1] + (close[0],))
    return found


def _kind_of(value: Any) -> str:
    if isinstance(value, list):
        return "en lista"
    if isinstance(value, dict):
        return "fält (namn: värde)"
    if value is None:
        return "ett tomt värde"
    if isinstance(value, str):
        return f'texten "{value}"'
    return scalar_kind(value) or type(value).__name__


def describe_path(data: Any, path: PathKey) -> str:
    """`steg nr 3 (kartlagg-behov) › checklista`: a path an editor can follow."""
    parts: list[str] = []
    node = data
    for key in path:
        if isinstance(key, int):
            item = node[key] if isinstance(node, list) and key < len(node) else None
            label = f"nr {key + 1}"
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                label += f" ({item['id']})"
            if parts:
                parts[-1] = f"{parts[-1]} {label}"
            else:
                parts.append(label)
            node = item
        else:
            parts.append(str(key))
            node = node.get(key) if isinstance(node, dict) else None
    return " › ".join(parts)


def _translate(
    error: Any, loaded: LoadedFile, root: type[BaseModel]
) -> tuple[Location, str]:
    loc: PathKey = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    positions = loaded.positions
    where = describe_path(loaded.data, loc)
    field_model = _model_at(root, loc[:-1])
    field_name = loc[-1] if loc else ""

    if kind == "extra_forbidden":
        known = _aliases(field_model) if field_model else []
        message = (
            f'okänt fält "{field_name}".{suggestion(str(field_name), known)} '
            f"Tillåtna fält här: {', '.join(known)}."
        )
        return positions.key(loc), _prefix(describe_path(loaded.data, loc[:-1]), message)

    if kind == "missing":
        description = _description(field_model, str(field_name))
        message = f'fältet "{field_name}" saknas. {description}'.strip()
        return positions.of(loc[:-1]), _prefix(describe_path(loaded.data, loc[:-1]), message)

    written = positions.source_text.get(loc)
    found = scalar_kind(value)
    if kind in ("string_type",) and found:
        message = (
            f"förväntade text, men YAML läser {written or value!r} som {found}. "
            f'Sätt värdet inom citattecken: "{written or value}".'
        )
    elif kind == "string_type":
        message = f"förväntade en text, men fick {_kind_of(value)}."
    elif kind == "string_too_short":
        message = "fältet är tomt. Skriv en text."
    elif kind == "string_pattern_mismatch":
        message = (
            f'"{value}" är inte ett giltigt id. Ett id får bara innehålla små bokstäver '
            f'a–z, siffror och bindestreck, till exempel "{slugify(str(value)) or "mitt-id"}".'
        )
    elif kind == "too_short":
        minimum = error.get("ctx", {}).get("min_length", 1)
        message = f"listan måste ha minst {minimum} punkt{'er' if minimum > 1 else ''}."
    elif kind == "list_type":
        message = (
            f"förväntade en lista (en rad per punkt, som börjar med \"- \"), men fick "
            f"{_kind_of(value)}."
        )
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"förväntade fält (namn: värde), men fick {_kind_of(value)}."
    elif kind == "enum":
        allowed = [str(v) for v in error.get("ctx", {}).get("expected", "").split(" or ")]
        choices = [a.strip(" '") for part in allowed for a in part.split(", ")]
        message = (
            f'värdet "{value}" är inte tillåtet.{suggestion(str(value), choices)} '
            f"Tillåtna värden: {', '.join(choices)}."
        )
    elif kind.startswith("date"):
        message = f"förväntade ett datum skrivet ÅÅÅÅ-MM-DD, till exempel 2025-05-12, men fick {written or value!r}."
    elif kind.startswith("int"):
        message = f"förväntade ett heltal, till exempel 3, men fick {written or value!r}."
    else:
        message = f"ogiltigt värde ({error['msg']})."
    return positions.of(loc), _prefix(where, message)


def _prefix(where: str, message: str) -> str:
    return f"{where}: {message}" if where else message


def _aliases(model: type[BaseModel]) -> list[str]:
    return [f.alias or name for name, f in model.model_fields.items()]


def _description(model: type[BaseModel] | None, alias: str) -> str:
    if model is None:
        return ""
    for name, info in model.model_fields.items():
        if (info.alias or name) == alias and info.description:
            return info.description
    return ""


def _model_at(root: type[BaseModel], path: PathKey) -> type[BaseModel] | None:
    """The model class that holds the fields at `path` (list indices skipped)."""
    current: Any = root
    for key in path:
        if isinstance(key, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = next(
            (f for n, f in current.model_fields.items() if (f.alias or n) == key), None
        )
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def slugify(text: str) -> str:
    """An id made from a name: `Kartlägg behov` → `kartlagg-behov`."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
