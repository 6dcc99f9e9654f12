using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Committee;

/// <summary>
/// Sets a region's quorum rule (the region's coordinator; If-Match carries the committee's ETag, <c>"0"</c> while the
/// default applies). It counts for decisions taken afterwards; decisions already taken keep their recorded quorum.
/// </summary>
public sealed record UpdateCommitteeRequest : IHasExample<UpdateCommitteeRequest>
{
    public const string Route = GetCommitteeRequest.Route;

    public string Slug { get; set; } = string.Empty;

    /// <summary>A decision needs more than this percentage of the seats present: 0–99 (50 = more than half).</summary>
    public int? QuorumPercent { get; set; }

    public static UpdateCommitteeRequest Example => new()
    {
        QuorumPercent = 50,
    };

    public static string BuildRoute(string slug) => GetCommitteeRequest.BuildRoute(slug);
}

public sealed class UpdateCommitteeValidator : Validator<UpdateCommitteeRequest>
{
    public UpdateCommitteeValidator()
    {
        RuleFor(r => r.QuorumPercent).NotNull().InclusiveBetween(0, 99);
    }
}

public sealed class UpdateCommitteeEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateCommitteeRequest, CommitteeResponse>
{
    public override void Configure()
    {
        Put(UpdateCommitteeRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("updateCommittee").WithSummary("Set a region's quorum rule").WithTags("Committee")
                .JsonBody<UpdateCommitteeRequest>()
                .Returns<CommitteeResponse>()
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateCommitteeRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var updated = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var current = await session.QuerySingleOrDefaultAsync<CommitteeSettingsRow>(CommitteeSql.Settings, new { RegionId = region.Id });
                Preconditions.EnsureCurrent(expectedVersion, current?.Version ?? 0);
                var quorum = request.QuorumPercent!.Value;
                if (current?.QuorumPercent == quorum)
                {
                    return await CommitteeSql.LoadAsync(session, region.Id);
                }

                int rows;
                try
                {
                    rows = current is null
                        ? await session.ExecuteAsync(Sql.Insert, new { RegionId = region.Id, QuorumPercent = quorum, Version = 1, UpdatedAt = now })
                        : await session.ExecuteAsync(Sql.Update, new { RegionId = region.Id, QuorumPercent = quorum, UpdatedAt = now, ExpectedVersion = current.Version });
                }
                catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
                {
                    // Another request created the settings since the read.
                    throw Preconditions.StaleVersion();
                }

                if (rows == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, CommitteeSql.EntityType, region.Slug, "quorum-updated", caller.Actor, now,
                    new { from = current?.QuorumPercent ?? DecisionRules.DefaultQuorumPercent, to = quorum }));
                return await CommitteeSql.LoadAsync(session, region.Id);
            },
            ct);

        HttpContext.Response.Headers.ETag = updated.ETag();
        await Send.OkAsync(updated, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Insert = SqlStatement.Shared("""
            INSERT INTO CommitteeSettings (RegionId, QuorumPercent, Version, UpdatedAt)
            VALUES (@RegionId, @QuorumPercent, @Version, @UpdatedAt)
            """);

        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE CommitteeSettings
            SET QuorumPercent = @QuorumPercent, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE RegionId = @RegionId AND Version = @ExpectedVersion
            """);
    }
}
