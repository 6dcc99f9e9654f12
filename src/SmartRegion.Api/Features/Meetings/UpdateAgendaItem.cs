using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>
/// Replaces an agenda item's number, title, description, visibility and projects while the meeting is planned (the
/// region's coordinator; If-Match carries the item's ETag). Its position changes only through reorder. The
/// meeting's version moves too, so the meeting's ETag follows its agenda.
/// </summary>
public sealed record UpdateAgendaItemRequest : IAgendaItemFields, IHasExample<UpdateAgendaItemRequest>
{
    public const string Route = GetAgendaItemRequest.Route;

    public string Slug { get; set; } = string.Empty;

    public Guid Id { get; set; }

    public Guid ItemId { get; set; }

    /// <summary>Unique in the meeting, at most 20 characters, e.g. <c>TOP 3</c>.</summary>
    public string Number { get; set; } = string.Empty;

    /// <summary>At most 200 characters.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>At most 4000 characters; null or omitted clears it.</summary>
    public string? Description { get; set; }

    /// <summary>Whether the item is public (default true).</summary>
    public bool? IsPublic { get; set; }

    /// <summary>Projects of this region, each at most once; null or omitted removes all.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<Guid>? ProjectIds { get; set; }

    public static UpdateAgendaItemRequest Example => new()
    {
        Number = "TOP 3",
        Title = "Leitprojekt LP-07: Digitale Bürgerdienste",
        Description = "Beispiel: Beratung über die Eigenanteile der Mitglieder (nicht öffentlich).",
        IsPublic = false,
        ProjectIds = [new Guid("01960f7e-3c1a-7b2e-9d4f-5a6b7c8d9e0f")],
    };

    public static string BuildRoute(string slug, Guid meetingId, Guid itemId) => GetAgendaItemRequest.BuildRoute(slug, meetingId, itemId);
}

public sealed class UpdateAgendaItemValidator : Validator<UpdateAgendaItemRequest>
{
    public UpdateAgendaItemValidator()
    {
        Include(new AgendaItemFieldsRules());
    }
}

public sealed class UpdateAgendaItemEndpoint(SmartRegionDb db, Clock clock) : Endpoint<UpdateAgendaItemRequest, AgendaItemResponse>
{
    public override void Configure()
    {
        Put(UpdateAgendaItemRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("updateAgendaItem").WithSummary("Replace an agenda item of a planned meeting").WithTags("Meetings")
                .JsonBody<UpdateAgendaItemRequest>()
                .Returns<AgendaItemResponse>()
                .Problems(409)
                .RequiresIfMatch(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(UpdateAgendaItemRequest request, CancellationToken ct)
    {
        var expectedVersion = Preconditions.RequireIfMatch(HttpContext);
        var caller = Caller.From(User);
        var now = clock.Now();
        var projectIds = request.ProjectIds ?? [];
        var (item, projects) = await db.InTransactionAsync(
            async session =>
            {
                var (region, meeting) = await MeetingRules.RequireRowAsync(session, request.Slug, request.Id, caller);
                var current = await session.QuerySingleOrDefaultAsync<AgendaItemRow>(MeetingsSql.AgendaItem, new { MeetingId = meeting.Id, Id = request.ItemId })
                    ?? throw AgendaItemRules.NotFound(meeting.Id, request.ItemId);
                MeetingLifecycle.EnsurePlanned(meeting.StateValue);
                Preconditions.EnsureCurrent(expectedVersion, current.Version);
                if (await AgendaItemRules.CheckProjectsAsync(session, region.Id, projectIds) is { } failure)
                {
                    ValidationFailures.Add(failure);
                    ThrowIfAnyErrors();
                }

                // An unchanged number keeps its stored key: migration 0007 may have set it apart from a colliding one.
                if (!string.Equals(request.Number, current.Number, StringComparison.Ordinal))
                {
                    await AgendaItemRules.EnsureNumberIsFreeAsync(session, meeting.Id, request.Number, current.Id);
                }

                await MeetingsSql.TouchAsync(session, meeting, now);
                var row = current with
                {
                    Number = request.Number,
                    Title = request.Title,
                    Description = request.Description,
                    IsPublic = request.IsPublic ?? true,
                    Version = current.Version + 1,
                    UpdatedAt = now,
                };
                int rows;
                try
                {
                    rows = await session.ExecuteAsync(Sql.Update, new
                    {
                        row.Id, row.Number, row.NumberKey, row.Title, row.Description, row.IsPublic, row.UpdatedAt, ExpectedVersion = current.Version,
                    });
                }
                catch (Exception ex) when (DbErrors.IsUniqueViolation(ex))
                {
                    throw AgendaItemRules.DuplicateNumber(request.Number);
                }

                if (rows == 0)
                {
                    throw Preconditions.StaleVersion();
                }

                await session.ExecuteAsync(MeetingsSql.DeleteAgendaProjects, new { AgendaItemId = row.Id });
                await MeetingsSql.InsertAgendaProjectsAsync(session, row.Id, projectIds);
                await MeetingRules.RecordChangeAsync(session, meeting, "agenda-item-updated", caller.Actor, now,
                    new { agendaItemId = row.Id, number = row.Number, projectIds });
                return (row, projectIds);
            },
            ct);

        var response = AgendaItemResponse.From(item, projects);
        HttpContext.Response.Headers.ETag = response.ETag();
        await Send.OkAsync(response, ct);
    }

    internal static class Sql
    {
        public static readonly SqlStatement Update = SqlStatement.Shared("""
            UPDATE AgendaItems
            SET Number = @Number, NumberKey = CASE WHEN Number = @Number THEN NumberKey ELSE @NumberKey END, Title = @Title, Description = @Description, IsPublic = @IsPublic, Version = Version + 1, UpdatedAt = @UpdatedAt
            WHERE Id = @Id AND Version = @ExpectedVersion
            """);
    }
}
