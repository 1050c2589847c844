// The interop scenario (interop/README.md) with .NET-style proxies: Mono's `wsdl -namespace:Dfdg.<Service>` generates a
// SoapHttpClientProtocol per service from the served WSDLs (made by scripts/interop, not committed), compiled with mcs.
//
// Usage: mono InteropClient.exe BASE_URL CPR. Prints one `CALL <service> <check> ...` line per call for scripts/interop.
// An ASMX-style proxy has no fault classes: a refusal is a SoapException whose Detail holds DFDG's FaultDetails, read here
// with XmlSerializer into the FaultDetails class below (DFDG's type, namespace http://service.bm.dk/xml/schemas/2011/01/12/).
// Each generated namespace has its own copy of the header classes; the two caller headers are built once with
// SygemeldingService's classes and copied into each other service's through XML (same schema, same XML).

using System;
using System.Globalization;
using System.IO;
using System.Web.Services.Protocols;
using System.Xml;
using System.Xml.Serialization;

[XmlRoot("FaultDetails", Namespace = "http://service.bm.dk/xml/schemas/2011/01/12/")]
public class FaultDetails
{
    public int ErrorCode;
    public string Message;
    public string InnerException;
    public string StackTrace;
    public string Source;
}

public static class InteropClient
{
    static string baseUrl;
    static string cpr;
    static readonly XmlSerializer faultReader = new XmlSerializer(typeof(FaultDetails));

    static DateTime Day(string value)
    {
        return DateTime.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
    }

    static DateTime Moment(string value)  // "2026-03-02T10:00:00+01:00"
    {
        return DateTimeOffset.Parse(value, CultureInfo.InvariantCulture).UtcDateTime;
    }

    /// <summary>DFDG's FaultDetails from a SOAP fault's detail, or null when the detail has none.</summary>
    static FaultDetails Details(SoapException fault)
    {
        XmlNode detail = fault.Detail;
        XmlElement element = detail == null ? null : detail["FaultDetails", "http://service.bm.dk/xml/schemas/2011/01/12/"];
        return element == null ? null : (FaultDetails)faultReader.Deserialize(new XmlNodeReader(element));
    }

    static void Check(string service, string what, Func<string> call)
    {
        string outcome;
        try
        {
            outcome = "ok " + call();
        }
        catch (SoapException fault)
        {
            FaultDetails details = Details(fault);
            outcome = details != null ? "fault " + details.ErrorCode + " detail" : "error SoapException without FaultDetails: " + fault.Message;
        }
        catch (Exception error)
        {
            outcome = "error " + error.GetType().FullName + ": " + error.Message.Replace('\n', ' ');
        }
        Console.WriteLine("CALL " + service + " " + what + " " + outcome);
    }

    static void TestSupport()
    {
        var port = new Dfdg.TestSupport.TestSupportService { Url = baseUrl + "/TestSupportService" };
        var opret = new Dfdg.TestSupport.OpretTestborgerRequestType
        {
            Testborger = new Dfdg.TestSupport.MandatoryTestborger
            {
                PersonCivilRegistrationIdentifier = cpr, Navn = "Interop Mono", Kommunekode = "101", JobcenterKode = "10100",
                Tilmeldt = true, TilmeldtSpecified = true,
                Kontaktgruppehistorik = new[] {
                    new Dfdg.TestSupport.Kontaktgruppeperiode { KontaktgruppeType = "2", Startdato = Day("2025-06-01"), Personkategori = "4" } },
            },
        };
        const string ts = "TestSupportService";
        Check(ts, "success", () =>
        {
            port.SetDato(new Dfdg.TestSupport.SetDatoRequestType { Dato = Day("2026-03-01") });
            return "receipt=" + port.OpretTestborger(opret).ServiceReceipt.MessageIdentifier;
        });
        Check(ts, "refused", () => "receipt=" + port.OpretTestborger(opret).ServiceReceipt.MessageIdentifier);
    }

    static void Kodeliste()
    {
        var port = new Dfdg.Kodeliste.KodelisteService { Url = baseUrl + "/KodelisteService" };
        const string kl = "KodelisteService";
        Check(kl, "success", () => "codes=" + port.GetKodeliste(new Dfdg.Kodeliste.GetKodelisteRequestType { Navn = "Fejlkode" })[0].Kode.Length);
        Check(kl, "refused", () => "lists=" + port.GetKodeliste(new Dfdg.Kodeliste.GetKodelisteRequestType { Navn = "Findes ikke" }).Length);
    }

    // The business services: DFDG's two caller headers, a system user (3) of jobcentre 10100 (organisation type 8).
    // RequestIdValue stays null, and the no-headers call sets all three to null.

    static readonly Dfdg.Sygemelding.RequestUserMetadataType userHeader = new Dfdg.Sygemelding.RequestUserMetadataType
    {
        RequestUserStructure = new Dfdg.Sygemelding.RequestUserStructureType
        {
            UserFullName = "Interop Mono", UserIdentifier = "CVR:12345678-FID:1234",
            RequestUserTypeIdentifier = new Dfdg.Sygemelding.RequestUserTypeIdentifierType { CodeListItemIdentifier = 3 },
        },
        RequestOrganisationStructure = new Dfdg.Sygemelding.RequestOrganisationStructureType
        {
            OrganisationTypeIdentifier = new Dfdg.Sygemelding.OrganisationTypeIdentifierType { CodeListItemIdentifier = 8 },
            OrganisationCode = "10100",
        },
        RegistrationDateTime = DateTime.UtcNow,
    };
    static readonly Dfdg.Sygemelding.ActiveOrganisationHeaderType organisationHeader =
        new Dfdg.Sygemelding.ActiveOrganisationHeaderType { OrganisationTypeIdentifier = 8, OrganisationCode = "10100" };

    /// <summary>The header copied into another service's generated class of the same schema type, through its XML.</summary>
    static T Header<T>(object header)
    {
        if (header is T same)
        {
            return same;
        }
        var xml = new StringWriter();
        new XmlSerializer(header.GetType()).Serialize(xml, header);
        return (T)new XmlSerializer(typeof(T)).Deserialize(new StringReader(xml.ToString()));
    }

    static void Kontaktgruppe()
    {
        var port = new Dfdg.Kontaktgruppe.KontaktgruppeService { Url = baseUrl + "/KontaktgruppeService" };
        port.RequestUserMetadataHeader = Header<Dfdg.Kontaktgruppe.RequestUserMetadataType>(userHeader);
        port.ActiveOrganisationHeader = Header<Dfdg.Kontaktgruppe.ActiveOrganisationHeaderType>(organisationHeader);
        var get = new Dfdg.Kontaktgruppe.GetKontaktgrupperRequestType { PersonCivilRegistrationIdentifier = cpr };
        const string kg = "KontaktgruppeService";
        Check(kg, "success", () => "groups=" + port.GetKontaktgrupper(get).Length);
        Check(kg, "refused", () => "receipt=" + port.CreateKontaktgruppe(new Dfdg.Kontaktgruppe.CreateKontaktgruppeRequestType
        {
            PersonCivilRegistrationIdentifier = cpr,
            Kontaktgruppe = new Dfdg.Kontaktgruppe.MandatoryKontaktgruppe { KontaktgruppeType = "25", Startdato = Day("2026-02-28") },  // not today: 4703
        }).ServiceReceipt.MessageIdentifier);
        port.RequestUserMetadataHeader = null;
        port.ActiveOrganisationHeader = null;
        Check(kg, "no-headers", () => "groups=" + port.GetKontaktgrupper(get).Length);
    }

    static void Fravaer()
    {
        var port = new Dfdg.Fravaer.FravaerService { Url = baseUrl + "/FravaerService" };
        port.RequestUserMetadataHeader = Header<Dfdg.Fravaer.RequestUserMetadataType>(userHeader);
        port.ActiveOrganisationHeader = Header<Dfdg.Fravaer.ActiveOrganisationHeaderType>(organisationHeader);
        const string fr = "FravaerService";
        Check(fr, "success", () => "receipt=" + port.CreateFravaer(new Dfdg.Fravaer.CreateFravaerRequestType
        {
            PersonCivilRegistrationIdentifier = cpr,
            Fravaer = new Dfdg.Fravaer.MandatoryFravaer  // Borgerligt ombud
            {
                FravaerType = "3", Startdato = Day("2026-02-25"), Slutdato = Day("2026-03-10"), SlutdatoSpecified = true,
                Anmeldelsesdato = Day("2026-03-01"),
            },
        }).ServiceReceipt.MessageIdentifier);
        Check(fr, "refused", () => "receipt=" + port.CreateFravaer(new Dfdg.Fravaer.CreateFravaerRequestType
        {
            PersonCivilRegistrationIdentifier = cpr,
            Fravaer = new Dfdg.Fravaer.MandatoryFravaer { FravaerType = "5", Startdato = Day("2026-03-01"), Anmeldelsesdato = Day("2026-03-01") },  // 2002
        }).ServiceReceipt.MessageIdentifier);
        port.RequestUserMetadataHeader = null;
        port.ActiveOrganisationHeader = null;
        Check(fr, "no-headers", () => "fravaer=" + port.GetAlleFravaer(
            new Dfdg.Fravaer.GetAlleFravaerRequestType { PersonCivilRegistrationIdentifier = cpr }).Length);
    }

    static Dfdg.Sygemelding.CreateSygemeldingRequestType Sygemelding(string start, string end)
    {
        var sygemelding = new Dfdg.Sygemelding.MandatorySygemelding { Startdato = Day(start), Anmeldelsesdato = Day("2026-03-01") };
        if (end != null)
        {
            sygemelding.Slutdato = Day(end);
            sygemelding.SlutdatoSpecified = true;
        }
        return new Dfdg.Sygemelding.CreateSygemeldingRequestType { PersonCivilRegistrationIdentifier = cpr, Sygemelding = sygemelding };
    }

    static void Sygemelding()
    {
        var port = new Dfdg.Sygemelding.SygemeldingService { Url = baseUrl + "/SygemeldingService" };
        port.RequestUserMetadataHeader = Header<Dfdg.Sygemelding.RequestUserMetadataType>(userHeader);
        port.ActiveOrganisationHeader = Header<Dfdg.Sygemelding.ActiveOrganisationHeaderType>(organisationHeader);
        const string sy = "SygemeldingService";
        Check(sy, "success", () => "receipt=" + port.CreateSygemelding(Sygemelding("2026-02-20", "2026-02-22")).ServiceReceipt.MessageIdentifier);
        Check(sy, "refused", () => "receipt=" + port.CreateSygemelding(Sygemelding("2025-12-30", "2026-01-05")).ServiceReceipt.MessageIdentifier);  // 4685
        port.RequestUserMetadataHeader = null;
        port.ActiveOrganisationHeader = null;
        Check(sy, "no-headers", () => "receipt=" + port.CreateSygemelding(Sygemelding("2026-03-01", null)).ServiceReceipt.MessageIdentifier);
    }

    static Dfdg.Samtale.CreateSamtaleRequestType Samtale(string held)
    {
        return new Dfdg.Samtale.CreateSamtaleRequestType
        {
            PersonCivilRegistrationIdentifier = cpr,
            Samtale = new Dfdg.Samtale.MandatorySamtale
            {
                SamtaleType = "7", Afholdelsestidspunkt = Moment(held), Samtaleform = "1",
                AftaleOmDetVidereForloeb = "Ny samtale om fire uger",
            },
        };
    }

    static void Samtale()
    {
        var port = new Dfdg.Samtale.SamtaleService { Url = baseUrl + "/SamtaleService" };
        port.RequestUserMetadataHeader = Header<Dfdg.Samtale.RequestUserMetadataType>(userHeader);
        port.ActiveOrganisationHeader = Header<Dfdg.Samtale.ActiveOrganisationHeaderType>(organisationHeader);
        const string sa = "SamtaleService";
        Check(sa, "success", () => "receipt=" + port.CreateSamtale(Samtale("2026-02-28T10:00:00+01:00")).ServiceReceipt.MessageIdentifier);
        Check(sa, "refused", () => "receipt=" + port.CreateSamtale(Samtale("2026-03-02T10:00:00+01:00")).ServiceReceipt.MessageIdentifier);  // 7023
        port.RequestUserMetadataHeader = null;
        port.ActiveOrganisationHeader = null;
        Check(sa, "no-headers", () => "samtaler=" + port.GetSamtaler(
            new Dfdg.Samtale.GetSamtalerRequestType { PersonCivilRegistrationIdentifier = cpr }).Length);
    }

    static Dfdg.Indkaldelse.CreateIndkaldelseRequestType Indkaldelse(string day)
    {
        return new Dfdg.Indkaldelse.CreateIndkaldelseRequestType
        {
            PersonCivilRegistrationIdentifier = cpr,
            Indkaldelse = new Dfdg.Indkaldelse.MandatoryIndkaldelse
            {
                SamtaleType = "7", Starttidspunkt = Moment(day + "T10:00:00+01:00"), Sluttidspunkt = Moment(day + "T10:30:00+01:00"),
                SluttidspunktSpecified = true,  // wsdl.exe pairs an optional nillable value with a *Specified flag
                Samtaleform = "1", Titel = "Jobsamtale", Beskrivelse = "Samtale om jobsøgningen", Sted = "Jobcenter",
                Kontaktmuligheder = "Ring til jobcentret på 70 10 10 10",
                Adresse = new Dfdg.Indkaldelse.Adresse { Vejnavn = "Jobvej", Husnummer = "1", Postnummer = "8000", By = "Aarhus C" },
            },
        };
    }

    static void Indkaldelse()
    {
        var port = new Dfdg.Indkaldelse.IndkaldelseService { Url = baseUrl + "/IndkaldelseService" };
        port.RequestUserMetadataHeader = Header<Dfdg.Indkaldelse.RequestUserMetadataType>(userHeader);
        port.ActiveOrganisationHeader = Header<Dfdg.Indkaldelse.ActiveOrganisationHeaderType>(organisationHeader);
        const string ik = "IndkaldelseService";
        Check(ik, "success", () => "receipt=" + port.CreateIndkaldelse(Indkaldelse("2026-03-03")).ServiceReceipt.MessageIdentifier);
        Check(ik, "refused", () => "receipt=" + port.CreateIndkaldelse(Indkaldelse("2026-02-28")).ServiceReceipt.MessageIdentifier);  // 4783
        port.RequestUserMetadataHeader = null;
        port.ActiveOrganisationHeader = null;
        Check(ik, "no-headers", () => "indkaldelser=" + port.GetIndkaldelser(
            new Dfdg.Indkaldelse.GetIndkaldelserRequestType { PersonCivilRegistrationIdentifier = cpr }).Length);
    }

    static void Kontaktforloeb()
    {
        var port = new Dfdg.Kontaktforloeb.KontaktforloebService { Url = baseUrl + "/KontaktforloebService" };
        port.RequestUserMetadataHeader = Header<Dfdg.Kontaktforloeb.RequestUserMetadataType>(userHeader);
        port.ActiveOrganisationHeader = Header<Dfdg.Kontaktforloeb.ActiveOrganisationHeaderType>(organisationHeader);
        var get = new Dfdg.Kontaktforloeb.GetKontaktforloebRequestType { PersonCivilRegistrationIdentifier = cpr, Dato = Day("2026-03-01") };
        const string kf = "KontaktforloebService";
        Check(kf, "success", () => "krav=" + port.GetKontaktforloeb(get).Kontaktforloeb.Krav.Length);
        Check(kf, "refused", () => "maalgrupper=" + port.GetOpfoelgningsstatus(
            new Dfdg.Kontaktforloeb.GetOpfoelgningsstatusRequestType { Kommunekode = "202", Dato = Day("2026-03-01") }).Length);  // 4575
        port.RequestUserMetadataHeader = null;
        port.ActiveOrganisationHeader = null;
        Check(kf, "no-headers", () => "krav=" + port.GetKontaktforloeb(get).Kontaktforloeb.Krav.Length);
    }

    public static void Main(string[] args)
    {
        baseUrl = args[0];
        cpr = args[1];
        TestSupport();
        Kodeliste();
        Kontaktgruppe();
        Fravaer();
        Sygemelding();
        Samtale();
        Indkaldelse();
        Kontaktforloeb();
    }
}
