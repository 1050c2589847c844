// The interop scenario (interop/README.md) with the npm package `soap`: clients built at run time from the served WSDLs.
//
// Usage: node client.js BASE_URL CPR. Prints one `CALL <service> <check> ...` line per call for scripts/interop.
// `soap` takes each `<Operation>Request`'s children as the argument object. It does not read the header schemas, so the
// caller headers are objects whose keys carry the prefixes the WSDL declares (rum:, rus:, rut:, clb:, ros:, ams:), which
// `soap` puts on the envelope. A refusal rejects with an error whose `root` is the parsed fault envelope; DFDG's
// FaultDetails is under Envelope.Body.Fault.detail (as text: `soap` does not type fault details).
'use strict';

const soap = require('soap');

const [base, cpr] = process.argv.slice(2);

// DFDG's two caller headers: a system user (3) of jobcentre 10100 (organisation type 8).
const callerHeaders = () => [
  {
    'rum:RequestUserMetadataHeader': {
      'rus:RequestUserStructure': {
        'rus:UserFullName': 'Interop node',
        'rut:RequestUserTypeIdentifier': { 'clb:CodeListItemIdentifier': 3 },
        'rus:UserIdentifier': 'CVR:12345678-FID:1234',
      },
      'ros:RequestOrganisationStructure': {
        'ros:OrganisationTypeIdentifier': { 'clb:CodeListItemIdentifier': 8 },
        'ros:OrganisationCode': '10100',
      },
      'rum:RegistrationDateTime': new Date().toISOString(),
    },
  },
  { 'ams:ActiveOrganisationHeader': { 'ams:OrganisationTypeIdentifier': 8, 'ams:OrganisationCode': '10100' } },
];

const clients = {};

async function service(name, headers = true) {
  if (!clients[name]) {
    clients[name] = await soap.createClientAsync(`${base}/${name}?wsdl`);
  }
  const client = clients[name];
  client.clearSoapHeaders();
  if (headers) {
    for (const header of callerHeaders()) {
      client.addSoapHeader(header);
    }
  }
  return client;
}

async function check(name, what, call) {
  let outcome;
  try {
    outcome = `ok ${await call()}`;
  } catch (error) {
    const details = error.root && error.root.Envelope && error.root.Envelope.Body.Fault
      && error.root.Envelope.Body.Fault.detail && error.root.Envelope.Body.Fault.detail.FaultDetails;
    outcome = details ? `fault ${Number(details.ErrorCode)} detail` : `error ${String(error.message || error).replace(/\n/g, ' ')}`;
  }
  console.log(`CALL ${name} ${what} ${outcome}`);
}

const receipt = ([response]) => `receipt=${response.ServiceReceipt.MessageIdentifier}`;

function indkaldelse(day) {
  return {
    SamtaleType: 7, Starttidspunkt: `${day}T10:00:00+01:00`, Sluttidspunkt: `${day}T10:30:00+01:00`, Samtaleform: 1,
    Titel: 'Jobsamtale', Beskrivelse: 'Samtale om jobsøgningen', Sted: 'Jobcenter',
    Adresse: { Vejnavn: 'Jobvej', Husnummer: '1', Postnummer: '8000', By: 'Aarhus C' },
    Kontaktmuligheder: 'Ring til jobcentret på 70 10 10 10',
  };
}

async function main() {
  const ts = 'TestSupportService';
  const testborger = {
    Testborger: {
      PersonCivilRegistrationIdentifier: cpr, Navn: 'Interop node', Kommunekode: '101', JobcenterKode: '10100', Tilmeldt: true,
      Kontaktgruppehistorik: [{ KontaktgruppeType: 2, Startdato: '2025-06-01', Personkategori: 4 }],
    },
  };
  await check(ts, 'success', async () => {
    await (await service(ts, false)).SetDatoAsync({ Dato: '2026-03-01' });
    return receipt(await (await service(ts, false)).OpretTestborgerAsync(testborger));
  });
  await check(ts, 'refused', async () => receipt(await (await service(ts, false)).OpretTestborgerAsync(testborger)));

  const kl = 'KodelisteService';
  await check(kl, 'success', async () => {
    const [response] = await (await service(kl, false)).GetKodelisteAsync({ Navn: 'Fejlkode' });
    return `codes=${response.Kodeliste[0].Kode.length}`;
  });
  await check(kl, 'refused', async () => (await (await service(kl, false)).GetKodelisteAsync({ Navn: 'Findes ikke' }))[0]);

  const kg = 'KontaktgruppeService';
  await check(kg, 'success', async () => {
    const [response] = await (await service(kg)).GetKontaktgrupperAsync({ PersonCivilRegistrationIdentifier: cpr });
    return `groups=${[].concat(response.Kontaktgruppe).length}`;
  });
  await check(kg, 'refused', async () => receipt(await (await service(kg)).CreateKontaktgruppeAsync({
    PersonCivilRegistrationIdentifier: cpr, Kontaktgruppe: { KontaktgruppeType: 25, Startdato: '2026-02-28' },
  })));
  await check(kg, 'no-headers', async () => (await (await service(kg, false)).GetKontaktgrupperAsync(
    { PersonCivilRegistrationIdentifier: cpr }))[0]);

  const fr = 'FravaerService';
  await check(fr, 'success', async () => receipt(await (await service(fr)).CreateFravaerAsync({
    PersonCivilRegistrationIdentifier: cpr,
    Fravaer: { FravaerType: 3, Startdato: '2026-02-25', Slutdato: '2026-03-10', Anmeldelsesdato: '2026-03-01' },
  })));
  await check(fr, 'refused', async () => receipt(await (await service(fr)).CreateFravaerAsync({
    PersonCivilRegistrationIdentifier: cpr, Fravaer: { FravaerType: 5, Startdato: '2026-03-01', Anmeldelsesdato: '2026-03-01' },
  })));
  await check(fr, 'no-headers', async () => (await (await service(fr, false)).GetAlleFravaerAsync(
    { PersonCivilRegistrationIdentifier: cpr }))[0]);

  const sy = 'SygemeldingService';
  const sygemelding = (start, end) => ({
    PersonCivilRegistrationIdentifier: cpr,
    Sygemelding: end ? { Startdato: start, Slutdato: end, Anmeldelsesdato: '2026-03-01' } : { Startdato: start, Anmeldelsesdato: '2026-03-01' },
  });
  await check(sy, 'success', async () => receipt(await (await service(sy)).CreateSygemeldingAsync(sygemelding('2026-02-20', '2026-02-22'))));
  await check(sy, 'refused', async () => receipt(await (await service(sy)).CreateSygemeldingAsync(sygemelding('2025-12-30', '2026-01-05'))));
  await check(sy, 'no-headers', async () => receipt(await (await service(sy, false)).CreateSygemeldingAsync(sygemelding('2026-03-01'))));

  const sa = 'SamtaleService';
  const samtale = (held) => ({
    PersonCivilRegistrationIdentifier: cpr, Samtale: {
      SamtaleType: 7, Afholdelsestidspunkt: held, Samtaleform: 1, AftaleOmDetVidereForloeb: 'Ny samtale om fire uger',
    },
  });
  await check(sa, 'success', async () => receipt(await (await service(sa)).CreateSamtaleAsync(samtale('2026-02-28T10:00:00+01:00'))));
  await check(sa, 'refused', async () => receipt(await (await service(sa)).CreateSamtaleAsync(samtale('2026-03-02T10:00:00+01:00'))));
  await check(sa, 'no-headers', async () => (await (await service(sa, false)).GetSamtalerAsync(
    { PersonCivilRegistrationIdentifier: cpr }))[0]);

  const ik = 'IndkaldelseService';
  await check(ik, 'success', async () => receipt(await (await service(ik)).CreateIndkaldelseAsync(
    { PersonCivilRegistrationIdentifier: cpr, Indkaldelse: indkaldelse('2026-03-03') })));
  await check(ik, 'refused', async () => receipt(await (await service(ik)).CreateIndkaldelseAsync(
    { PersonCivilRegistrationIdentifier: cpr, Indkaldelse: indkaldelse('2026-02-28') })));
  await check(ik, 'no-headers', async () => (await (await service(ik, false)).GetIndkaldelserAsync(
    { PersonCivilRegistrationIdentifier: cpr }))[0]);

  const kf = 'KontaktforloebService';
  await check(kf, 'success', async () => {
    const [response] = await (await service(kf)).GetKontaktforloebAsync({ PersonCivilRegistrationIdentifier: cpr, Dato: '2026-03-01' });
    return `krav=${[].concat(response.Kontaktforloeb.Krav).length}`;
  });
  await check(kf, 'refused', async () => (await (await service(kf)).GetOpfoelgningsstatusAsync({ Kommunekode: '202', Dato: '2026-03-01' }))[0]);
  await check(kf, 'no-headers', async () => (await (await service(kf, false)).GetKontaktforloebAsync(
    { PersonCivilRegistrationIdentifier: cpr, Dato: '2026-03-01' }))[0]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
