"""The operator's view (GET /__admin/...): sandboxes, a citizen's state as JSON, and the page that shows the
journal and that state. Reads only; every read goes through the store and the domain like a call does."""

from __future__ import annotations

import dataclasses
from typing import Any

from service.domain import cpr as cprs
from service.domain.clock import Ur, forretningstid
from service.domain.context import Kontekst
from service.domain.kontaktforloeb import beregn, historik
from service.soap.application import Deps


def _plain(value: Any) -> Any:
    """Dataclasses as dicts, dates as ISO text (JSON)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def sandkasser(deps: Deps) -> list[dict[str, Any]]:
    return [
        {
            "navn": s.navn,
            "oprettet": s.oprettet.isoformat(),
            "borgere": s.borgere,
            "tidspunkt": forretningstid(s.ur, deps.clock, deps.fixed_today, deps.klokkeslaet).isoformat(),
            "loebende": s.ur.loebende,
        }
        for s in deps.store.sandkasser()
    ]


def borger(deps: Deps, sandkasse: str, cpr: str) -> dict[str, Any]:
    """Everything stored about a citizen of a sandbox, and its contact course on the sandbox's business date."""
    if cprs.check(cpr, for_write=False):
        return {"fejl": f"'{cpr}' er ikke et gyldigt cpr-nummer"}
    with deps.store.transaction(write=False, sandkasse=sandkasse) as repo:
        registered = repo.sandkasse_data()
        k = Kontekst(repo, deps.clock, deps.ids, deps.fixed_today, klokkeslaet=deps.klokkeslaet, sandkasse=registered)
        found = repo.get_borger(cpr)
        if found is None:
            return {"fejl": f"borgeren {cpr} findes ikke i sandkassen '{sandkasse}'"}
        fravaer = repo.fravaer(cpr)
        today = k.today()
        return {
            "sandkasse": sandkasse,
            "tidspunkt": k.now().isoformat(),
            "borger": _plain(found),
            "tilmeldinger": _plain(repo.tilmeldinger(cpr)),
            "kontaktgrupper": _plain(repo.kontaktgrupper(cpr)),
            "fravaer": _plain([f for f in fravaer if f.fravaer_type != 11]),
            "sygemeldinger": _plain([f for f in fravaer if f.fravaer_type == 11]),
            "yderligere_information": _plain([y for f in fravaer for y in repo.yderligere_information(f.identifier)]),
            "samtaler": _plain(repo.samtaler(cpr)),
            "indkaldelser": _plain(repo.indkaldelser(cpr)),
            "kontaktforloeb": _plain(beregn(historik(k, cpr), today)),
            "ur": _plain(registered.ur if registered else Ur()),
        }


PAGE = """<!doctype html>
<html lang="da"><head><meta charset="utf-8"><title>DFDG emulator: kald og tilstand</title>
<style>
body{font-family:system-ui,sans-serif;margin:1em 2em;color:#222}
table{border-collapse:collapse;width:100%;font-size:90%}
td,th{border:1px solid #ccc;padding:3px 6px;text-align:left;vertical-align:top}
tr.fejl td{background:#fde8e8} tr.ok td{background:#eef8ee}
pre{white-space:pre-wrap;max-height:20em;overflow:auto;background:#f6f6f6;padding:4px;margin:0}
section{margin-bottom:2em} label{margin-right:1em}
</style></head>
<body>
<h1>DFDG emulator</h1>
<p><label>Sandkasse <select id="sandkasse"></select></label>
<button id="opdater">Opdater</button> <span id="status"></span></p>
<section><h2>Seneste kald</h2>
<table id="kald"><thead><tr><th>Tid</th><th>Operation</th><th>Kalder</th><th>Udfald</th><th>Regler</th><th>ms</th><th>XML</th></tr></thead>
<tbody></tbody></table></section>
<section><h2>Borger</h2>
<form id="borgerform"><label>Cpr-nummer <input id="cpr" size="10" maxlength="10"></label><button type="submit">Vis</button></form>
<div id="borger"></div></section>
<script>
const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? "").replace(/[&<>"]/g, (c) => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
function sandkasse() { return $("sandkasse").value || new URLSearchParams(location.search).get("sandkasse") || "default"; }
async function sandkasser() {
  const wanted = sandkasse();
  const list = await (await fetch("/__admin/sandkasser")).json();
  const names = list.map((s) => s.navn);
  if (!names.includes(wanted)) names.unshift(wanted);
  $("sandkasse").innerHTML = names.map((n) => `<option${n === wanted ? " selected" : ""}>${esc(n)}</option>`).join("");
}
async function kald() {
  const data = await (await fetch("/__admin/kald?sandkasse=" + encodeURIComponent(sandkasse()))).json();
  $("kald").tBodies[0].innerHTML = data.kald.map((k) => `<tr class="${k.udfald}">
    <td>${esc(k.tid)}</td><td>${esc(k.service)}.${esc(k.operation)}</td><td>${esc(k.organisation || "-")}</td>
    <td>${esc(k.udfald)} ${esc(k.fejlkoder.join(", "))}</td>
    <td>${k.regler.map((r) => `${esc(r.regel)} (${esc(r.fejlkode)}): ${esc(r.besked)} <i>${esc(r.kilde)}</i>`).join("<br>")}</td>
    <td>${esc(k.ms)}</td>
    <td><details><summary>request</summary><pre>${esc(k.request)}</pre></details>
        <details><summary>response</summary><pre>${esc(k.response)}</pre></details></td></tr>`).join("");
  $("status").textContent = `${data.kald.length} kald (højst ${data.journalstoerrelse})`;
}
function tabel(titel, rows, cols) {
  if (!rows || !rows.length) return `<h3>${esc(titel)}</h3><p>ingen</p>`;
  return `<h3>${esc(titel)}</h3><table class="${esc(titel)}"><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr>` +
    rows.map((r) => `<tr>${cols.map((c) =>
      `<td>${esc(typeof r[c] === "object" && r[c] !== null ? JSON.stringify(r[c]) : r[c])}</td>`).join("")}</tr>`).join("") +
    "</table>";
}
async function visBorger(event) {
  if (event) event.preventDefault();
  const cpr = $("cpr").value.trim();
  const r = await fetch(`/__admin/borger?sandkasse=${encodeURIComponent(sandkasse())}&cpr=${encodeURIComponent(cpr)}`);
  const b = await r.json();
  if (b.fejl) { $("borger").innerHTML = `<p class="fejl">${esc(b.fejl)}</p>`; return; }
  const kf = b.kontaktforloeb;
  $("borger").innerHTML = `<p id="borgernavn">${esc(b.borger.navn)} (${esc(b.borger.cpr)}), kommune ${esc(b.borger.kommunekode)},
      jobcenter ${esc(b.borger.jobcenterkode)}, a-kasse ${esc(b.borger.akassekode || "-")}; tidspunkt ${esc(b.tidspunkt)}</p>` +
    tabel("Kontaktgrupper", b.kontaktgrupper, ["identifier", "kontaktgruppe_type", "startdato", "slutdato", "personkategorier"]) +
    tabel("Fravær", b.fravaer, ["identifier", "fravaer_type", "startdato", "slutdato", "slettet", "kommentar"]) +
    tabel("Sygemeldinger", b.sygemeldinger, ["identifier", "startdato", "slutdato", "anmeldelsesdato", "slettet", "arbejdsgiver"]) +
    tabel("Samtaler", b.samtaler, ["identifier", "samtale_type", "afholdt", "samtaleform", "slettet"]) +
    tabel("Indkaldelser", b.indkaldelser, ["identifier", "aflyst", "historik"]) +
    `<h3>Kontaktforløb ${esc(kf.dato)}</h3><p id="forloeb">${kf.forloeb ? esc(kf.forloeb.ydelse.navn || JSON.stringify(kf.forloeb.ydelse)) +
      " fra " + esc(kf.forloeb.start) : esc(kf.intet_forloeb || "intet forløb")} ${esc(kf.forklaring)}</p>` +
    tabel("Krav", kf.krav.map((k) => ({krav: k.krav.id, status: k.status, frist: k.frist, mangler: k.mangler, forklaring: k.forklaring})),
          ["krav", "status", "frist", "mangler", "forklaring"]);
}
async function opdater() { await sandkasser(); await kald(); if ($("cpr").value.trim()) await visBorger(); }
$("opdater").addEventListener("click", opdater);
$("sandkasse").addEventListener("change", opdater);
$("borgerform").addEventListener("submit", visBorger);
opdater();
</script></body></html>
"""
