using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Regions;

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// Every SQL Server statement of the service compiles against the schema the migrations build: syntax, tables
/// and columns, checked offline by DacFx without a server. Statements shared by both dialects are included, so a
/// SQLite-only construct in one of them fails here too.
/// </summary>
public sealed class SqlServerQueriesTests(SqlServerModelFixture fixture)
{
    // The number of statements when this test was written. Discovery finding fewer means it broke (or statements
    // were removed: then lower this number on purpose).
    private const int StatementsWhenWritten = 34;

    [Fact]
    public void The_migrations_build_a_valid_schema()
    {
        var problems = fixture.MigrationMessages.Where(SqlServerModel.IsProblem).Select(SqlServerModel.Describe).ToList();

        Assert.True(problems.Count == 0, "The SQL Server migrations do not validate:\n" + string.Join('\n', problems));
    }

    [Fact]
    public void Discovery_finds_every_statement_under_its_own_name()
    {
        var names = fixture.Statements.Select(found => found.Name).ToList();
        // Equal names would make one procedure silently replace the other in the model.
        var clashes = fixture.Statements.GroupBy(found => found.ProcedureName, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .Select(group => string.Join(" and ", group.Select(found => found.Origin ?? found.Name)))
            .ToList();

        Assert.True(
            names.Count >= StatementsWhenWritten,
            $"Found only {names.Count} SqlStatement fields, expected at least {StatementsWhenWritten}: {string.Join(", ", names)}");
        Assert.True(clashes.Count == 0, "Statements with the same name (rename a declaring class): " + string.Join("; ", clashes));
    }

    [Fact]
    public void Every_statement_compiles_against_the_migrated_schema()
    {
        var problems = fixture.StatementProblems;

        Assert.True(
            problems.Count == 0,
            $"{problems.Count} problem(s) in SQL Server statements (see {nameof(SqlParameterTypes)} for parameter types):\n"
                + string.Join('\n', problems));
    }

    [Fact]
    public void A_misspelled_column_is_reported_with_the_statement_name()
    {
        // Proves the check above can fail: a real statement with one column misspelled goes the same way.
        var original = CreateRegionEndpoint.Sql.Insert;
        var misspelled = original.SqlServer.Replace("Slug, Name,", "Slug, Nmae,", StringComparison.Ordinal);
        Assert.NotEqual(original.SqlServer, misspelled);

        var problems = Check("CreateRegionEndpoint.Sql.Insert", misspelled);

        var problem = Assert.Single(problems);
        Assert.StartsWith("CreateRegionEndpoint.Sql.Insert: SQL71501:", problem, StringComparison.Ordinal);
        Assert.Contains("[dbo].[Regions].[Nmae]", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelled_table_is_reported_although_DacFx_calls_it_a_warning()
    {
        var problems = Check("Probe.Find", "SELECT Id FROM Regionz WHERE Slug = @Slug");

        Assert.NotEmpty(problems);
        Assert.All(problems, problem => Assert.StartsWith("Probe.Find: SQL71502:", problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_SQLite_only_construct_is_reported()
    {
        var problems = Check("Probe.Page", "SELECT Id FROM Regions ORDER BY Slug LIMIT @Take");

        var problem = Assert.Single(problems);
        Assert.StartsWith("Probe.Page: does not parse on SQL Server", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parameter_without_a_chosen_type_is_reported()
    {
        var problems = Check("Probe.Find", "SELECT Id FROM Regions WHERE Slug = @Mystery");

        var problem = Assert.Single(problems);
        Assert.Contains("Probe.Find", problem, StringComparison.Ordinal);
        Assert.Contains("@Mystery", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Declared_and_global_variables_are_not_parameters()
    {
        var procedure = StatementProcedure.For(
            "Probe.Touch",
            "q_Probe_Touch",
            "DECLARE @n int = 0; UPDATE Regions SET Version = Version + 1 WHERE Id = @Id; SET @n = @@ROWCOUNT; SELECT @n;");

        Assert.Empty(procedure.Problems);
        Assert.Equal("CREATE PROCEDURE [dbo].[q_Probe_Touch] @Id uniqueidentifier", procedure.Script!.Split('\n')[0]);
    }

    // A fresh model, so probes never leak into the shared one; after the fixture's, a model costs about 50 ms.
    private static IReadOnlyList<string> Check(string name, string sqlServer)
    {
        using var model = SqlServerModel.FromMigrations();
        return SqlServerModel.AddStatements(model, [new FoundStatement(name, SqlStatement.PerDialect(sqlite: sqlServer, sqlServer: sqlServer))]);
    }
}
