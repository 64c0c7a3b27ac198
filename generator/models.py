"""Typed content models.

Field names in YAML are Swedish (the editors' language); Python attributes are English.
Every field has a Swedish description: it feeds the JSON Schema that editors' tools use
and the field reference in the editor's guide.
"""

from __future__ import annotations

import datetime
from enum import Enum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

# An id is what links content together and what becomes a page address, so keep it simple.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]

END = "slut"
"""The value of `nästa` that ends a process."""


class Model(BaseModel):
    # Pydantic's lax mode never turns a number, a boolean or a date into text, so a
    # YAML 1.1 surprise (`no` read as false, a bare date) is reported, not hidden.
    model_config = ConfigDict(extra="forbid", populate_by_name=False, frozen=True)


def field(description: str, **kwargs):
    return Field(description=description, **kwargs)


class SourceRef(Model):
    """A citation: which source and where in it."""

    source: Id = field("Id för källan, som den står i kallor.yml.", alias="källa")
    section: Text | None = field(
        'Avsnitt, paragraf eller sida i källan, till exempel "5.1.1" eller "7 a §".',
        default=None,
        alias="avsnitt",
    )


class Source(Model):
    id: Id = field("Unikt id för källan (små bokstäver, siffror och bindestreck).")
    title: Text = field("Dokumentets titel.", alias="titel")
    publisher: Text = field("Vem som gett ut dokumentet.", alias="utgivare")
    date: datetime.date = field("Dokumentets datum, skrivet ÅÅÅÅ-MM-DD.", alias="datum")
    reference: Text | None = field(
        "Diarienummer eller annan beteckning.", default=None, alias="diarienummer"
    )
    kind: Text = field(
        'Vad för slags dokument det är, till exempel "Rapport" eller "Regeringsbeslut".',
        alias="typ",
    )
    description: Text | None = field(
        "Kort beskrivning av vad källan innehåller.", default=None, alias="beskrivning"
    )
    file: Text | None = field(
        "Filnamnet på textversionen i källarkivet, om den finns.", default=None, alias="fil"
    )


class Term(Model):
    id: Id = field("Unikt id för begreppet.")
    term: Text = field("Begreppet eller förkortningen, som det skrivs.")
    expansion: Text | None = field(
        'Vad förkortningen står för, till exempel "Europeiska socialfonden+". '
        "Anges bara för förkortningar.",
        default=None,
        alias="utskrivet",
    )
    definition: Text = field("Förklaring av begreppet på klarspråk.", alias="förklaring")
    synonyms: list[Text] = field(
        "Andra ord för samma sak, till exempel projektanordnare för projektägare.",
        default_factory=list,
        alias="synonymer",
    )
    sources: list[SourceRef] = field(
        "Var begreppet förklaras i källorna.", default_factory=list, alias="källor"
    )


class Role(Model):
    id: Id = field("Unikt id för rollen; används i stegens roller.")
    name: Text = field("Rollens namn som läsaren ser det.", alias="namn")
    description: Text = field("Vad rollen är.", alias="beskrivning")
    responsibilities: list[Text] = field(
        "Rollens ansvar i stort, en punkt per ansvar.", default_factory=list, alias="ansvar"
    )
    sources: list[SourceRef] = field(
        "Var rollen beskrivs i källorna.", default_factory=list, alias="källor"
    )


class RuleKind(str, Enum):
    LAW = "lag"
    GOVERNMENT_ASSIGNMENT = "regeringsuppdrag"
    ROUTINE = "rutin"
    STANCE = "ställningstagande"


class RuleStatus(str, Enum):
    IN_FORCE = "gällande"
    PROPOSED = "förslag"


class Rule(Model):
    id: Id = field("Unikt id för regeln; används i stegens och processernas regler.")
    title: Text = field("Kort rubrik för regeln.", alias="rubrik")
    text: Text = field(
        "Vad regeln säger, citerat eller troget återgivet ur källan.", alias="text"
    )
    kind: RuleKind = field(
        "Slag av regel: lag, regeringsuppdrag, rutin eller ställningstagande.", alias="slag"
    )
    status: RuleStatus = field(
        "gällande om regeln gäller i dag, förslag om den bara är föreslagen "
        "(till exempel ett lagförslag som inte är beslutat).",
    )
    provision: Text | None = field(
        'Lagrum eller motsvarande, till exempel "7 § Finsamlagen".',
        default=None,
        alias="lagrum",
    )
    source: SourceRef = field("Källan där regeln står.", alias="källa")
    applies_to: Text | None = field(
        "Vem eller vad regeln gäller för, med egna ord.", default=None, alias="gäller_för"
    )


class Roles(Model):
    """Who is involved in a step, and how."""

    responsible: list[Id] = field(
        "Roller som ansvarar för steget (minst en).", min_length=1, alias="ansvarar"
    )
    participating: list[Id] = field(
        "Roller som deltar i steget.", default_factory=list, alias="deltar"
    )
    informed: list[Id] = field(
        "Roller som informeras om steget.", default_factory=list, alias="informeras"
    )


class StepKind(str, Enum):
    ACTIVITY = "aktivitet"
    DECISION = "beslut"
    SUBPROCESS = "delprocess"


class Alternative(Model):
    answer: Text = field('Svaret, till exempel "Ja" eller "Nej".', alias="svar")
    next: Id = field(
        'Id för steget som följer vid detta svar, eller "slut" om processen slutar här.',
        alias="nästa",
    )
    description: Text | None = field(
        "Vad svaret innebär, om det behöver förklaras.", default=None, alias="beskrivning"
    )


class Step(Model):
    id: Id = field("Id för steget, unikt inom processen.")
    name: Text = field("Stegets namn, kort och med verb.", alias="namn")
    kind: StepKind = field(
        "aktivitet (något görs), beslut (en fråga med alternativ) eller "
        "delprocess (steget är en egen process).",
        default=StepKind.ACTIVITY,
        alias="typ",
    )
    phase: Id | None = field(
        "Id för fasen som steget hör till (se processens faser).", default=None, alias="fas"
    )
    description: Text = field("Vad som händer i steget.", alias="beskrivning")
    roles: Roles = field("Vilka roller som ansvarar, deltar och informeras.", alias="roller")
    checklist: list[Text] = field(
        "Det läsaren ska göra eller kontrollera i steget, en punkt per sak.",
        min_length=1,
        alias="checklista",
    )
    rules: list[Id] = field(
        "Id för regler som gäller i steget.", default_factory=list, alias="regler"
    )
    result: Text | None = field("Vad steget leder fram till.", default=None, alias="resultat")
    next: Id | None = field(
        'Id för nästa steg, eller "slut" om processen slutar efter steget. '
        "Anges för aktivitet och delprocess, inte för beslut.",
        default=None,
        alias="nästa",
    )
    question: Text | None = field(
        "Frågan som avgörs. Anges bara för beslut.", default=None, alias="fråga"
    )
    alternatives: list[Alternative] = field(
        "Svaren på frågan och vart vart och ett leder. Anges bara för beslut (minst två).",
        default_factory=list,
        alias="alternativ",
    )
    subprocess: Id | None = field(
        "Id för processen som steget består av. Anges bara för delprocess.",
        default=None,
        alias="delprocess",
    )
    sources: list[SourceRef] = field(
        "Var steget beskrivs i källorna.", default_factory=list, alias="källor"
    )


class Phase(Model):
    id: Id = field("Id för fasen, unikt inom processen.")
    name: Text = field('Fasens namn, till exempel "Inom beredningsgruppen".', alias="namn")
    description: Text | None = field(
        "Vad som kännetecknar fasen.", default=None, alias="beskrivning"
    )


class Process(Model):
    id: Id = field("Unikt id för processen; blir en del av sidans adress.")
    name: Text = field("Processens namn.", alias="namn")
    summary: Text = field(
        "En eller två meningar om vad processen är; visas i listor och överst på sidan.",
        alias="sammanfattning",
    )
    description: Text | None = field(
        "Längre beskrivning av processen.", default=None, alias="beskrivning"
    )
    # Strict: lax mode would read `ordning: yes` (YAML 1.1 true) as 1 and 2.0 as 2.
    order: StrictInt = field(
        "Processens plats i menyer och listor (1 först).", default=100, alias="ordning"
    )
    sources: list[SourceRef] = field(
        "Källorna som processen bygger på (minst en).", min_length=1, alias="källor"
    )
    phases: list[Phase] = field(
        "Processens faser, i ordning. Stegen anger sin fas med fas.",
        default_factory=list,
        alias="faser",
    )
    rules: list[Id] = field(
        "Id för regler som gäller hela processen.", default_factory=list, alias="regler"
    )
    steps: list[Step] = field(
        "Processens steg i ordning; det första steget är processens början.",
        min_length=1,
        alias="steg",
    )


class SourcesFile(Model):
    sources: list[Source] = field("Alla källor.", alias="källor")


class TermsFile(Model):
    terms: list[Term] = field("Alla begrepp och förkortningar.", alias="begrepp")


class RolesFile(Model):
    roles: list[Role] = field("Alla roller.", alias="roller")


class RulesFile(Model):
    rules: list[Rule] = field("Alla regler.", alias="regler")
