"""Stages 3 and 4: references resolve, problems name the place, flows are sound."""

from pathlib import Path

from generator.pipeline import read_content


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def errors(content: Path) -> list[str]:
    graph, report = read_content(content)
    assert graph is None
    return [str(d) for d in report.errors]


def test_sample_links_back_to_roles_and_rules(sample_copy):
    graph, report = read_content(sample_copy)
    assert graph is not None and not report.errors
    board = next(r for r in graph.roles if r.id == "styrelse")
    assert [(s.key, i.value) for s, i in board.steps] == [
        ("behov/kartlagg", "informeras"),
        ("behov/besluta", "ansvarar"),
    ]
    proposal = next(r for r in graph.rules if r.id == "lag-7a")
    assert proposal.proposed and [s.key for s in proposal.steps] == ["behov/kartlagg"]
    sub = next(p for p in graph.processes if p.id == "annan")
    assert [s.key for s in sub.used_in] == ["behov/genomfor"]


def test_dangling_role_reference_names_file_line_and_closest_id(sample_copy):
    edit(sample_copy / "processer/behov.yml", "ansvarar: [styrelse]", "ansvarar: [styrelsen]")
    (error,) = errors(sample_copy)
    assert error.startswith(f"{sample_copy}/processer/behov.yml:33:18: fel:")
    assert 'rollen "styrelsen" finns inte. Menade du "styrelse"?' in error


def test_dangling_next_step_suggests_slut(sample_copy):
    edit(sample_copy / "processer/annan.yml", "nästa: slut", "nästa: slutt")
    (error,) = errors(sample_copy)
    assert 'steget "slutt" finns inte' in error and 'Menade du "slut"?' in error


def test_duplicate_role_id_names_both_places(sample_copy):
    edit(sample_copy / "roller.yml", "  - id: styrelse", "  - id: beredningsgrupp")
    messages = errors(sample_copy)
    assert any(
        'rollen "beredningsgrupp" finns redan' in m and "roller.yml:2:" in m and m.split(":")[1] == "7"
        for m in messages
    ), messages


def test_unreachable_step_is_an_error(sample_copy):
    edit(sample_copy / "processer/behov.yml", "        nästa: genomfor", "        nästa: slut")
    messages = errors(sample_copy)
    assert any('"genomfor" nås aldrig' in m for m in messages), messages


def test_loop_without_end_is_an_error(sample_copy):
    path = sample_copy / "processer/annan.yml"
    edit(path, "    nästa: slut\n", "    nästa: igen\n  - id: igen\n    namn: Igen\n    beskrivning: x\n"
         "    roller:\n      ansvarar: [styrelse]\n    checklista: [x]\n    nästa: gora\n")
    messages = errors(sample_copy)
    assert any("leder ingen väg till slut" in m for m in messages), messages


def test_decision_without_alternatives_is_an_error(sample_copy):
    path = sample_copy / "processer/behov.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("    alternativ:")
    end = text.index("  - id: genomfor")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    messages = errors(sample_copy)
    assert any("minst två alternativ" in m for m in messages), messages


def test_unused_role_is_a_warning_not_an_error(sample_copy):
    with (sample_copy / "roller.yml").open("a", encoding="utf-8") as f:
        f.write("  - id: ensam\n    namn: Ensam\n    beskrivning: Ingen.\n")
    graph, report = read_content(sample_copy)
    assert graph is not None
    assert any('rollen "ensam" medverkar inte' in str(w) for w in report.warnings)


def test_subprocess_cycle_is_an_error(sample_copy):
    edit(sample_copy / "processer/annan.yml", "    nästa: slut\n",
         "    nästa: tillbaka\n  - id: tillbaka\n    namn: T\n    typ: delprocess\n    delprocess: behov\n"
         "    beskrivning: x\n    roller:\n      ansvarar: [styrelse]\n    checklista: [x]\n    nästa: slut\n")
    messages = errors(sample_copy)
    assert any("delprocesserna går runt" in m for m in messages), messages
