"""`make-test-ca`: a throw-away CA, a server certificate for this machine and two client certificates shaped
like DFDG's OCES function certificates, with the certificate map that names their organisations.

The RID stands in the subject where OCES puts it: the jobcentre's OCES2-style `CVR:<cvr>-FID:<fid>` in
serialNumber, the a-kasse's OCES3-style `CVR:<cvr>-UUID:<uuid>` as the common name (dfdg-wire.md § 2.1).
The CVR numbers and ids are made up. Keys are RSA 2048 and the PKCS#12 files use SHA-1/3DES, so
that older Java, .NET and Mono TLS stacks read them too.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

PKCS12_PASSWORD = "dfdg"


@dataclass(frozen=True)
class Klient:
    fil: str
    navn: str
    rid: str
    rid_i_cn: bool
    organisationstype: int
    organisationskode: str


KLIENTER = (
    Klient("jobcenter", "Jobcenter 10100 fagsystem (test)", "CVR:11223344-FID:10100001", False, 8, "10100"),
    Klient("akasse", "A-kasse 55 fagsystem (test)", "CVR:55667788-UUID:0f8e6c2a-5b1d-4c3e-9a7f-2d4b6e8c1a35", True, 3, "55"),
)


def write_test_ca(out: Path, days: int = 825) -> list[Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    out.mkdir(parents=True, exist_ok=True)
    now = datetime.now(UTC) - timedelta(minutes=5)
    written: list[Path] = []

    def key() -> rsa.RSAPrivateKey:
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def name(*attributes: tuple[x509.ObjectIdentifier, str]) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "DK")] + [x509.NameAttribute(oid, value) for oid, value in attributes])

    def write(filename: str, data: bytes) -> None:
        path = out / filename
        path.write_bytes(data)
        if filename.endswith(("-key.pem", ".p12")):
            path.chmod(0o600)
        written.append(path)

    def pem_key(k: rsa.RSAPrivateKey) -> bytes:
        return k.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())

    ca_key = key()
    ca_name = name((NameOID.ORGANIZATION_NAME, "DFDG emulator (test)"), (NameOID.COMMON_NAME, "DFDG emulator test CA"))
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    write("ca.pem", ca.public_bytes(serialization.Encoding.PEM))

    def issue(
        subject: x509.Name, k: rsa.RSAPrivateKey, usage: x509.ObjectIdentifier, san: x509.SubjectAlternativeName | None = None
    ) -> x509.Certificate:
        builder = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(ca_name)
            .public_key(k.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now)
            .not_valid_after(now + timedelta(days=days))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        )
        if san is not None:
            builder = builder.add_extension(san, critical=False)
        return builder.sign(ca_key, hashes.SHA256())

    server_key = key()
    server = issue(
        name((NameOID.ORGANIZATION_NAME, "DFDG emulator (test)"), (NameOID.COMMON_NAME, "localhost")),
        server_key,
        ExtendedKeyUsageOID.SERVER_AUTH,
        x509.SubjectAlternativeName(
            [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.IPAddress(ipaddress.ip_address("::1"))]
        ),
    )
    write("server.pem", server.public_bytes(serialization.Encoding.PEM))
    write("server-key.pem", pem_key(server_key))

    p12 = (
        serialization.PrivateFormat.PKCS12.encryption_builder()
        .kdf_rounds(50000)
        .key_cert_algorithm(pkcs12.PBES.PBESv1SHA1And3KeyTripleDESCBC)
        .hmac_hash(hashes.SHA1())
        .build(PKCS12_PASSWORD.encode())
    )
    rows = [
        "# Which organisation each client certificate acts for (dfdg-emulator serve --certificate-map).",
        "# Key: the certificate's RID (CVR:<cvr>-FID:<fid> or CVR:<cvr>-UUID:<uuid>), or, for a certificate",
        "# without a RID, `subject` as the emulator's 1012 fault prints it.",
        '# organisationskode "*" allows every code of the type.',
        "",
    ]
    for klient in KLIENTER:
        k = key()
        cvr = klient.rid.split("-")[0].split(":")[1]
        subject = [(NameOID.ORGANIZATION_NAME, f"{klient.navn.rsplit(' fagsystem', 1)[0]} // CVR:{cvr}")]
        if klient.rid_i_cn:
            subject.append((NameOID.COMMON_NAME, klient.rid))  # a name and the RID would pass the 64 characters of a CN
        else:
            subject += [(NameOID.COMMON_NAME, klient.navn), (NameOID.SERIAL_NUMBER, klient.rid)]
        cert = issue(name(*subject), k, ExtendedKeyUsageOID.CLIENT_AUTH)
        write(f"{klient.fil}.pem", cert.public_bytes(serialization.Encoding.PEM))
        write(f"{klient.fil}-key.pem", pem_key(k))
        write(f"{klient.fil}.p12", pkcs12.serialize_key_and_certificates(klient.fil.encode(), k, cert, [ca], p12))
        rows += [
            "[[certifikat]]",
            f'rid = "{klient.rid}"',
            f"organisationstype = {klient.organisationstype}",
            f'organisationskode = "{klient.organisationskode}"',
            f'navn = "{klient.navn}"',
            "",
        ]
    write("certifikater.toml", "\n".join(rows).encode())
    return written
