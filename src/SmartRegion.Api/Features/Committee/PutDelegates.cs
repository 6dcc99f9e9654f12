using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Committee;

/// <summary>
/// Names the delegate(s) of an active member's seat (the region's coordinator). The first naming needs no If-Match
/// (201; an If-Match is 412 because nothing exists to match); replacing needs the seat's current ETag (428/412). A
/// member without a seat (unknown or deactivated) is 404.
/// </summary>
public sealed record PutDelegatesRequest : IHasExample<PutDelegatesRequest>
{
    public const string Route = "/api/v1/regions/{slug}/committee/seats/{ags}";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The AGS of an active member of the region.</summary>
    public string Ags { get; set; } = string.Empty;

    /// <summary>Who sits for the member, e.g. "Bürgermeisterin Dr. A. Beispiel; Vertretung: B. Muster"; at most 500 characters.</summary>
    public string Delegates { get; set; } = string.Empty;

    public static PutDelegatesRequest Example => new()
    {
        Delegates = "Bürgermeister Jörg Brune; Vertretung: Katrin Beispiel (Stabsstelle Digitalisierung)",
    };

    public static string BuildRoute(string slug, string ags) => $"{GetCommitteeRequest.BuildRoute(slug)}/seats/{Uri.EscapeDataString(ags)}";
}

public sealed class PutDelegatesValidator : Validator<PutDelegatesRequest>
{
    public const int DelegatesMaxLength = 500;

    public PutDelegatesValidator()
    {
        RuleFor(r => r.Delegates).NotEmpty().MaximumLength(DelegatesMaxLength);
    }
}

public sealed class PutDelegatesEndpoint(SmartRegionDb db, Clock clock) : Endpoint<PutDelegatesRequest, CommitteeSeatResponse>
{
    public override void Configure()
    {
        Put(PutDelegatesRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("putDelegates").WithSummary("Name the delegates of a member's seat in the Lenkungskreis").WithTags("Committee")
                .JsonBody<PutDelegatesRequest>()
                .Returns<CommitteeSeatResponse>()
                .ReturnsCreated<CommitteeSeatResponse>()
                .OptionalIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(PutDelegatesRequest request, CancellationToken ct)
    {
        // If-Match is optional here: without one the PUT may only create; with one it may only replace that version.
        IfMatch? expectedVersion = string.IsNullOrWhiteSpace(HttpContext.Request.Headers.IfMatch.ToString())
            ? null
            : Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var (seat, created) = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                return await DelegatesNaming.PutAsync(session, region, request, expectedVersion, caller.Actor, now);
            },
            ct);

        var response = CommitteeSeatResponse.From(seat);
        HttpContext.Response.Headers.ETag = response.ETag();
        if (created)
        {
            HttpContext.Response.Headers.Location = GetCommitteeRequest.BuildRoute(request.Slug);
            await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
            return;
        }

        await Send.OkAsync(response, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO CommitteeDelegates (RegionId, Ags, Delegates, Version, UpdatedAt)
            VALUES (@RegionId, @Ags, @Delegates, 1, @UpdatedAt)
            """);

        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE CommitteeDelegates
            SET Delegates = @Delegates, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE RegionId = @RegionId AND Ags = @Ags AND Version = @ExpectedVersion
            """);
    }
}

/// <summary>
/// The use case behind <c>putDelegates</c>, for every caller that names delegates (the endpoint and the demo seed):
/// the body's shape, an active member's seat, the first naming or the replacement of that version, and the change
/// record, in the caller's transaction.
/// </summary>
public static class DelegatesNaming
{
    private static readonly PutDelegatesValidator Shape = new();

    /// <param name="expectedVersion">The If-Match: none names the first delegates only, one replaces only that version.</param>
    public static async Task<(CommitteeSeatRow Seat, bool Created)> PutAsync(
        DbSession session, RegionRow region, PutDelegatesRequest request, IfMatch? expectedVersion, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        if (Shape.Validate(request) is { IsValid: false } invalid)
        {
            throw new ValidationException(invalid.Errors);
        }

        var current = await FindSeatAsync(session, region.Id, request.Ags)
            ?? throw ApiProblemException.NotFound($"{request.Ags} has no seat in the Lenkungskreis of region '{region.Slug}'.");
        var args = new { RegionId = region.Id, request.Ags, request.Delegates, UpdatedAt = now, ExpectedVersion = current.Version ?? 0 };
        if (current.Version is null)
        {
            if (expectedVersion is not null)
            {
                throw Preconditions.StaleVersion();
            }

            try
            {
                await session.ExecuteAsync(PutDelegatesEndpoint.Sql.Insert, args);
            }
            catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
            {
                throw Preconditions.StaleVersion();
            }
        }
        else
        {
            if (expectedVersion is not { } expected)
            {
                throw new ApiProblemException(StatusCodes.Status428PreconditionRequired, ProblemTypes.PreconditionRequired, "If-Match required",
                    "The seat has delegates; send its current ETag in If-Match to replace them.");
            }

            Preconditions.EnsureCurrent(expected, current.Version.Value);
            if (await session.ExecuteAsync(PutDelegatesEndpoint.Sql.Update, args) == 0)
            {
                throw Preconditions.StaleVersion();
            }
        }

        // Delegate names are personal data: the change record names the seat, never the people (README, "Personal data").
        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, CommitteeSql.EntityType, region.Slug, "delegates-updated", actor, now,
            new { ags = request.Ags }));
        var stored = await FindSeatAsync(session, region.Id, request.Ags)
            ?? throw new InvalidOperationException("A seat vanished inside the transaction that wrote it.");
        return (stored, current.Version is null);
    }

    /// <summary>An active member's seat with its delegates (<c>Version</c> null while none are named), or null.</summary>
    public static Task<CommitteeSeatRow?> FindSeatAsync(DbSession session, Guid regionId, string ags) =>
        session.QuerySingleOrDefaultAsync<CommitteeSeatRow>(CommitteeSql.Seat, new { RegionId = regionId, Ags = ags });
}
