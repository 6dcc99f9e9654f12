using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.Api.Features.Participations;

/// <summary>A row of <c>Participations</c>; role and state are stored as the API's snake_case words.</summary>
public sealed record ParticipationRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public Guid ProjectId { get; init; }

    public string Ags { get; init; } = string.Empty;

    public string Role { get; init; } = string.Empty;

    public string State { get; init; } = string.Empty;

    public string? ContactName { get; init; }

    public string? ContactEmail { get; init; }

    public decimal? StaffFte { get; init; }

    public decimal? CustomPercent { get; init; }

    public string? Note { get; init; }

    public string? ResolutionBody { get; init; }

    public DateOnly? ResolutionDate { get; init; }

    public string? ResolutionReference { get; init; }

    public string? ResolutionUrl { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public ParticipationRole RoleValue => EnumText.Parse<ParticipationRole>(Role);

    public ParticipationState StateValue => EnumText.Parse<ParticipationState>(State);

    /// <summary>The stored council resolution, or null when none is recorded.</summary>
    public CouncilResolution? Resolution =>
        ResolutionBody is not null && ResolutionDate is { } date && ResolutionReference is not null
            ? new CouncilResolution(ResolutionBody, date, ResolutionReference, ResolutionUrl)
            : null;
}

/// <summary>SQL that the participation use cases share: reading one participation, writing it, finding the lead.</summary>
public static class ParticipationsSql
{
    /// <summary>At most one lead per project (not counting withdrawn ones), see migration 0003.</summary>
    public static readonly UniqueIndex OneLeadIndex = new("UX_Participations_OneLead", "Participations.ProjectId");

    public const string Columns = """
        Id, RegionId, ProjectId, Ags, Role, State, ContactName, ContactEmail, StaffFte, CustomPercent, Note,
        ResolutionBody, ResolutionDate, ResolutionReference, ResolutionUrl, Version, CreatedAt, UpdatedAt
        """;

    public static readonly SqlStatement Get = SqlStatement.Shared($"""
        SELECT {Columns} FROM Participations WHERE ProjectId = @ProjectId AND Ags = @Ags
        """);

    /// <summary>
    /// The same read for a write that may insert. On SQL Server the range lock keeps a second request for the same
    /// (project, member) waiting until this transaction ends, so the pair is never inserted twice; SQLite's write
    /// transactions are serial anyway.
    /// </summary>
    public static readonly SqlStatement GetForWrite = SqlStatement.PerDialect(
        sqlite: $"SELECT {Columns} FROM Participations WHERE ProjectId = @ProjectId AND Ags = @Ags",
        sqlServer: $"SELECT {Columns} FROM Participations WITH (UPDLOCK, HOLDLOCK) WHERE ProjectId = @ProjectId AND Ags = @Ags");

    public static readonly SqlStatement Insert = SqlStatement.Shared($"""
        INSERT INTO Participations ({Columns})
        VALUES (@Id, @RegionId, @ProjectId, @Ags, @Role, @State, @ContactName, @ContactEmail, @StaffFte, @CustomPercent, @Note,
            @ResolutionBody, @ResolutionDate, @ResolutionReference, @ResolutionUrl, @Version, @CreatedAt, @UpdatedAt)
        """);

    /// <summary>Replaces the editable fields, only if nobody changed the participation since it was read (else 0 rows).</summary>
    public static readonly SqlStatement Update = SqlStatement.Shared("""
        UPDATE Participations
        SET Role = @Role, ContactName = @ContactName, ContactEmail = @ContactEmail, StaffFte = @StaffFte,
            CustomPercent = @CustomPercent, Note = @Note, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    /// <summary>Moves the participation to a new state with its resolution fields, versioned like <see cref="Update"/>.</summary>
    public static readonly SqlStatement SetState = SqlStatement.Shared("""
        UPDATE Participations
        SET State = @State, ResolutionBody = @ResolutionBody, ResolutionDate = @ResolutionDate,
            ResolutionReference = @ResolutionReference, ResolutionUrl = @ResolutionUrl, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion
        """);

    /// <summary>The AGS of another member that holds the project's lead slot (a lead that is not withdrawn), if any.</summary>
    public static readonly SqlStatement OtherLead = SqlStatement.Shared("""
        SELECT Ags FROM Participations
        WHERE ProjectId = @ProjectId AND Role = 'lead' AND State <> 'withdrawn' AND Ags <> @Ags
        """);
}
