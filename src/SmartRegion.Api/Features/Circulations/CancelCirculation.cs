using FastEndpoints;
using FluentValidation;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Circulations;

/// <summary>
/// Cancels an open circulation with a reason (the region's coordinator, with If-Match): it becomes
/// <c>cancelled</c>, takes no more votes, keeps who cancelled it, when and why, and gives its reference back to the
/// region. A circulation that is due is closed by this request first, and then no longer cancels (409).
/// </summary>
public sealed record CancelCirculationRequest : IHasExample<CancelCirculationRequest>
{
    public const string Route = "/api/v1/regions/{slug}/circulations/{id}/cancel";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>Why the circulation is cancelled, at most 2000 characters.</summary>
    public string Reason { get; set; } = string.Empty;

    public static CancelCirculationRequest Example => new()
    {
        Reason = "Der Förderbescheid steht noch aus; der Lenkungskreis berät das Projekt in seiner nächsten Sitzung.",
    };

    public static string BuildRoute(string slug, Guid id) => $"{GetCirculationRequest.BuildRoute(slug, id)}/cancel";
}

public sealed class CancelCirculationValidator : Validator<CancelCirculationRequest>
{
    public CancelCirculationValidator() => RuleFor(r => r.Reason).NotEmpty().MaximumLength(2000);
}

public sealed class CancelCirculationEndpoint(SmartRegionDb db, Clock clock) : Endpoint<CancelCirculationRequest, CirculationResponse>
{
    public override void Configure()
    {
        Post(CancelCirculationRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("cancelCirculation").WithSummary("Cancel an open circulation with a reason").WithTags("Circulations")
                .JsonBody<CancelCirculationRequest>()
                .Returns<CirculationResponse>()
                .Problems(409)
                .RequiresIfMatch()
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(CancelCirculationRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        Guid regionId;
        await using (var session = await db.OpenAsync(ct))
        {
            regionId = (await RegionAccess.RequireVisibleAsync(session, request.Slug, caller)).Id;
        }

        await CirculationClosing.CloseIfDueAsync(db, regionId, request.Id, caller.Actor, clock.Now(), ct);
        var now = clock.Now();
        var cancelled = await db.InTransactionAsync(
            async session =>
            {
                var circulation = await CirculationsSql.LoadAsync(session, regionId, request.Id)
                    ?? throw ApiProblemException.NotFound($"There is no circulation {request.Id} in region '{request.Slug}'.");
                if (!circulation.Row.IsOpen)
                {
                    throw CirculationClosing.NotOpen(circulation.Row);
                }

                Preconditions.EnsureCurrent(expectedVersion, circulation.Row.Version);
                if (await session.ExecuteAsync(CirculationsSql.Cancel, new { circulation.Row.Id, Actor = caller.Actor, request.Reason, UpdatedAt = now, ExpectedVersion = circulation.Row.Version }) == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await session.ExecuteAsync(DecisionsSql.ReleaseCirculationReference, new { RegionId = regionId, CirculationId = circulation.Row.Id });
                await ChangeLog.RecordAsync(session, new ChangeEntry(regionId, CirculationClosing.EntityType, circulation.Row.Id.ToString("D"), "cancelled", caller.Actor, now,
                    new { reason = request.Reason }));
                return (await CirculationsSql.LoadAsync(session, regionId, request.Id))!;
            },
            ct);

        var response = cancelled.ToResponse(now);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }
}
