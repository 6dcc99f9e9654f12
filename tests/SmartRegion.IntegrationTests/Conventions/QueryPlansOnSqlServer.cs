using System.Xml.Linq;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Decisions;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Regions;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Conventions;

/// <summary>
/// The list queries seek their indexes on SQL Server (migration 0014's layout, the keyset conditions): each list's
/// statement runs with <c>SET STATISTICS XML ON</c> on a region with 2,000 projects and 6,000 participations, and
/// the actual plan SQL Server returns has index seeks and no scan of a big table.
/// </summary>
[Collection(SqlServerCollection.Name)]
public sealed class QueryPlansOnSqlServer
{
    private const string ShowplanColumn = "Microsoft SQL Server 2005 XML Showplan";
    private const int Projects = 2_000;

    private static readonly XNamespace Showplan = "http://schemas.microsoft.com/sqlserver/2004/07/showplan";

    private static readonly HashSet<string> BigTables = new(StringComparer.OrdinalIgnoreCase)
    {
        "Projects", "Participations", "Decisions", "StatusReports", "FundingSources", "ProjectThemes", "ProjectHistory", "ParticipationHistory", "Changes",
    };

    private static readonly SqlStatement StatisticsXmlOn = SqlStatement.Shared("SET STATISTICS XML ON");
    private static readonly SqlStatement StatisticsXmlOff = SqlStatement.Shared("SET STATISTICS XML OFF");

    // Set-based test data in the test's region: 2,000 projects (P-00001 …) and three participations each.
    private static readonly SqlStatement InsertProjects = SqlStatement.Shared("""
        WITH n AS (SELECT TOP (@Count) ROW_NUMBER() OVER (ORDER BY (SELECT NULL)) AS i FROM sys.all_objects a CROSS JOIN sys.all_objects b)
        INSERT INTO Projects (Id, RegionId, Code, Title, Category, FieldOfActionId, CostSharingKey, Status, SearchText, Version, CreatedAt, UpdatedAt)
        SELECT NEWID(), @RegionId, CONCAT(N'P-', RIGHT(CONCAT(N'0000', i), 5)), CONCAT(N'Projekt ', i),
            CASE WHEN i % 3 = 0 THEN N'potential' ELSE N'lead' END, @FieldOfActionId, N'equal',
            CASE WHEN i % 4 = 0 THEN N'proposed' ELSE N'draft' END, CONCAT(N'p-', i, N' projekt ', i), 1,
            DATEADD(MICROSECOND, i, @Now), DATEADD(MICROSECOND, i, @Now)
        FROM n
        """);

    private static readonly SqlStatement InsertParticipations = SqlStatement.Shared("""
        INSERT INTO Participations (Id, RegionId, ProjectId, Ags, Role, State, Version, CreatedAt, UpdatedAt)
        SELECT NEWID(), p.RegionId, p.Id, m.Ags, N'partner', N'interested', 1, @Now, @Now
        FROM Projects p JOIN Members m ON m.RegionId = p.RegionId
        WHERE p.RegionId = @RegionId
        """);

    private static readonly SqlStatement ProjectIds = SqlStatement.Shared(
        "SELECT TOP (50) Id FROM Projects WHERE RegionId = @RegionId ORDER BY Code");

    private readonly SqlServerApp app;

    public QueryPlansOnSqlServer(SqlServerApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Every_list_query_seeks_its_index_and_scans_no_big_table()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var fieldOfAction = await ProjectApi.FieldOfActionAsync(coordinator, region);
        var members = new[] { region.Ags("004"), region.Ags("008"), region.Ags("012") };
        foreach (var ags in members)
        {
            await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ags, $"Gemeinde {ags}");
        }

        var regionId = (await app.QueryAsync<RegionRow>(RegionsSql.GetBySlug, new { region.Slug })).Single().Id;
        var now = DateTimeOffset.UtcNow;
        await app.ExecuteAsync(InsertProjects, new { Count = Projects, RegionId = regionId, FieldOfActionId = fieldOfAction, Now = now });
        await app.ExecuteAsync(InsertParticipations, new { RegionId = regionId, Now = now });
        var page = (await app.QueryAsync<Guid>(ProjectIds, new { RegionId = regionId })).ToList();
        var project = page[0];

        var listPage = new
        {
            RegionId = regionId,
            Category = (string?)null,
            StatusCount = 0,
            Statuses = new List<string>(),
            FieldOfActionId = (Guid?)null,
            ThemeId = (Guid?)null,
            SearchPattern = (string?)null,
            ModifiedSince = (DateTimeOffset?)null,
            AfterCode = string.Empty,
            Take = 51,
        };
        var matrix = new
        {
            RegionId = regionId,
            Category = (string?)null,
            StatusCount = 0,
            Statuses = new List<string>(),
            FieldOfActionId = (Guid?)null,
            AfterCode = "P-01000",
            Take = 51,
        };
        (string Name, SqlStatement Sql, object Args)[] lists =
        [
            ("projects, first page", ListProjectsEndpoint.Sql.Page, listPage),
            ("projects, a later page", ListProjectsEndpoint.Sql.Page, listPage with { AfterCode = "P-01500" }),
            ("projects by status", ListProjectsEndpoint.Sql.Page, listPage with { StatusCount = 1, Statuses = new List<string> { "proposed" } }),
            ("projects by category", ListProjectsEndpoint.Sql.Page, listPage with { Category = (string?)"potential" }),
            ("projects by field of action", ListProjectsEndpoint.Sql.Page, listPage with { FieldOfActionId = (Guid?)fieldOfAction }),
            ("a page's themes, funding and latest status", ListProjectsEndpoint.Sql.Children, new { ProjectIds = SqlIdList.Of(page) }),
            ("participation matrix, a later page", GetParticipationMatrixEndpoint.Sql.Matrix, matrix),
            ("a project's participations", ListProjectParticipationsEndpoint.Sql.Page,
                new { ProjectId = project, State = (string?)null, Role = (string?)null, ModifiedSince = (DateTimeOffset?)null, AfterAgs = (string?)null, Take = 51 }),
            ("a member's participations", ListMemberParticipationsEndpoint.Sql.Page,
                new { RegionId = regionId, Ags = members[0], State = (string?)null, Role = (string?)null, ModifiedSince = (DateTimeOffset?)null, AfterCode = string.Empty, Take = 51 }),
            ("a project's funding sources", ListFundingSourcesEndpoint.Sql.Page,
                new { ProjectId = project, AfterCreatedAt = (DateTimeOffset?)null, AfterId = (Guid?)null, Take = 51 }),
            ("decisions", DecisionPages.Sql.Page, new
            {
                RegionId = regionId, TypeCount = 0, Types = new List<string>(), ProjectId = (Guid?)null, MeetingId = (Guid?)null,
                FromDecidedAt = (DateTimeOffset?)null, ToDecidedAt = (DateTimeOffset?)null, Result = (string?)null, ModifiedSince = (DateTimeOffset?)null,
                AfterDecidedAt = (DateTimeOffset?)null, AfterId = (Guid?)null, Take = 51,
            }),
        ];

        var failures = new List<string>();
        foreach (var (name, sql, args) in lists)
        {
            var plans = await ActualPlansAsync(sql, args);
            var operators = plans.SelectMany(plan => plan.Descendants(Showplan + "RelOp")).Select(Operator).ToList();
            var scans = operators.Where(op => op.PhysicalOp is "Table Scan" or "Index Scan" or "Clustered Index Scan" && op.Table is { } table && BigTables.Contains(table)).ToList();
            if (plans.Count == 0 || !operators.Any(op => op.PhysicalOp is "Index Seek" or "Clustered Index Seek") || scans.Count > 0)
            {
                failures.Add($"{name}: {string.Join(", ", operators.Select(op => $"{op.PhysicalOp} {op.Table}.{op.Index}"))}");
            }
        }

        Assert.True(failures.Count == 0, "Plans without a seek or with a scan of a big table:\n" + string.Join("\n", failures));
    }

    /// <summary>The actual plans SQL Server returns beside the statement's own result sets.</summary>
    private async Task<List<XElement>> ActualPlansAsync(SqlStatement sql, object args)
    {
        var plans = new List<XElement>();
        await using var session = await app.Service<SmartRegionDb>().OpenAsync(TestContext.Current.CancellationToken);
        await session.ExecuteAsync(StatisticsXmlOn);
        try
        {
            using var grid = await session.QueryMultipleAsync(sql, args);
            while (!grid.IsConsumed)
            {
                foreach (IDictionary<string, object?> row in await grid.ReadAsync())
                {
                    if (row.TryGetValue(ShowplanColumn, out var xml) && xml is string text)
                    {
                        plans.Add(XElement.Parse(text));
                    }
                }
            }
        }
        finally
        {
            await session.ExecuteAsync(StatisticsXmlOff);
        }

        return plans;
    }

    private static (string? PhysicalOp, string? Table, string? Index) Operator(XElement relOp)
    {
        var target = relOp.Elements().FirstOrDefault(e => e.Name.LocalName is "IndexScan" or "TableScan")?.Element(Showplan + "Object");
        return (relOp.Attribute("PhysicalOp")?.Value, target?.Attribute("Table")?.Value.Trim('[', ']'), target?.Attribute("Index")?.Value.Trim('[', ']'));
    }
}
