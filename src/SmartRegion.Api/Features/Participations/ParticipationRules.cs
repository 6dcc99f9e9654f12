using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Participations;

/// <summary>Field limits (the column widths of the schema) and the rules the participation use cases share.</summary>
public static class ParticipationRules
{
    public const int ContactNameMaxLength = 200;
    public const int ContactEmailMaxLength = 254;
    public const int NoteMaxLength = 2000;
    public const decimal StaffFteMax = 1000m;
    public const int ResolutionBodyMaxLength = 200;
    public const int ResolutionReferenceMaxLength = 100;
    public const int ResolutionUrlMaxLength = 500;

    /// <summary>The width of <c>ParticipationHistory.Reason</c>.</summary>
    public const int ReasonMaxLength = 2000;

    /// <summary>
    /// A member manages only its own participations (another AGS: 403); the coordinator records any member's; readers
    /// and admins are kept out by the endpoints' roles already.
    /// </summary>
    public static void EnsureCanManage(Caller caller, string ags)
    {
        if (caller.IsCoordinator || (caller.IsMember && caller.Ags == ags))
        {
            return;
        }

        throw ApiProblemException.Forbidden(caller.IsMember
            ? "A member may manage only its own participations."
            : "Only the region's coordinator or the member itself may change this participation.");
    }

    /// <summary>
    /// 409 when another member already leads the project. A check for a clear message; under a race the filtered
    /// unique index <c>UX_Participations_OneLead</c> decides, see <see cref="LeadTaken"/>.
    /// </summary>
    public static async Task EnsureLeadIsFreeAsync(DbSession session, Guid projectId, string ags)
    {
        if (await session.QuerySingleOrDefaultAsync<string>(ParticipationsSql.OtherLead, new { ProjectId = projectId, Ags = ags }) is { } holder)
        {
            throw LeadTaken($"Member {holder} already leads this project; a project has at most one lead.");
        }
    }

    public static DomainRuleException LeadTaken(string detail = "Another member already leads this project; a project has at most one lead.") =>
        new(ParticipationLifecycle.LeadTakenType, "Lead taken", detail);

    /// <summary>Today's date where the councils sit (Europe/Berlin, see <see cref="CouncilTime"/>).</summary>
    public static DateOnly CouncilToday(DateTimeOffset now) => CouncilTime.Today(now);

    public static bool IsHttpUrl(string? url) =>
        url is null || (Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps));
}

/// <summary>The member's contact person for a project; both fields optional.</summary>
public sealed class ParticipationContactInput : IHasExample<ParticipationContactInput>
{
    /// <summary>At most 200 characters.</summary>
    public string? Name { get; set; }

    /// <summary>A valid e-mail address, at most 254 characters.</summary>
    public string? Email { get; set; }

    public static ParticipationContactInput Example => new()
    {
        Name = "Katrin Beispiel, Stabsstelle Digitalisierung",
        Email = "digitalisierung@ahlen.de",
    };
}

public sealed class ParticipationContactRules : AbstractValidator<ParticipationContactInput>
{
    public ParticipationContactRules()
    {
        RuleFor(c => c.Name).MaximumLength(ParticipationRules.ContactNameMaxLength);
        RuleFor(c => c.Email).MaximumLength(ParticipationRules.ContactEmailMaxLength).EmailAddress();
    }
}

/// <summary>A council resolution (Ratsbeschluss) as a client sends it with a commitment.</summary>
public sealed class CouncilResolutionInput : IHasExample<CouncilResolutionInput>
{
    /// <summary>The deciding body, e.g. "Rat der Stadt Ahlen"; required, at most 200 characters.</summary>
    public string? Body { get; set; }

    /// <summary>The day of the resolution; required and not in the future (German time).</summary>
    public DateOnly? Date { get; set; }

    /// <summary>The resolution's reference (Vorlage, Drucksache), e.g. "VL-40/2024"; required, at most 100 characters.</summary>
    public string? Reference { get; set; }

    /// <summary>Optional absolute http(s) link into the council information system, at most 500 characters.</summary>
    public string? Url { get; set; }

    public static CouncilResolutionInput Example => new()
    {
        Body = "Rat der Stadt Ahlen",
        Date = new DateOnly(2025, 11, 20),
        Reference = "VL-40/2025",
        Url = "https://www.ahlen.de/ratsinfo/vorlagen/VL-40-2025",
    };
}

/// <summary>Shape rules of a council resolution; "not in the future" needs the clock and is checked by the endpoint.</summary>
public sealed class CouncilResolutionRules : AbstractValidator<CouncilResolutionInput>
{
    public CouncilResolutionRules()
    {
        RuleFor(r => r.Body).NotEmpty().MaximumLength(ParticipationRules.ResolutionBodyMaxLength);
        RuleFor(r => r.Date).NotNull();
        RuleFor(r => r.Reference).NotEmpty().MaximumLength(ParticipationRules.ResolutionReferenceMaxLength);
        RuleFor(r => r.Url).MaximumLength(ParticipationRules.ResolutionUrlMaxLength)
            .Must(ParticipationRules.IsHttpUrl).WithMessage("The link must be an absolute http or https URL.", "Der Link muss eine absolute http- oder https-URL sein.");
    }
}
