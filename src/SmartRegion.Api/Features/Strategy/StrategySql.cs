using System.Text.Json;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>A row of <c>StrategyVersions</c> with the reference of the decision that approved it.</summary>
public sealed record StrategyVersionRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public string Label { get; init; } = string.Empty;

    public string State { get; init; } = string.Empty;

    public string Vision { get; init; } = string.Empty;

    public string? Leitbild { get; init; }

    /// <summary>The values and goals as JSON (<see cref="StrategyContent"/>).</summary>
    public string Content { get; init; } = "{}";

    /// <summary>The fields of action and projects as JSON (<see cref="StrategySnapshot"/>), taken when the version left draft.</summary>
    public string? Snapshot { get; init; }

    public Guid? BasedOn { get; init; }

    public DateTimeOffset? ConsultationStartedAt { get; init; }

    public Guid? ApprovalDecisionId { get; init; }

    public string? ApprovalReference { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? SupersededAt { get; init; }

    public int Version { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public StrategyState StateValue => EnumText.Parse<StrategyState>(State);
}

/// <summary>What a version's <c>Content</c> column holds: its values and goals, in their order.</summary>
public sealed record StrategyContent(IReadOnlyList<StrategyValue> Values, IReadOnlyList<StrategyGoal> Goals)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static StrategyContent Parse(string json) =>
        JsonSerializer.Deserialize<StrategyContent>(json, Json) ?? throw new InvalidOperationException("A strategy version without content in the database.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);
}

/// <summary>What a version's <c>Snapshot</c> column holds: the region's fields of action and projects when the version left draft.</summary>
public sealed record StrategySnapshot(IReadOnlyList<SnapshotFieldOfAction> FieldsOfAction, IReadOnlyList<SnapshotProject> Projects)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) } };

    public static StrategySnapshot Parse(string json) =>
        JsonSerializer.Deserialize<StrategySnapshot>(json, Json) ?? throw new InvalidOperationException("An empty strategy snapshot in the database.");

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The region's fields of action and projects as they are now: what a draft shows and what leaving draft records.</summary>
    public static async Task<StrategySnapshot> TakeAsync(DbSession session, Guid regionId)
    {
        using var grid = await session.QueryMultipleAsync(StrategySql.LiveSnapshot, new { RegionId = regionId });
        var fields = (await grid.ReadAsync<FieldSnapshotRow>()).Select(f => f.ToSnapshot()).ToList();
        var projects = (await grid.ReadAsync<ProjectSnapshotRow>()).Select(p => p.ToSnapshot()).ToList();
        return new StrategySnapshot(fields, projects);
    }
}

/// <summary>A project as the snapshot query reads it (init properties: Dapper's type handlers apply to them).</summary>
public sealed record ProjectSnapshotRow
{
    public Guid Id { get; init; }

    public string Code { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public string Category { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public Guid FieldOfActionId { get; init; }

    public SnapshotProject ToSnapshot() =>
        new(Id, Code, Title, EnumText.Parse<ProjectCategory>(Category), EnumText.Parse<ProjectStatus>(Status), FieldOfActionId);
}

/// <summary>A field of action as the snapshot query reads it.</summary>
public sealed record FieldSnapshotRow
{
    public Guid Id { get; init; }

    public string Name { get; init; } = string.Empty;

    public int Position { get; init; }

    public SnapshotFieldOfAction ToSnapshot() => new(Id, Name, Position);
}

/// <summary>The latest measured value of an indicator.</summary>
public sealed record LatestMeasurementRow
{
    public Guid IndicatorId { get; init; }

    public DateOnly MeasuredOn { get; init; }

    public decimal Value { get; init; }
}

/// <summary>SQL the strategy use cases share.</summary>
public static class StrategySql
{
    public const string EntityType = "strategy_version";
    public const string CommentEntityType = "strategy_comment";
    public const string MeasurementEntityType = "strategy_measurement";

    /// <summary>A label is unique in its region (ASCII letters folded), see migration 0017.</summary>
    public static readonly UniqueIndex LabelIndex = new("UQ_StrategyVersions_Region_LabelKey", "StrategyVersions.RegionId, StrategyVersions.LabelKey");

    /// <summary>At most one approved version per region, see migration 0017.</summary>
    public static readonly UniqueIndex ApprovedIndex = new("UX_StrategyVersions_Approved", "StrategyVersions.RegionId");

    public const string Columns = """
        v.Id, v.RegionId, v.Label, v.State, v.Vision, v.Leitbild, v.Content, v.Snapshot, v.BasedOn, v.ConsultationStartedAt,
        v.ApprovalDecisionId, d.Reference AS ApprovalReference, v.ApprovedAt, v.SupersededAt, v.Version, v.CreatedAt, v.UpdatedAt
        """;

    public const string From = "FROM StrategyVersions v LEFT JOIN Decisions d ON d.Id = v.ApprovalDecisionId";

    public static readonly SqlStatement Insert = SqlStatement.Shared("""
        INSERT INTO StrategyVersions (Id, RegionId, Label, LabelKey, State, Vision, Leitbild, Content, Snapshot, BasedOn, Version, CreatedAt, UpdatedAt)
        VALUES (@Id, @RegionId, @Label, @LabelKey, @State, @Vision, @Leitbild, @Content, NULL, @BasedOn, 1, @CreatedAt, @UpdatedAt)
        """);

    public static readonly SqlStatement Get = SqlStatement.Shared($"SELECT {Columns} {From} WHERE v.Id = @Id AND v.RegionId = @RegionId");

    public static readonly SqlStatement GetApproved = SqlStatement.Shared($"SELECT {Columns} {From} WHERE v.RegionId = @RegionId AND v.State = 'approved'");

    /// <summary>Holds the version until the transaction commits (SQL Server; SQLite's write transactions are serial anyway).</summary>
    public static readonly SqlStatement Lock = SqlStatement.PerDialect(
        sqlite: "SELECT Version FROM StrategyVersions WHERE Id = @Id AND RegionId = @RegionId",
        sqlServer: "SELECT Version FROM StrategyVersions WITH (UPDLOCK, HOLDLOCK) WHERE Id = @Id AND RegionId = @RegionId");

    public static readonly SqlStatement IdByLabelKey = SqlStatement.Shared("SELECT Id FROM StrategyVersions WHERE RegionId = @RegionId AND LabelKey = @LabelKey");

    public static readonly SqlStatement UpdateDraft = SqlStatement.Shared("""
        UPDATE StrategyVersions
        SET Label = @Label, LabelKey = @LabelKey, Vision = @Vision, Leitbild = @Leitbild, Content = @Content, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion AND State = 'draft'
        """);

    public static readonly SqlStatement StartConsultation = SqlStatement.Shared("""
        UPDATE StrategyVersions
        SET State = 'in_consultation', Snapshot = @Snapshot, ConsultationStartedAt = @UpdatedAt, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND Version = @ExpectedVersion AND State = 'draft'
        """);

    public static readonly SqlStatement Supersede = SqlStatement.Shared("""
        UPDATE StrategyVersions SET State = 'superseded', SupersededAt = @UpdatedAt, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND State = 'approved'
        """);

    public static readonly SqlStatement Approve = SqlStatement.Shared("""
        UPDATE StrategyVersions
        SET State = 'approved', ApprovalDecisionId = @DecisionId, ApprovedAt = @ApprovedAt, Version = Version + 1, UpdatedAt = @UpdatedAt
        WHERE Id = @Id AND State = 'in_consultation'
        """);

    public static readonly SqlStatement SetDecisionVersion = SqlStatement.Shared(
        "UPDATE Decisions SET StrategyVersionId = @StrategyVersionId WHERE Id = @Id");

    public static readonly SqlStatement CountOpenComments = SqlStatement.Shared(
        "SELECT COUNT(*) FROM StrategyComments WHERE StrategyVersionId = @Id AND Disposition IS NULL");

    /// <summary>The region's fields of action in their order, then its projects by code: two result sets, one round trip.</summary>
    public const string LiveSnapshotText = """
        SELECT Id, Name, Position FROM FieldsOfAction WHERE RegionId = @RegionId ORDER BY Position, Id;
        SELECT Id, Code, Title, Category, Status, FieldOfActionId FROM Projects WHERE RegionId = @RegionId ORDER BY Code, Id;
        """;

    public static readonly SqlStatement LiveSnapshot = SqlStatement.Shared(LiveSnapshotText);

    /// <summary>The content of every version of the region, to find which indicators it knows.</summary>
    public static readonly SqlStatement AllContents = SqlStatement.Shared("SELECT Content FROM StrategyVersions WHERE RegionId = @RegionId");

    /// <summary>The latest measurement of each indicator of the region (the later date, then the later entry).</summary>
    public const string LatestMeasurementsText = """
        SELECT IndicatorId, MeasuredOn, Value FROM (
            SELECT m.IndicatorId, m.MeasuredOn, m.Value,
                ROW_NUMBER() OVER (PARTITION BY m.IndicatorId ORDER BY m.MeasuredOn DESC, m.CreatedAt DESC, m.Id DESC) AS Position
            FROM StrategyMeasurements m
            WHERE m.RegionId = @RegionId
        ) latest
        WHERE Position = 1
        """;

    public static readonly SqlStatement LatestMeasurements = SqlStatement.Shared(LatestMeasurementsText);

    public static async Task<StrategyVersionRow> RequireAsync(DbSession session, RegionRow region, Guid id) =>
        await session.QuerySingleOrDefaultAsync<StrategyVersionRow>(Get, new { Id = id, RegionId = region.Id })
            ?? throw ApiProblemException.NotFound($"There is no strategy version {id:D} in region '{region.Slug}'.");

    /// <summary>The version and everything its response shows (snapshot or live lists, latest measurements).</summary>
    public static async Task<StrategyVersionResponse> ResponseAsync(DbSession session, StrategyVersionRow row)
    {
        var snapshot = row.Snapshot is { } json ? StrategySnapshot.Parse(json) : await StrategySnapshot.TakeAsync(session, row.RegionId);
        var latest = (await session.QueryAsync<LatestMeasurementRow>(LatestMeasurements, new { row.RegionId })).ToDictionary(m => m.IndicatorId);
        return StrategyVersionResponse.From(row, snapshot, latest);
    }
}
