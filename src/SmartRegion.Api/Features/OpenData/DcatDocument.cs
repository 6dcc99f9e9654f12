using System.Text.Json.Serialization;

namespace SmartRegion.Api.Features.OpenData;

// The JSON-LD shapes of the DCAT-AP.de catalog. Property names are the compact IRIs of the vocabularies named in
// the @context, so the document reads as RDF (dcat, dct, foaf, vcard, dcatde) and as plain JSON alike.

/// <summary>The JSON-LD context: the prefixes the catalog's compact IRIs use.</summary>
/// <param name="Dcat" example="http://www.w3.org/ns/dcat#">Data Catalog Vocabulary.</param>
/// <param name="Dct" example="http://purl.org/dc/terms/">Dublin Core terms.</param>
/// <param name="Foaf" example="http://xmlns.com/foaf/0.1/">Friend of a Friend (publisher).</param>
/// <param name="Vcard" example="http://www.w3.org/2006/vcard/ns#">vCard (contact point).</param>
/// <param name="Dcatde" example="http://dcat-ap.de/def/dcatde/">DCAT-AP.de extensions.</param>
/// <param name="Xsd" example="http://www.w3.org/2001/XMLSchema#">XML Schema datatypes.</param>
public sealed record DcatContext(
    [property: JsonPropertyName("dcat")] string Dcat,
    [property: JsonPropertyName("dct")] string Dct,
    [property: JsonPropertyName("foaf")] string Foaf,
    [property: JsonPropertyName("vcard")] string Vcard,
    [property: JsonPropertyName("dcatde")] string Dcatde,
    [property: JsonPropertyName("xsd")] string Xsd)
{
    public static readonly DcatContext Instance = new(
        "http://www.w3.org/ns/dcat#", "http://purl.org/dc/terms/", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/2006/vcard/ns#",
        "http://dcat-ap.de/def/dcatde/", "http://www.w3.org/2001/XMLSchema#");
}

/// <summary>A text in a language (JSON-LD value object).</summary>
/// <param name="Value" example="Projekte der Smart-Region-Strategie">The text.</param>
/// <param name="Language" example="de">Its language (BCP 47).</param>
public sealed record JsonLdText([property: JsonPropertyName("@value")] string Value, [property: JsonPropertyName("@language")] string Language);

/// <summary>A typed literal (JSON-LD value object), here timestamps.</summary>
/// <param name="Value" example="2025-03-28T09:30:00Z">The lexical value (UTC).</param>
/// <param name="Type" example="xsd:dateTime">Its datatype.</param>
public sealed record JsonLdTyped([property: JsonPropertyName("@value")] string Value, [property: JsonPropertyName("@type")] string Type);

/// <summary>A reference to a resource by IRI (JSON-LD node reference).</summary>
/// <param name="Id" example="http://dcat-ap.de/def/licenses/dl-by-de/2.0">The IRI.</param>
public sealed record JsonLdId([property: JsonPropertyName("@id")] string Id);

/// <summary>The publisher, a <c>foaf:Organization</c>: the Kreis.</summary>
/// <param name="Id" example="https://smartregion.example/api/v1/regions/kreis-warendorf#publisher">The organisation's IRI.</param>
/// <param name="Type" example="foaf:Organization">Always <c>foaf:Organization</c>.</param>
/// <param name="Name" example="Kreis Warendorf">The Kreis's name.</param>
public sealed record FoafOrganization(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("foaf:name")] string Name);

/// <summary>The contact point, a <c>vcard:Organization</c>: the Kreis office.</summary>
/// <param name="Type" example="vcard:Organization">Always <c>vcard:Organization</c>.</param>
/// <param name="Name" example="Kreis Warendorf">The organisation's name.</param>
/// <param name="Email">The Kreis's contact e-mail as <c>mailto:</c> IRI when it is known (for callers with credentials).</param>
/// <param name="Url">The region's address in this API.</param>
public sealed record VcardOrganization(
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("vcard:fn")] string Name,
    [property: JsonPropertyName("vcard:hasEmail")] IReadOnlyList<JsonLdId> Email,
    [property: JsonPropertyName("vcard:hasURL")] IReadOnlyList<JsonLdId> Url);

/// <summary>A DCAT-AP.de catalog (<c>dcat:Catalog</c>) of a region's datasets.</summary>
/// <param name="Context">The JSON-LD context.</param>
/// <param name="Id" example="https://smartregion.example/api/v1/regions/kreis-warendorf/catalog">The catalog's IRI, its address.</param>
/// <param name="Type" example="dcat:Catalog">Always <c>dcat:Catalog</c>.</param>
/// <param name="Title">dct:title (mandatory).</param>
/// <param name="Description">dct:description (mandatory).</param>
/// <param name="Publisher">dct:publisher (mandatory): the Kreis.</param>
/// <param name="Language">dct:language: German.</param>
/// <param name="Issued">dct:issued: when the region or its first data came into being.</param>
/// <param name="Modified">dct:modified: the latest change of any dataset.</param>
/// <param name="ThemeTaxonomy">dcat:themeTaxonomy: the EU data themes used by dcat:theme.</param>
/// <param name="Datasets">dcat:dataset (mandatory, at least one).</param>
public sealed record DcatCatalog(
    [property: JsonPropertyName("@context")] DcatContext Context,
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("dct:title")] JsonLdText Title,
    [property: JsonPropertyName("dct:description")] JsonLdText Description,
    [property: JsonPropertyName("dct:publisher")] FoafOrganization Publisher,
    [property: JsonPropertyName("dct:language")] JsonLdId Language,
    [property: JsonPropertyName("dct:issued")] JsonLdTyped Issued,
    [property: JsonPropertyName("dct:modified")] JsonLdTyped Modified,
    [property: JsonPropertyName("dcat:themeTaxonomy")] JsonLdId ThemeTaxonomy,
    [property: JsonPropertyName("dcat:dataset")] IReadOnlyList<DcatDataset> Datasets);

/// <summary>A dataset (<c>dcat:Dataset</c>).</summary>
/// <param name="Id" example="https://smartregion.example/api/v1/regions/kreis-warendorf/catalog#projects">The dataset's IRI.</param>
/// <param name="Type" example="dcat:Dataset">Always <c>dcat:Dataset</c>.</param>
/// <param name="Identifier" example="kreis-warendorf/projects">dct:identifier, stable per region and dataset.</param>
/// <param name="Title">dct:title (mandatory).</param>
/// <param name="Description">dct:description (mandatory).</param>
/// <param name="Keywords">dcat:keyword.</param>
/// <param name="Themes">dcat:theme: EU data theme "Government and public sector".</param>
/// <param name="Publisher">dct:publisher: the Kreis.</param>
/// <param name="ContactPoint">dcat:contactPoint: the Kreis office.</param>
/// <param name="Issued">dct:issued: the first change recorded for the dataset's data (or the region's creation).</param>
/// <param name="Modified">dct:modified: the latest change recorded for the dataset's data, deletions included.</param>
/// <param name="PoliticalGeocoding">dcatde:politicalGeocodingURI: the Kreis by its key (AGS, 5 digits).</param>
/// <param name="PoliticalGeocodingLevel">dcatde:politicalGeocodingLevelURI: administrative district.</param>
/// <param name="ConformsTo">dct:conformsTo: the standard the distributions follow (OParl 1.1), if any.</param>
/// <param name="Distributions">dcat:distribution (mandatory).</param>
public sealed record DcatDataset(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("dct:identifier")] string Identifier,
    [property: JsonPropertyName("dct:title")] JsonLdText Title,
    [property: JsonPropertyName("dct:description")] JsonLdText Description,
    [property: JsonPropertyName("dcat:keyword")] IReadOnlyList<JsonLdText> Keywords,
    [property: JsonPropertyName("dcat:theme")] IReadOnlyList<JsonLdId> Themes,
    [property: JsonPropertyName("dct:publisher")] FoafOrganization Publisher,
    [property: JsonPropertyName("dcat:contactPoint")] VcardOrganization ContactPoint,
    [property: JsonPropertyName("dct:issued")] JsonLdTyped Issued,
    [property: JsonPropertyName("dct:modified")] JsonLdTyped Modified,
    [property: JsonPropertyName("dcatde:politicalGeocodingURI")] JsonLdId PoliticalGeocoding,
    [property: JsonPropertyName("dcatde:politicalGeocodingLevelURI")] JsonLdId PoliticalGeocodingLevel,
    [property: JsonPropertyName("dct:conformsTo")] IReadOnlyList<JsonLdId> ConformsTo,
    [property: JsonPropertyName("dcat:distribution")] IReadOnlyList<DcatDistribution> Distributions);

/// <summary>A distribution (<c>dcat:Distribution</c>): one way to get a dataset.</summary>
/// <param name="Id" example="https://smartregion.example/api/v1/regions/kreis-warendorf/catalog#projects-csv">The distribution's IRI.</param>
/// <param name="Type" example="dcat:Distribution">Always <c>dcat:Distribution</c>.</param>
/// <param name="Title">dct:title.</param>
/// <param name="Description">dct:description: how to ask for it (e.g. the Accept header).</param>
/// <param name="AccessUrl">dcat:accessURL (mandatory): the API address.</param>
/// <param name="License">dct:license (mandatory): Datenlizenz Deutschland – Namensnennung 2.0.</param>
/// <param name="LicenseAttribution">dcatde:licenseAttributionByText: the attribution dl-by-de asks for.</param>
/// <param name="Format">dct:format (mandatory): EU file type.</param>
/// <param name="MediaType">dcat:mediaType: IANA media type.</param>
/// <param name="Modified">dct:modified: the dataset's latest change.</param>
public sealed record DcatDistribution(
    [property: JsonPropertyName("@id")] string Id,
    [property: JsonPropertyName("@type")] string Type,
    [property: JsonPropertyName("dct:title")] JsonLdText Title,
    [property: JsonPropertyName("dct:description")] JsonLdText Description,
    [property: JsonPropertyName("dcat:accessURL")] JsonLdId AccessUrl,
    [property: JsonPropertyName("dct:license")] JsonLdId License,
    [property: JsonPropertyName("dcatde:licenseAttributionByText")] JsonLdText LicenseAttribution,
    [property: JsonPropertyName("dct:format")] JsonLdId Format,
    [property: JsonPropertyName("dcat:mediaType")] JsonLdId MediaType,
    [property: JsonPropertyName("dct:modified")] JsonLdTyped Modified);
