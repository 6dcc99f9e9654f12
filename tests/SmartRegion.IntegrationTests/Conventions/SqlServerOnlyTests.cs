using System.Data;
using System.Net;
using Microsoft.Data.SqlClient;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Meetings;
using SmartRegion.Api.Features.Participations;
using SmartRegion.Api.Features.Projects;
using SmartRegion.Api.Features.Themes;
using SmartRegion.Api.Http;
using SmartRegion.IntegrationTests.Features.Meetings;
using SmartRegion.IntegrationTests.Features.Participations;
using SmartRegion.IntegrationTests.Features.Projects;

namespace SmartRegion.IntegrationTests.Conventions;

/// <summary>
/// The key columns are binary on SQL Server (migration 0007), whatever the server's default collation; the
/// behaviour itself is proven by <see cref="KeysAndCaseTestsOnSqlServer"/>.
/// </summary>
[Collection(SqlServerCollection.Name)]
public sealed class KeyCollationOnSqlServer
{
    private readonly SqlServerApp app;

    public KeyCollationOnSqlServer(SqlServerApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Every_key_column_is_declared_binary()
    {
        string[] keys =
        [
            "Regions.Slug", "Projects.Code", "Themes.NameKey", "FieldsOfAction.NameKey", "IdempotencyKeys.Scope", "IdempotencyKeys.IdempotencyKey",
            "Meetings.Number", "Meetings.NumberKey", "AgendaItems.Number", "AgendaItems.NumberKey", "Decisions.Reference", "Circulations.Reference",
            "DecisionReferences.Reference", "DecisionReferences.ReferenceKey",
        ];
        await using var connection = new SqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT OBJECT_NAME(c.object_id) + N'.' + c.name, c.collation_name
            FROM sys.columns c
            WHERE OBJECTPROPERTY(c.object_id, 'IsUserTable') = 1 AND c.collation_name IS NOT NULL
            """;
        var collations = new Dictionary<string, string>(StringComparer.Ordinal);
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                collations[reader.GetString(0)] = reader.GetString(1);
            }
        }

        Assert.All(keys, key => Assert.Equal((key, "Latin1_General_100_BIN2"), (key, collations.GetValueOrDefault(key))));
    }
}

/// <summary>
/// A deadlock between the service and another connection is retried once; the caller sees success or 503
/// <c>database-unavailable</c>, never a 500. The test takes locks in the opposite order of an agenda-item update
/// (meeting row, agenda item, its project links) and gives its own session the higher deadlock priority, so SQL
/// Server picks the service's transaction as the victim.
/// </summary>
[Collection(SqlServerCollection.Name)]
public sealed class DeadlockOnSqlServer
{
    private readonly SqlServerApp app;

    public DeadlockOnSqlServer(SqlServerApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task A_deadlock_victim_is_retried_and_answers_200_or_503_not_500()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var project = await new ProjectBuilder(region).BuildAsync();
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, "LK 2099/1");
        var item = await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1", projectIds: [project.Id]);

        await using var other = new SqlConnection(app.Database.ConnectionString);
        await other.OpenAsync();
        await using var transaction = (SqlTransaction)await other.BeginTransactionAsync();
        await RunAsync(other, transaction, "SET DEADLOCK_PRIORITY HIGH; DELETE FROM dbo.AgendaItemProjects WHERE AgendaItemId = @id;", item.Id);
        var otherSession = Convert.ToInt16(await ScalarAsync(other, transaction, "SELECT @@SPID"), System.Globalization.CultureInfo.InvariantCulture);

        // The service locks the meeting (version), then the agenda item, then waits for the project links held above.
        var update = coordinator.PutJsonAsync(
            UpdateAgendaItemRequest.BuildRoute(region.Slug, meeting.Id, item.Id),
            new UpdateAgendaItemRequest { Number = "TOP 1", Title = "Beratung nach dem Deadlock", ProjectIds = [project.Id] },
            item.ETag());
        await WaitUntilBlockedByAsync(otherSession);

        // Now the other connection wants the meeting row the service holds: a deadlock, and the service is its victim.
        try
        {
            await RunAsync(other, transaction, "UPDATE dbo.Meetings SET Version = Version WHERE Id = @id;", meeting.Id);
        }
        finally
        {
            await transaction.RollbackAsync();
        }

        var response = await update;
        Assert.True(
            response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable,
            $"Expected 200 (retried) or 503, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            await response.ShouldBeProblemAsync(HttpStatusCode.ServiceUnavailable, ProblemTypes.DatabaseUnavailable);
        }
        else
        {
            Assert.Equal("Beratung nach dem Deadlock", (await response.ReadAsync<AgendaItemResponse>()).Title);
        }
    }

    private static async Task RunAsync(SqlConnection connection, SqlTransaction transaction, string sql, Guid id)
    {
        await using var command = new SqlCommand(sql, connection, transaction);
        command.Parameters.Add("@id", SqlDbType.UniqueIdentifier).Value = id;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<object?> ScalarAsync(SqlConnection connection, SqlTransaction transaction, string sql)
    {
        await using var command = new SqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync();
    }

    /// <summary>
    /// Polls until a request is blocked by the given session. Seeing other sessions needs VIEW SERVER STATE; without
    /// it the wait ends after a few seconds, which is ample for the service to reach the lock.
    /// </summary>
    private async Task WaitUntilBlockedByAsync(short session)
    {
        await using var watcher = new SqlConnection(app.Database.ConnectionString);
        await watcher.OpenAsync();
        for (var attempt = 0; attempt < 50; attempt++)
        {
            await using var command = new SqlCommand("SELECT COUNT(*) FROM sys.dm_exec_requests WHERE blocking_session_id = @session", watcher);
            command.Parameters.Add("@session", SqlDbType.SmallInt).Value = session;
            if (Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture) > 0)
            {
                return;
            }

            await Task.Delay(100);
        }
    }
}

/// <summary>
/// No statement of the SQL Server run sent a null parameter whose type SqlClient inferred. The recorder
/// (<see cref="UntypedNullParameters"/>) already fails such a statement, and with it its request, so the test that
/// sent it fails; this test also runs a representative set of writes with nullable fields left empty, then asserts
/// that nothing was recorded in the whole run so far.
/// </summary>
[Collection(SqlServerCollection.Name)]
public sealed class UntypedNullParametersOnSqlServer
{
    private readonly SqlServerApp app;

    public UntypedNullParametersOnSqlServer(SqlServerApp app)
    {
        app.SkipIfUnavailable();
        this.app = app;
    }

    [Fact]
    public async Task Representative_writes_send_no_null_parameter_without_an_explicit_type()
    {
        var region = await app.NewRegionAsync();
        var coordinator = await region.CoordinatorAsync();
        var ahlen = region.KreisKey + "004";
        await ParticipationApi.CreateMemberAsync(coordinator, region.Slug, ahlen, "Stadt Ahlen");
        await (await coordinator.PostJsonAsync(CreateThemeRequest.BuildRoute(region.Slug), new CreateThemeRequest { Name = "Daten" }))
            .ReadAsync<ThemeResponse>(HttpStatusCode.Created);
        var project = await new ProjectBuilder(region).InStatus(ProjectStatus.Proposed).BuildAsync();
        var participation = await ParticipationApi.PutAsync(coordinator, region.Slug, project.Id, ahlen, ParticipationRole.Partner);
        await ParticipationApi.MoveAsync(coordinator, region.Slug, participation, ParticipationState.PendingCouncil);
        var meeting = await MeetingApi.CreateAsync(coordinator, region.Slug, MeetingApi.NewMeeting("LK 2099/2") with { Location = null, InvitationDate = null });
        await MeetingApi.AddAgendaItemAsync(coordinator, region.Slug, meeting.Id, "TOP 1");
        await (await coordinator.GetAsync(ListProjectsRequest.BuildRoute(region.Slug))).ReadAsync<Page<ProjectResponse>>();

        Assert.Empty(app.NullParameters.Found);
    }
}
