"""The certificate decision in the domain (service/domain/certifikat.py), the HTTPS options and make-test-ca's files."""

import tomllib

import pytest

from service.config import Settings
from service.domain.caller import Caller
from service.domain.certifikat import UDEN_CERTIFIKATER, Certifikatkort, Certifikatorganisation, rid_of
from service.rules.violation import Afvisning
from service.tools.testca import KLIENTER

JOBCENTER_RID = "CVR:11223344-FID:10100001"


def _caller(org: tuple[int, str]) -> Caller:
    return Caller(organisation_type=org[0], organisation_code=org[1], user_identifier="u", user_full_name="U", user_type=3)


def _code(call, *args) -> int:
    with pytest.raises(Afvisning) as info:
        call(*args)
    return info.value.fejlkode


def test_rid_from_serial_number_or_common_name():
    assert rid_of(f"C=DK,O=Jobcenter // CVR:11223344,CN=System,serialNumber={JOBCENTER_RID}") == JOBCENTER_RID
    uuid_rid = "CVR:55667788-UUID:0f8e6c2a-5b1d-4c3e-9a7f-2d4b6e8c1a35"
    assert rid_of(f"C=DK,O=A-kasse,CN={uuid_rid}") == uuid_rid
    assert rid_of("C=DK,O=Firma,CN=Ingen RID") is None


def test_logon_and_permissions():
    kort = Certifikatkort(
        {
            JOBCENTER_RID: Certifikatorganisation(organisation_type=8, organisation_code="10100", navn=""),
            "C=DK,CN=KSD": Certifikatorganisation(organisation_type=9, organisation_code="*", navn=""),
        }
    )
    assert _code(kort.logon, None) == 1101
    assert _code(kort.logon, "C=DK,CN=System,serialNumber=CVR:99999999-FID:1") == 1012
    logon = kort.logon(f"C=DK,CN=System,serialNumber={JOBCENTER_RID}")
    assert logon.godkend(_caller((8, "10100"))).organisation_code == "10100"
    assert _code(logon.godkend, _caller((8, "10200"))) == 1013
    assert _code(logon.godkend, _caller((7, "101"))) == 1013
    # Keyed by subject; "*" acts for every code of its type.
    ksd = kort.logon("C=DK,CN=KSD")
    assert ksd.godkend(_caller((9, "101"))).organisation_code == "101"
    assert _code(ksd.godkend, _caller((8, "10100"))) == 1013


def test_without_client_certificates_nothing_is_checked():
    assert UDEN_CERTIFIKATER.logon(None).godkend(_caller((3, "55"))).organisation_code == "55"


def test_a_map_row_without_organisation_is_refused_at_start(tmp_path):
    path = tmp_path / "kort.toml"
    path.write_text(f'[[certifikat]]\nrid = "{JOBCENTER_RID}"\norganisationstype = 8\n')
    with pytest.raises(ValueError, match="organisationskode"):
        Certifikatkort.load(path)


@pytest.mark.parametrize(
    "options, problem",
    [
        ({"tls_cert": "s.pem"}, "--tls-key"),
        ({"client_ca": "ca.pem", "certificate_map": "k.toml"}, "--client-ca needs --tls-cert"),
        ({"tls_cert": "s.pem", "tls_key": "k.pem", "client_ca": "ca.pem"}, "--certificate-map"),
        ({"tls_cert": "s.pem", "tls_key": "k.pem", "certificate_map": "k.toml"}, "--certificate-map"),
    ],
)
def test_https_options_that_do_not_go_together(options, problem):
    assert problem in Settings(**options).tls_problem()
    assert Settings(tls_cert="s.pem", tls_key="k.pem", client_ca="ca.pem", certificate_map="k.toml").tls_problem() is None
    assert Settings().tls_problem() is None


def test_serve_refuses_client_certificates_without_a_map(capsys):
    from service.cli import main

    assert main(["serve", "--tls-cert", "s.pem", "--tls-key", "k.pem", "--client-ca", "ca.pem"]) == 2
    assert "--certificate-map" in capsys.readouterr().err


def test_make_test_ca_writes_certificates_and_a_map_that_names_them(tmp_path, capsys):
    from cryptography import x509

    from service.cli import main

    assert main(["make-test-ca", "--out", str(tmp_path)]) == 0
    written = {line.rsplit("/", 1)[-1] for line in capsys.readouterr().out.split()}
    assert {
        "ca.pem",
        "server.pem",
        "server-key.pem",
        "jobcenter.pem",
        "jobcenter-key.pem",
        "jobcenter.p12",
        "akasse.pem",
        "akasse-key.pem",
        "akasse.p12",
        "certifikater.toml",
    } <= written
    server = x509.load_pem_x509_certificate((tmp_path / "server.pem").read_bytes())
    names = server.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "localhost" in names.get_values_for_type(x509.DNSName)
    assert {str(ip) for ip in names.get_values_for_type(x509.IPAddress)} >= {"127.0.0.1"}
    kort = Certifikatkort.load(tmp_path / "certifikater.toml")
    for klient in KLIENTER:
        cert = x509.load_pem_x509_certificate((tmp_path / f"{klient.fil}.pem").read_bytes())
        logon = kort.logon(cert.subject.rfc4514_string())
        assert logon.certifikat == klient.rid
        assert logon.godkend(_caller((klient.organisationstype, klient.organisationskode)))
    with open(tmp_path / "certifikater.toml", "rb") as f:
        assert [row["organisationstype"] for row in tomllib.load(f)["certifikat"]] == [8, 3]
    assert (tmp_path / "jobcenter-key.pem").stat().st_mode & 0o077 == 0
