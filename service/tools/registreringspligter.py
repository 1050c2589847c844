"""docs/registreringspligter.md, generated from tables/registreringspligter.toml and the rule catalogue: every numbered
item of 003 §§ 20-25, 28-30 and 60-63 per reporter, the wire element carrying it, and the rule enforcing it or why not.

    python -m service.tools.registreringspligter --write docs/registreringspligter.md
"""

from __future__ import annotations

import argparse
from pathlib import Path

from service.rules.catalogue import regel
from service.rules.registreringspligter import AKASSE, JOBCENTER, KOMMUNE, Punkt, kommune_samtaletyper, punkter
from service.rules.samtaler import kodeliste, samtaletyper

DOC = Path("docs/registreringspligter.md")
LISTER = {
    JOBCENTER: (
        "Jobcentret (003 §§ 20-25)",
        "Indkaldelser (§§ 20-22) og afholdte samtaler (§§ 23-25) fra jobcenter, kommune, STAR, "
        "anden aktør og KSD: alt, der ikke er a-kassens, og ikke kommunens CV-samtaler.",
    ),
    KOMMUNE: (
        "Kommunens CV-samtaler (003 §§ 28-30)",
        "Afholdte samtaler af typen "
        + ", ".join(f"{t} {samtaletyper()[t].navn}" for t in sorted(kommune_samtaletyper()))
        + " fra enhver anden indberetter end a-kassen"
        + ' (003 kapitel 7: "Jobcentrets registrering ... af samtaler om CV afholdt af kommunen").',
    ),
    AKASSE: ("A-kassen (003 §§ 60-63)", "Indkaldelser (§ 60) og afholdte samtaler (§§ 61-63) fra en a-kasse (organisationstype 3)."),
}


def _nummer(p: Punkt) -> str:
    return f"§ {p.paragraf} stk. {p.stk}" + (f" nr. {p.nr}" if p.nr else "")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _naar(p: Punkt) -> str:
    dele = []
    if p.samtaletyper:
        dele.append("samtaletype " + ", ".join(str(t) for t in p.samtaletyper))
    if p.samtaleform:
        former = [str(k) for k, row in kodeliste("samtaleform").items() if row.get(p.samtaleform)]
        dele.append("samtaleform " + ", ".join(former))
    if p.naar:
        dele.append(f"{p.naar} = true")
    return " når " + " og ".join(dele) if dele else ""


def _haandhaevelse(p: Punkt) -> str:
    dele = []
    if p.regel is not None:
        r = regel(p.regel)
        if p.kraever:
            dele.append(f"`{r.id}` ({r.fejlkode}): kræver {', '.join(p.kraever)}{_naar(p)}")
        if p.deltagerroller:
            dele.append(f"`{r.id}` ({r.fejlkode}): roller " + ", ".join(str(x) for x in p.deltagerroller))
    dele += [f"`{r}` ({regel(r).fejlkode})" for r in p.regler]
    if p.kontaktgruppe is not None:
        dele.append(f"kontaktgruppe {p.kontaktgruppe} efter 000's række")
    return "; ".join(dele) or "-"


def markdown() -> str:
    lines = [
        "# Registreringspligter i 003, punkt for punkt og pr. indberetter",
        "",
        "Genereret fra `service/rules/tables/registreringspligter.toml` og regelkataloget "
        "(`python -m service.tools.registreringspligter --write docs/registreringspligter.md`); en test holder filen i takt med koden.",
        "",
        "Hvert nummererede punkt (og hvert stk. uden numre) i 003 §§ 20-25, 28-30 og 60-63: elementet på wiren, der bærer det, "
        "reglen der håndhæver det (fejlkode i parentes), eller hvorfor det ikke håndhæves og hvor tvivlen kommer fra. "
        "En registrering bedømmes kun efter indberetterens egen liste; elementer markeret projekt-defineret er emulatorens navne, "
        "da DFDG's ikke er offentlige. 7060 er emulatorens kode for en oplysning, listen kræver, og som mangler.",
        "",
    ]
    alle = punkter()
    for liste, (titel, tekst) in LISTER.items():
        rows = [p for p in alle if p.liste == liste]
        haandhaevet = sum(1 for p in rows if p.ikke_haandhaevet is None)
        lines += [
            f"## {titel}",
            "",
            tekst,
            "",
            f"{len(rows)} punkter, {haandhaevet} båret af wiren og håndhævet eller læst, {len(rows) - haandhaevet} ikke håndhævet.",
            "",
            "| punkt | registrering | hvad 003 siger | element på wiren | håndhæves af | ikke håndhævet / læsning |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for p in rows:
            bemaerkning = f"**Ikke håndhævet:** {p.ikke_haandhaevet}" if p.ikke_haandhaevet else ""
            if p.note:
                bemaerkning = f"{bemaerkning} {p.note}".strip()
            lines.append(
                f"| {_nummer(p)} ({p.kilde.split('(')[-1].rstrip(')')}) | {p.registrering} | {_cell(p.tekst)} | {_cell(p.element)} | "
                f"{_cell(_haandhaevelse(p))} | {_cell(bemaerkning) or '-'} |"
            )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", help="write the table to this file (docs/registreringspligter.md)")
    args = parser.parse_args()
    if args.write:
        Path(args.write).write_text(markdown(), encoding="utf-8")
        print(f"wrote {args.write}")
    else:
        print(markdown())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
