"""HTTPS with client certificates: `serve --tls-cert/--tls-key/--client-ca/--certificate-map` called with zeep over
requests, as a vendor's client would, with the test CA of `make-test-ca` (DFDG's 1101, 1012, 1013)."""

from datetime import date
from pathlib import Path

import pytest
import requests
import zeep
from zeep.transports import Transport

from service.tools.testca import KLIENTER
from tests.conftest import DATABASE_URL, caller_headers, fault_of
from tests.servers import free_port, running_server

CPR = "0101801234"


def _headers(org: tuple[int, str]) -> dict:
    # A system call: the certificate's RID is the UserIdentifier (dfdg-wire.md § 2.4, W3).
    return caller_headers(org, user_type=3, user_identifier="CVR:11223344-FID:10100001")


def _client(base: str, service: str, ca: Path, cert: str | None = None, certs: Path | None = None) -> zeep.proxy.ServiceProxy:
    session = requests.Session()
    # Not the environment's REQUESTS_CA_BUNDLE, which requests would put before session.verify.
    session.trust_env = False
    session.verify = str(ca)
    if cert:
        session.cert = (str((certs or ca.parent) / f"{cert}.pem"), str((certs or ca.parent) / f"{cert}-key.pem"))
    return zeep.Client(f"{base}/{service}?wsdl", transport=Transport(session=session)).service


def _refused(call, *args, **kwargs) -> tuple[int, str]:
    with pytest.raises(zeep.exceptions.Fault) as info:
        call(*args, **kwargs)
    return fault_of(info.value)[0], info.value.message


def _tls_options(ca_dir: Path, certificate_map: Path) -> list[str]:
    return [
        "--tls-cert",
        str(ca_dir / "server.pem"),
        "--tls-key",
        str(ca_dir / "server-key.pem"),
        "--client-ca",
        str(ca_dir / "ca.pem"),
        "--certificate-map",
        str(certificate_map),
    ]


@pytest.fixture(scope="module")
def test_ca(tmp_path_factory) -> Path:
    from service.tools.testca import write_test_ca

    out = tmp_path_factory.mktemp("ca")
    write_test_ca(out)
    return out


@pytest.mark.server
def test_client_certificates_decide_access_over_https(test_ca, tmp_path):
    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'https.db'}"
    ca = test_ca / "ca.pem"
    with running_server(url, free_port(), *_tls_options(test_ca, test_ca / "certifikater.toml"), ca=str(ca)) as base:
        assert base.startswith("https://")
        testsupport = _client(base, "TestSupportService", ca)
        testsupport.Nulstil()
        testsupport.SetDato(date(2026, 3, 1))
        testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": CPR,
                "Navn": "Test",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "AkasseKode": "55",
                "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}],
            }
        )
        sygemelding = {"Startdato": date(2026, 2, 20), "Anmeldelsesdato": date(2026, 3, 1), "Arbejdsgiver": {"CVRnummer": "12345678"}}

        # No client certificate: DFDG's 1101, before the caller headers are looked at, and nothing written.
        anonymous = _client(base, "SygemeldingService", ca)
        assert _refused(anonymous.CreateSygemelding, CPR, sygemelding, _soapheaders=_headers((8, "10100")))[0] == 1101
        assert _refused(anonymous.CreateSygemelding, CPR, sygemelding)[0] == 1101
        assert testsupport.GetTilstand(CPR).Fravaer == []

        # The jobcentre's certificate (RID in serialNumber) acts for its own jobcentre...
        jobcenter = _client(base, "SygemeldingService", ca, "jobcenter")
        created = jobcenter.CreateSygemelding(CPR, sygemelding, _soapheaders=_headers((8, "10100")))
        # ...not for another organisation: 1013, naming both.
        code, message = _refused(jobcenter.GetSygemelding, CPR, created.FravaerIdentifier, _soapheaders=_headers((3, "55")))
        assert code == 1013
        assert KLIENTER[0].rid in message and "Jobcenter 10100" in message and "55" in message
        # Without headers, the certificate is accepted and the headers are missing: 8232.
        assert _refused(jobcenter.GetSygemelding, CPR, created.FravaerIdentifier)[0] == 8232

        # The a-kasse's certificate (RID as the common name) reads as a-kasse 55.
        akasse = _client(base, "SygemeldingService", ca, "akasse")
        read = akasse.GetSygemelding(CPR, created.FravaerIdentifier, _soapheaders=_headers((3, "55")))
        assert read.Sygemelding.Startdato == date(2026, 2, 20)
        assert _refused(akasse.GetSygemelding, CPR, created.FravaerIdentifier, _soapheaders=_headers((8, "10100")))[0] == 1013
        assert [f.FravaerIdentifier for f in testsupport.GetTilstand(CPR).Fravaer] == [created.FravaerIdentifier]


@pytest.mark.server
def test_unknown_and_untrusted_client_certificates(test_ca, tmp_path):
    from service.tools.testca import write_test_ca

    url = DATABASE_URL if DATABASE_URL.startswith("postgresql") else f"sqlite:///{tmp_path / 'https.db'}"
    ca = test_ca / "ca.pem"
    only_jobcenter = tmp_path / "kort.toml"
    only_jobcenter.write_text(f'[[certifikat]]\nrid = "{KLIENTER[0].rid}"\norganisationstype = 8\norganisationskode = "10100"\n')
    other_ca = tmp_path / "other"
    write_test_ca(other_ca)
    with running_server(url, free_port(), *_tls_options(test_ca, only_jobcenter), ca=str(ca)) as base:
        # Issued by the CA but not in the map: 1012, naming the certificate's RID.
        akasse = _client(base, "FravaerService", ca, "akasse")
        code, message = _refused(akasse.GetAlleFravaer, CPR, _soapheaders=_headers((3, "55")))
        assert code == 1012 and KLIENTER[1].rid in message
        # Issued by another CA: the TLS handshake fails; no SOAP answer at all.
        session = requests.Session()
        session.trust_env = False
        # (requests' SSLError, "unknown ca"; under TLS 1.3 the alert may also arrive as a reset connection.)
        with pytest.raises(requests.exceptions.ConnectionError):
            session.post(
                f"{base}/FravaerService",
                data=b"<x/>",
                verify=str(ca),
                timeout=10,
                cert=(str(other_ca / "jobcenter.pem"), str(other_ca / "jobcenter-key.pem")),
            )
        # The jobcentre's own certificate still works on this server.
        testsupport = _client(base, "TestSupportService", ca)
        testsupport.Nulstil()
        testsupport.OpretTestborger(
            Testborger={
                "PersonCivilRegistrationIdentifier": CPR,
                "Navn": "Test",
                "Kommunekode": "101",
                "JobcenterKode": "10100",
                "Kontaktgruppehistorik": [{"KontaktgruppeType": 24, "Startdato": date(2025, 1, 1)}],
            }
        )
        assert _client(base, "FravaerService", ca, "jobcenter").GetAlleFravaer(CPR, _soapheaders=_headers((8, "10100"))) == []
