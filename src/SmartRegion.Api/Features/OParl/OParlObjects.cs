using System.Text.Json.Serialization;

namespace SmartRegion.Api.Features.OParl;

// The objects of the OParl 1.1 view, in OParl's own JSON: every property that has no value is left out (OParl
// forbids null for most of them), so optional ones are [JsonIgnore(WhenWritingNull)] and the OpenAPI document does
// not list them as required. `type` is the OParl type URL, `id` the object's absolute URL.

/// <summary>The OParl type URLs of the objects this view emits.</summary>
public static class OParlTypes
{
    public const string Version = "https://schema.oparl.org/1.1/";
    public const string System = Version + "System";
    public const string Body = Version + "Body";
    public const string Organization = Version + "Organization";
    public const string Meeting = Version + "Meeting";
    public const string AgendaItem = Version + "AgendaItem";
    public const string Paper = Version + "Paper";
    public const string Consultation = Version + "Consultation";
    public const string File = Version + "File";
    public const string Location = Version + "Location";
    public const string Person = Version + "Person";
}

/// <summary>The OParl System: this deployment, with the URL of its body list (one Body per region the caller may read).</summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/System">The OParl type URL.</param>
/// <param name="OparlVersion" example="https://schema.oparl.org/1.1/">The OParl version the view speaks.</param>
/// <param name="Body">URL of the object list of bodies (regions).</param>
public sealed record OParlSystem(
    string Id,
    string Type,
    string OparlVersion,
    string Name,
    string Body,
    string Product,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Web);

/// <summary>
/// An OParl Body: one per region (the Kreis and its municipalities in the Smart Region), with the AGS and the
/// Regionalschlüssel of its district member.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/Body">The OParl type URL.</param>
/// <param name="Ags" example="05570000">The AGS of the region's district member (its Kreis key + <c>000</c>).</param>
/// <param name="Rgs" example="055700000000">The 12-digit Regionalschlüssel of the district.</param>
/// <param name="LegislativeTerm">Always empty: the Lenkungskreis has no electoral terms.</param>
public sealed record OParlBody(
    string Id,
    string Type,
    string System,
    string Name,
    string ShortName,
    string Ags,
    string Rgs,
    string Classification,
    string Organization,
    string Person,
    string Meeting,
    string Paper,
    IReadOnlyList<string> LegislativeTerm,
    DateTimeOffset Created,
    DateTimeOffset Modified);

/// <summary>
/// An OParl Organization: the Lenkungskreis (<c>organizationType</c> Gremium) or a member of the region
/// (<c>organizationType</c> Kommune, <c>classification</c> Kreis or Stadt/Gemeinde). No contact persons: the view
/// carries no personal data.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/Organization">The OParl type URL.</param>
/// <param name="Meeting">URL of the list of the organisation's meetings (the Lenkungskreis only).</param>
/// <param name="EndDate">The day a member was deactivated.</param>
public sealed record OParlOrganization(
    string Id,
    string Type,
    string Body,
    string Name,
    string OrganizationType,
    string Classification,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ShortName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Meeting,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? StartDate,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? EndDate,
    DateTimeOffset Created,
    DateTimeOffset Modified);

/// <summary>An OParl Location: where a meeting takes place (its location text and online link), embedded in the meeting.</summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/Location">The OParl type URL.</param>
public sealed record OParlLocation(
    string Id,
    string Type,
    string Description,
    IReadOnlyList<string> Meetings,
    DateTimeOffset Created,
    DateTimeOffset Modified);

/// <summary>
/// An OParl Meeting: a Lenkungskreis meeting with its agenda embedded (public items only for anonymous callers).
/// <c>meetingState</c> is terminiert, durchgeführt, abgeschlossen or abgesagt; a cancelled meeting also says
/// <c>cancelled: true</c>. Attendance and delegates' names are not part of the view.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/Meeting">The OParl type URL.</param>
/// <param name="Location">Left out with <c>omit_internal=true</c> in lists.</param>
/// <param name="AgendaItem">Left out with <c>omit_internal=true</c> in lists.</param>
public sealed record OParlMeeting(
    string Id,
    string Type,
    string Name,
    string MeetingState,
    bool Cancelled,
    DateTimeOffset Start,
    DateTimeOffset End,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] OParlLocation? Location,
    IReadOnlyList<string> Organization,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OParlAgendaItem>? AgendaItem,
    IReadOnlyList<string> Keyword,
    DateTimeOffset Created,
    DateTimeOffset Modified);

/// <summary>
/// An OParl AgendaItem (TOP). A removed item answers as <c>deleted: true</c> with its last number and order.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/AgendaItem">The OParl type URL.</param>
/// <param name="Order">The item's position in the agenda, from 1.</param>
/// <param name="Consultation">The consultation of the item's paper, when the item names projects.</param>
/// <param name="Result">beschlossen or abgelehnt, once the Lenkungskreis decided on the item.</param>
/// <param name="ResolutionText">The text of that decision.</param>
/// <param name="Deleted">True for a removed item; only id, type, meeting, number, order, created and modified remain.</param>
public sealed record OParlAgendaItem(
    string Id,
    string Type,
    string Meeting,
    string Number,
    int Order,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Public,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Consultation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Result,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ResolutionText,
    DateTimeOffset Created,
    DateTimeOffset Modified,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Deleted = false);

/// <summary>
/// An OParl Paper: a decision proposal of the Lenkungskreis — an agenda item that names projects (paperType
/// Beschlussvorlage) or a circulation (paperType Umlaufbeschluss) — with its consultation and, as files, the
/// council resolutions that members linked for the projects it names.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/Paper">The OParl type URL.</param>
/// <param name="Keyword">The codes of the projects the paper is about.</param>
/// <param name="Deleted">True when the agenda item behind the paper was removed; only id, type, body, created and modified remain.</param>
public sealed record OParlPaper(
    string Id,
    string Type,
    string Body,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Reference,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? Date,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? PaperType,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OParlConsultation>? Consultation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<OParlFile>? AuxiliaryFile,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Keyword,
    DateTimeOffset Created,
    DateTimeOffset Modified,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Deleted = false);

/// <summary>
/// An OParl Consultation: the Lenkungskreis deliberating a paper — at a meeting's agenda item, or in writing for
/// a circulation. <c>authoritative</c> once it decided.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/Consultation">The OParl type URL.</param>
public sealed record OParlConsultation(
    string Id,
    string Type,
    string Paper,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? AgendaItem,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Meeting,
    IReadOnlyList<string> Organization,
    bool Authoritative,
    string Role,
    DateTimeOffset Created,
    DateTimeOffset Modified);

/// <summary>
/// An OParl File: a link that exists in the data — a member's council resolution (Ratsbeschluss) on a project,
/// pointing into the member's own council information system. Only <c>accessUrl</c> is known, no bytes.
/// </summary>
/// <param name="Type" example="https://schema.oparl.org/1.1/File">The OParl type URL.</param>
/// <param name="Date">The day of the council resolution.</param>
public sealed record OParlFile(
    string Id,
    string Type,
    string Name,
    string AccessUrl,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? Date,
    DateTimeOffset Created,
    DateTimeOffset Modified);

/// <summary>The page figures of an OParl object list (keyset paging: no page numbers).</summary>
/// <param name="TotalElements">How many objects match the filters in all pages.</param>
/// <param name="ElementsPerPage">The page size (<c>limit</c>).</param>
public sealed record OParlPagination(int TotalElements, int ElementsPerPage);

/// <summary>The navigation of an OParl object list: absolute URLs, <c>prev</c> and <c>next</c> only where such a page exists.</summary>
public sealed record OParlListLinks(
    string First,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Prev,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Next,
    string Last);

/// <summary>An OParl object list: one page of objects, its figures and links.</summary>
public sealed record OParlList<T>(IReadOnlyList<T> Data, OParlPagination Pagination, OParlListLinks Links);
