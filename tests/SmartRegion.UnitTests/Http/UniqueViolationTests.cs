using Microsoft.Data.Sqlite;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Http;

namespace SmartRegion.UnitTests.Http;

/// <summary>A unique violation is reported as the rule whose index refused it, not as whichever rule is likely.</summary>
public sealed class UniqueViolationTests
{
    [Fact]
    public void The_one_lead_index_is_lead_taken()
    {
        var refusal = PutParticipationEndpoint.RefusalFor(Violate(
            "INSERT INTO Participations VALUES ('p', 'a', 'lead', 'interested'), ('p', 'b', 'lead', 'committed')"));

        Assert.Equal(ParticipationLifecycle.LeadTakenType, Assert.IsType<DomainRuleException>(refusal).ProblemType);
    }

    [Fact]
    public void Another_unique_index_of_participations_is_a_plain_conflict_not_lead_taken()
    {
        var refusal = PutParticipationEndpoint.RefusalFor(Violate(
            "INSERT INTO Participations VALUES ('p', 'a', 'partner', 'interested'), ('p', 'a', 'partner', 'interested')"));

        var problem = Assert.IsType<ApiProblemException>(refusal);
        Assert.Equal((409, ProblemTypes.Conflict), (problem.Status, problem.Type));
    }

    /// <summary>The real SQLite error for <paramref name="insert"/> on the two unique keys of migration 0003.</summary>
    private static SqliteException Violate(string insert)
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE TABLE Participations (ProjectId TEXT NOT NULL, Ags TEXT NOT NULL, Role TEXT NOT NULL, State TEXT NOT NULL, UNIQUE (ProjectId, Ags));
            CREATE UNIQUE INDEX UX_Participations_OneLead ON Participations (ProjectId) WHERE Role = 'lead' AND State <> 'withdrawn';
            """;
        command.ExecuteNonQuery();
#pragma warning disable CA2100 // constant test SQL
        command.CommandText = insert;
#pragma warning restore CA2100
        return Assert.Throws<SqliteException>(() => command.ExecuteNonQuery());
    }
}
