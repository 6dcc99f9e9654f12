using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Members;

/// <summary>Adds the district or a municipality to a region (admin, or the region's coordinator).</summary>
public sealed record CreateMemberRequest : IHasExample<CreateMemberRequest>
{
    public const string Route = "/api/v1/regions/{slug}/members";

    public string Slug { get; set; } = string.Empty;

    /// <summary>8 digits starting with the region's Kreis key; the district's is the Kreis key followed by 000.</summary>
    public string Ags { get; set; } = string.Empty;

    // Nullable so that a missing kind is a validation error rather than silently the first enum value.
    public MemberKind? Kind { get; set; }

    public string Name { get; set; } = string.Empty;

    public int? Population { get; set; }

    public MemberContactInput? Contact { get; set; }

    public static CreateMemberRequest Example => new()
    {
        Ags = "05570004",
        Kind = MemberKind.Municipality,
        Name = "Stadt Ahlen",
        Population = 52_582,
        Contact = MemberContactInput.Example,
    };

    public static string BuildRoute(string slug) => ListMembersRequest.BuildRoute(slug);
}

public sealed class CreateMemberValidator : Validator<CreateMemberRequest>
{
    public CreateMemberValidator()
    {
        RuleFor(r => r.Ags).NotEmpty().Must(Ags.IsWellFormed).WithMessage("The AGS has exactly 8 digits, e.g. 05570004.", "Der AGS hat genau 8 Ziffern, z. B. 05570004.");
        RuleFor(r => r.Kind).NotNull();
        RuleFor(r => r.Name).NotEmpty().MaximumLength(MemberRules.NameMaxLength);
        RuleFor(r => r.Population).GreaterThanOrEqualTo(0);
        RuleFor(r => r.Contact!).SetValidator(new MemberContactRules());
    }
}

public sealed class CreateMemberEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CreateMemberRequest, MemberResponse>
{
    public override void Configure()
    {
        Post(CreateMemberRequest.Route);
        Roles(RoleNames.Admin, RoleNames.Coordinator);
        Description(
            b => b.WithName("createMember").WithSummary("Add a member (the district or a municipality) to a region").WithTags("Members")
                .JsonBody<CreateMemberRequest>()
                .ReturnsCreated<MemberResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CreateMemberRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var row = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await MemberCreation.CreateAsync(session, region, request, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return outcome.Member!;
            },
            ct);

        var response = MemberResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = MemberResponse.Location(request.Slug, row.Ags);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>
/// The use case behind <c>createMember</c>, for every caller that adds members (the endpoint and the demo seed): the
/// body's shape, the AGS against the region's Kreis key, one district and a free AGS, then the member and its
/// change record, in the caller's transaction.
/// </summary>
public static class MemberCreation
{
    private static readonly CreateMemberValidator Shape = new();

    /// <summary>What creating gave: the member, or the field errors that refused it (then nothing was stored).</summary>
    public sealed record Outcome(MemberRow? Member, IReadOnlyList<ValidationFailure> Failures);

    public static async Task<Outcome> CreateAsync(DbSession session, RegionRow region, CreateMemberRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        var kind = request.Kind!.Value;
        // Needs the region's Kreis key, so it cannot live in the validator; it still answers as a field error.
        if (Ags.Problem(request.Ags, kind, region.KreisKey) is { } agsProblem)
        {
            return new Outcome(null, [new ValidationFailure(nameof(CreateMemberRequest.Ags), agsProblem)]);
        }

        await EnsureNoConflictAsync(session, region, kind, request.Ags);
        var row = MemberRow.New(region.Id, request.Ags, kind, request.Name, request.Population, now) with
        {
            ContactName = request.Contact?.Name,
            ContactEmail = request.Contact?.Email,
            ContactPhone = request.Contact?.Phone,
        };
        await MembersSql.InsertAsync(session, row, actor);
        return new Outcome(row, []);
    }

    // Friendly answers for the common case; under a race the unique indexes (UQ_Members_Region_Ags,
    // UX_Members_OneDistrict) refuse the second insert and the exception handler answers 409 all the same.
    private static async Task EnsureNoConflictAsync(DbSession session, RegionRow region, MemberKind kind, string ags)
    {
        var districtKind = MemberKinds.ToText(MemberKind.District);
        if (kind == MemberKind.District
            && await session.QuerySingleOrDefaultAsync<string>(MembersSql.AgsOfKind, new { RegionId = region.Id, Kind = districtKind }) is { } districtAgs)
        {
            throw ApiProblemException.Conflict(MemberRules.DistrictExistsProblem, "District exists",
                $"Region '{region.Slug}' already has its district member {districtAgs}; a region has exactly one.");
        }

        if (await session.QuerySingleOrDefaultAsync<MemberRow>(MembersSql.GetByAgs, new { RegionId = region.Id, Ags = ags }) is not null)
        {
            throw ApiProblemException.Conflict(ProblemTypes.Duplicate, "Duplicate AGS", $"Region '{region.Slug}' already has a member {ags}.");
        }
    }
}
