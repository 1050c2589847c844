"""Pauses from garbage collection on the request thread, in-process (no sockets), one client.

    .venv/bin/python benchmarks/gc_pauses.py MODE [SECONDS]

MODE: `baseline` (spyne's own gc.collect() once a second, as spyne ships), `nocollect` (the
emulator's setting: spyne's collect off, heap not frozen), `fixed` (as `serve` runs: spyne's
collect off and the start-up heap frozen with gc.freeze()). Prints latency percentiles, the calls
over 20 ms, spyne's collections and every full (generation 2) collection with its duration.
"""

import gc
import os
import statistics
import sys
import tempfile
import time

import spyne.const
import spyne.context
from werkzeug.test import Client

from service.app import create_app
from service.config import Settings
from service.domain.clock import FixedClock
from service.domain.ids import IdGenerator

mode = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 8

db = os.path.join(tempfile.mkdtemp(), "m.db")
app = create_app(Settings(database_url=f"sqlite:///{db}"), FixedClock(), IdGenerator(0))
c = Client(app)
if mode == "baseline":
    spyne.const.MIN_GC_INTERVAL = 1.0  # spyne's own default, in case the emulator changed it
collects = []


class TimedGc:
    def __getattr__(self, name):
        return getattr(gc, name)

    def collect(self, *a):
        t = time.perf_counter()
        r = gc.collect(*a)
        collects.append(time.perf_counter() - t)
        return r


spyne.context.gc = TimedGc()
TS = "http://service.bm.dk/TestSupportService/2026/01/01/"


def env(ns, inner, header=""):  # noqa: D103
    return (
        f'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="{ns}">'
        f"<s:Header>{header}</s:Header><s:Body>{inner}</s:Body></s:Envelope>"
    ).encode()


post = lambda svc, b: c.post("/" + svc, data=b, headers={"Content-Type": "text/xml; charset=utf-8"})
post("TestSupportService", env(TS, "<t:SetDatoRequest><t:Dato>2026-03-01</t:Dato></t:SetDatoRequest>"))
for i in range(200):
    cpr = f"01018{i:05d}"
    post(
        "TestSupportService",
        env(
            TS,
            f"<t:OpretTestborgerRequest><t:Testborger><t:PersonCivilRegistrationIdentifier>{cpr}</t:PersonCivilRegistrationIdentifier><t:Navn>X</t:Navn><t:Kommunekode>101</t:Kommunekode><t:JobcenterKode>10100</t:JobcenterKode><t:Kontaktgruppehistorik><t:KontaktgruppeType>24</t:KontaktgruppeType><t:Startdato>2025-01-01</t:Startdato></t:Kontaktgruppehistorik></t:Testborger></t:OpretTestborgerRequest>",
        ),
    )
if mode == "fixed":
    gc.collect()
    gc.freeze()
collects.clear()
auto = []
_start = [0.0]


def cb(phase, info):
    if phase == "start":
        _start[0] = time.perf_counter()
    elif info["generation"] == 2:
        auto.append(time.perf_counter() - _start[0])


gc.callbacks.append(cb)
lat = []
end = time.monotonic() + seconds
i = 0
while time.monotonic() < end:
    cpr = f"01018{i % 200:05d}"
    t = time.perf_counter()
    r = post(
        "TestSupportService",
        env(
            TS,
            f"<t:GetTilstandRequest><t:PersonCivilRegistrationIdentifier>{cpr}</t:PersonCivilRegistrationIdentifier></t:GetTilstandRequest>",
        ),
    )
    lat.append(time.perf_counter() - t)
    i += 1
    assert r.status_code == 200, r.data[:300]
lat.sort()
q = lambda p: lat[int(p * (len(lat) - 1))] * 1000
print(
    f"{mode}: {len(lat)} calls in {seconds:.0f} s; p50 {q(0.5):.2f} ms, p99 {q(0.99):.2f} ms, p99.9 {q(0.999):.2f} ms, "
    f"max {lat[-1] * 1000:.1f} ms; "
    f"calls over 20 ms: {sum(x > 0.02 for x in lat)}; spyne gc.collect(): {len(collects)} calls, "
    f"{(statistics.mean(collects) * 1000 if collects else 0):.1f} ms mean, {(max(collects) * 1000 if collects else 0):.1f} ms max; "
    f"full collections (all causes) {len(auto)}, max {(max(auto) * 1000 if auto else 0):.1f} ms; "
    f"gc objects tracked {len(gc.get_objects())}, frozen {gc.get_freeze_count()}"
)
