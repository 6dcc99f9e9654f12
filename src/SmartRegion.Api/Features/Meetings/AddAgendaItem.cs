using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Appends an agenda item (TOP) to a planned meeting (the region's coordinator); 409 once the meeting is held,
/// closed or cancelled. Adding moves the meeting's version. Non-public items are shown only to callers with
/// credentials of the region, like every meeting endpoint.
/// </summary>
public sealed record AddAgendaItemRequest : IAgendaItemFields, IHasExample<AddAgendaItemRequest>
{
    public const string Route = "/api/v1/regions/{slug}/meetings/{id}/agenda-items";

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    /// <summary>Unique in the meeting, at most 20 characters, e.g. <c>TOP 3</c>.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>At most 4000 characters.</summary>
    public string? Description { get; set; }

    /// <summary>Whether the item is public (default true); non-public items are for the region's roles only.</summary>
    public bool? IsPublic { get; set; }

    /// <summary>Projects of this region the item is about, each at most once.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<Guid>? ProjectIds { get; set; }

    public static AddAgendaItemRequest Example => new()
    {
        Number = "TOP 3",
        Title = "Leitprojekt LP-07: Digitale Bürgerdienste",
        Description = "Beispiel: Vorstellung durch die federführende Stadt Ahlen und Beschluss über die Umsetzung.",
        IsPublic = true,
        ProjectIds = [new Guid("01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f")],
    };

    public static string BuildRoute(string slug, Guid meetingId) => $"{GetMeetingRequest.BuildRoute(slug, meetingId)}/agenda-items";
}

public sealed class AddAgendaItemValidator : Validator<AddAgendaItemRequest>
{
    public AddAgendaItemValidator()
    {
        Include(new AgendaItemFieldsRules());
    }
}

public sealed class AddAgendaItemEndpoint(SmartRegionDb db, Clock clock) : Endpoint<AddAgendaItemRequest, AgendaItemResponse>
{
    public override void Configure()
    {
        Post(AddAgendaItemRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("addAgendaItem").WithSummary("Append an agenda item to a planned meeting").WithTags("Meetings")
                .JsonBody<AddAgendaItemRequest>()
                .ReturnsCreated<AgendaItemResponse>()
                .Problems(409)
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(AddAgendaItemRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var projectIds = request.ProjectIds ?? [];
        var (item, projects) = await db.InTransactionAsync(
            async session =>
            {
                var (region, meeting) = await MeetingRules.RequireRowAsync(session, request.Slug, request.Id, caller);
                var outcome = await AgendaItemAddition.AddAsync(session, region, meeting, request, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return (outcome.Item!, projectIds);
            },
            ct);

        var response = AgendaItemResponse.From(item, projects);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = GetAgendaItemRequest.BuildRoute(request.Slug, request.Id, response.Id);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement NextPosition = SqlStatement.Shared(
            "SELECT COALESCE(MAX(Position), 0) + 1 FROM AgendaItems WHERE MeetingId = @MeetingId");

        public static readonly SqlStatement Insert = SqlStatement.Shared($"""
            INSERT INTO AgendaItems ({MeetingsSql.AgendaColumns}, NumberKey)
            VALUES (@Id, @MeetingId, @Number, @Position, @Title, @Description, @IsPublic, @Version, @CreatedAt, @UpdatedAt, @NumberKey)
            """);
    }
}

/// <summary>
/// The use case behind <c>addAgendaItem</c>, for every caller that adds agenda items (the endpoint and the demo seed):
/// the body's shape, a planned meeting, projects of the region and a free number, then the item at the end with its
/// projects, the meeting's new version and its change record, in the caller's transaction.
/// </summary>
public static class AgendaItemAddition
{
    private static readonly AddAgendaItemValidator Shape = new();

    /// <summary>What adding gave: the item, or the field errors that refused it (then nothing was stored).</summary>
    public sealed record Outcome(AgendaItemRow? Item, IReadOnlyList<ValidationFailure> Failures);

    /// <summary>Adds the item to <paramref name="meeting"/> as read in this transaction (409 when it changed since).</summary>
    public static async Task<Outcome> AddAsync(DbSession session, RegionRow region, MeetingRow meeting, AddAgendaItemRequest request, string actor, DateTimeOffset now)
    {
        // The endpoint's pipeline has already checked the shape; checking again here keeps the use case whole for callers without one.
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        var projectIds = request.ProjectIds ?? [];
        MeetingLifecycle.EnsurePlanned(meeting.StateValue);
        if (await AgendaItemRules.CheckProjectsAsync(session, region.Id, projectIds) is { } failure)
        {
            return new Outcome(null, [failure]);
        }

        await AgendaItemRules.EnsureNumberIsFreeAsync(session, meeting.Id, request.Number);
        // Moving the meeting's version first also serialises concurrent additions: the loser gets 409.
        await MeetingsSql.TouchAsync(session, meeting, now);
        var position = await session.ExecuteScalarAsync<int>(AddAgendaItemEndpoint.Sql.NextPosition, new { MeetingId = meeting.Id });
        var row = new AgendaItemRow
        {
            Id = Guid.CreateVersion7(),
            MeetingId = meeting.Id,
            Number = request.Number,
            Position = position,
            Title = request.Title,
            Description = request.Description,
            IsPublic = request.IsPublic ?? true,
            Version = 1,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            await session.ExecuteAsync(AddAgendaItemEndpoint.Sql.Insert, row);
        }
        catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
        {
            throw AgendaItemRules.DuplicateNumber(request.Number);
        }

        await MeetingsSql.InsertAgendaProjectsAsync(session, row.Id, projectIds);
        await MeetingRules.RecordChangeAsync(session, meeting, "agenda-item-added", actor, now,
            new { agendaItemId = row.Id, number = row.Number, position, projectIds });
        return new Outcome(row, []);
    }
}
