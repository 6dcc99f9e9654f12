using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.Meetings;

/// <summary>A row of <c>Meetings</c>; the state is stored as the API's snake_case word.</summary>
public sealed record MeetingRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Number { get; init; } = string.Empty;

    /// <summary>What uniqueness compares (<see cref="TextKeys.ForReference"/>): <c>lk 2025/1</c> and <c>LK 2025/1</c> are one number.</summary>
    public string NumberKey => TextKeys.ForReference(Number);

    public string Title { get; init; } = string.Empty;

    public DateTimeOffset StartsAt { get; init; }

    public DateTimeOffset EndsAt { get; init; }

    public string? Location { get; init; }

    public string? OnlineLink { get; init; }

    public DateOnly? InvitationDate { get; init; }

    public string State { get; init; } = string.Empty;

    public string? Minutes { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public MeetingState StateValue => EnumText.Parse<MeetingState>(State);
}

/// <summary>A row of <c>AgendaItems</c> (Tagesordnungspunkt).</summary>
public sealed record AgendaItemRow
{
    public Guid Id { get; init; }

    public Guid MeetingId { get; init; }

    public string Number { get; init; } = string.Empty;

    /// <summary>What uniqueness within the meeting compares (<see cref="TextKeys.ForReference"/>).</summary>
    public string NumberKey => TextKeys.ForReference(Number);

    public int Position { get; init; }

    public string Title { get; init; } = string.Empty;

    public string? Description { get; init; }

    public bool IsPublic { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }
}

/// <summary>A project an agenda item refers to.</summary>
public sealed record AgendaItemProjectRow(Guid AgendaItemId, Guid ProjectId);

/// <summary>A seat of a meeting; <c>Status</c> is null until attendance is recorded.</summary>
public sealed record AttendanceRow
{
    public string Ags { get; init; } = string.Empty;

    public string? Status { get; init; }

    public string? DelegateName { get; init; }
}

/// <summary>A meeting with its agenda (in order), the agenda's project links and its seats.</summary>
public sealed record MeetingAggregate(
    MeetingRow Meeting, IReadOnlyList<AgendaItemRow> AgendaItems, IReadOnlyList<AgendaItemProjectRow> AgendaProjects, IReadOnlyList<AttendanceRow> Attendance);

/// <summary>The statements several meeting use cases share.</summary>
public static class MeetingsSql
{
    public const string Columns =
        "Id, RegionId, Number, Title, StartsAt, EndsAt, Location, OnlineLink, InvitationDate, State, Minutes, Version, CreatedAt, UpdatedAt";

    public const string AgendaColumns = "Id, MeetingId, Number, Position, Title, Description, IsPublic, Version, CreatedAt, UpdatedAt";

    /// <summary>
    /// The meeting of this region, its agenda, the agenda's projects and its seats: one round trip. With
    /// <c>@OnlyPublic = 1</c> the agenda holds its public items only (see <see cref="Auth.Caller.SeesNonPublicAgenda"/>).
    /// </summary>
    public static readonly SqlStatement GetWhole = SqlStatement.Shared($"""
        SELECT {Columns} FROM Meetings WHERE RegionId = @RegionId AND Id = @Id;
        SELECT {AgendaColumns} FROM AgendaItems WHERE MeetingId = @Id AND (@OnlyPublic = 0 OR IsPublic = 1) ORDER BY Position, Id;
        SELECT ap.AgendaItemId, ap.ProjectId
        FROM AgendaItemProjects ap
        INNER JOIN AgendaItems a ON a.Id = ap.AgendaItemId
        WHERE a.MeetingId = @Id AND (@OnlyPublic = 0 OR a.IsPublic = 1)
        ORDER BY ap.AgendaItemId, ap.ProjectId;
        SELECT Ags, Status, DelegateName FROM Attendance WHERE MeetingId = @Id ORDER BY Ags;
        """);

    public static readonly SqlStatement Get = SqlStatement.Shared($"""
        SELECT {Columns} FROM Meetings WHERE RegionId = @RegionId AND Id = @Id
        """);

    public static readonly SqlStatement IdByNumber = SqlStatement.Shared(
        "SELECT Id FROM Meetings WHERE RegionId = @RegionId AND NumberKey = @NumberKey");

    public static readonly SqlStatement Insert = SqlStatement.Shared($"""
        INSERT INTO Meetings ({Columns}, NumberKey)
        VALUES (@Id, @RegionId, @Number, @Title, @StartsAt, @EndsAt, @Location, @OnlineLink, @InvitationDate, @State, @Minutes,
                @Version, @CreatedAt, @UpdatedAt, @NumberKey)
        """);

    /// <summary>The meeting's seats: one per member that is active right now, status not yet recorded.</summary>
    public static readonly SqlStatement InsertSeats = SqlStatement.Shared("""
        INSERT INTO Attendance (MeetingId, RegionId, Ags, Status, DelegateName)
        SELECT @Id, RegionId, Ags, NULL, NULL
        FROM Members
        WHERE RegionId = @RegionId AND IsActive = 1
        """);

    /// <summary>
    /// Every change to a meeting or its agenda, attendance or minutes moves the meeting's version, so its ETag
    /// follows everything its response shows. 0 rows: someone else changed it since it was read.
    /// </summary>
    public static readonly SqlStatement Touch = SqlStatement.Shared("""
        UPDATE Meetings
        SET Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    public static readonly SqlStatement AgendaItem = SqlStatement.Shared($"""
        SELECT {AgendaColumns} FROM AgendaItems WHERE MeetingId = @MeetingId AND Id = @Id
        """);

    public static readonly SqlStatement AgendaIdByNumber = SqlStatement.Shared(
        "SELECT Id FROM AgendaItems WHERE MeetingId = @MeetingId AND NumberKey = @NumberKey");

    public static readonly SqlStatement ProjectsInRegion = SqlStatement.Shared(
        "SELECT Id FROM Projects WHERE RegionId = @RegionId AND Id IN @ProjectIds");

    public static readonly SqlStatement InsertAgendaProject = SqlStatement.Shared(
        "INSERT INTO AgendaItemProjects (AgendaItemId, ProjectId) VALUES (@AgendaItemId, @ProjectId)");

    public static readonly SqlStatement DeleteAgendaProjects = SqlStatement.Shared(
        "DELETE FROM AgendaItemProjects WHERE AgendaItemId = @AgendaItemId");

    public static async Task<MeetingAggregate?> LoadAsync(DbSession session, Guid regionId, Guid id, bool onlyPublic = false)
    {
        using var grid = await session.QueryMultipleAsync(GetWhole, new { RegionId = regionId, Id = id, OnlyPublic = onlyPublic });
        var meeting = await grid.ReadSingleOrDefaultAsync<MeetingRow>();
        var items = (await grid.ReadAsync<AgendaItemRow>()).ToList();
        var projects = (await grid.ReadAsync<AgendaItemProjectRow>()).ToList();
        var seats = (await grid.ReadAsync<AttendanceRow>()).ToList();
        return meeting is null ? null : new MeetingAggregate(meeting, items, projects, seats);
    }

    /// <summary>Moves the meeting's version (see <see cref="Touch"/>); 409 when another request moved it since it was read.</summary>
    public static async Task TouchAsync(DbSession session, MeetingRow meeting, DateTimeOffset now)
    {
        if (await session.ExecuteAsync(Touch, new { meeting.Id, UpdatedAt = now, ExpectedVersion = meeting.Version }) == 0)
        {
            throw Http.Preconditions.ConcurrentChange("meeting");
        }
    }

    /// <summary>Links the agenda item to these projects (already checked to belong to the region).</summary>
    public static async Task InsertAgendaProjectsAsync(DbSession session, Guid agendaItemId, IEnumerable<Guid> projectIds)
    {
        foreach (var projectId in projectIds)
        {
            await session.ExecuteAsync(InsertAgendaProject, new { AgendaItemId = agendaItemId, ProjectId = projectId });
        }
    }
}
