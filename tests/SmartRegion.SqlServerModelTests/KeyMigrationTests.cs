using Microsoft.Data.Sqlite;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// Migration 0007 on SQLite, on data that the binary unique constraints before it allowed: numbers and references
/// that differ only in case keep their values, the later row's key is set apart with its id and a change entry
/// records it, and from then on the folded keys refuse such a pair.
/// </summary>
public sealed class KeyMigrationTests
{
    private const string Region = "0195f3a0-0000-7000-8000-000000000001";
    private const string EarlierMeeting = "0195f3a0-0000-7000-8000-000000000011";
    private const string LaterMeeting = "0195f3a0-0000-7000-8000-000000000012";
    private const string EarlierItem = "0195f3a0-0000-7000-8000-000000000021";
    private const string LaterItem = "0195f3a0-0000-7000-8000-000000000022";
    private const string EarlierCirculation = "0195f3a0-0000-7000-8000-000000000031";
    private const string LaterCirculation = "0195f3a0-0000-7000-8000-000000000032";
    private const string SharpS = "0195f3a0-0000-7000-8000-000000000033";
    private const string DoubleS = "0195f3a0-0000-7000-8000-000000000034";

    [Fact]
    public void Rows_that_collide_after_folding_keep_their_values_and_the_later_key_is_set_apart_and_recorded()
    {
        using var db = MigratedUpTo("0006");
        Execute(db, $"""
            INSERT INTO Regions (Id, Slug, Name, KreisKey, Version, CreatedAt, UpdatedAt)
            VALUES ('{Region}', 'kreis-test', 'Kreis Test', '05570', 1, '2025-01-01T00:00:00.000000Z', '2025-01-01T00:00:00.000000Z');
            INSERT INTO Meetings (Id, RegionId, Number, Title, StartsAt, EndsAt, State, Version, CreatedAt, UpdatedAt) VALUES
                ('{EarlierMeeting}', '{Region}', 'LK 2025/1', 'a', '2025-03-01T09:00:00.000000Z', '2025-03-01T11:00:00.000000Z', 'planned', 1, '2025-01-02T00:00:00.000000Z', '2025-01-02T00:00:00.000000Z'),
                ('{LaterMeeting}', '{Region}', 'lk 2025/1', 'b', '2025-03-02T09:00:00.000000Z', '2025-03-02T11:00:00.000000Z', 'planned', 1, '2025-01-03T00:00:00.000000Z', '2025-01-03T00:00:00.000000Z');
            INSERT INTO AgendaItems (Id, MeetingId, Number, Position, Title, IsPublic, Version, CreatedAt, UpdatedAt) VALUES
                ('{EarlierItem}', '{EarlierMeeting}', 'TOP 1', 1, 'a', 1, 1, '2025-01-02T00:00:00.000000Z', '2025-01-02T00:00:00.000000Z'),
                ('{LaterItem}', '{EarlierMeeting}', 'top 1', 2, 'b', 1, 1, '2025-01-03T00:00:00.000000Z', '2025-01-03T00:00:00.000000Z');
            INSERT INTO Circulations (Id, RegionId, Reference, Title, Text, Type, Deadline, State, Version, CreatedAt, UpdatedAt) VALUES
                ('{EarlierCirculation}', '{Region}', 'UV 2025/1', 'a', 'a', 'general', '2025-02-01T00:00:00.000000Z', 'open', 1, '2025-01-02T00:00:00.000000Z', '2025-01-02T00:00:00.000000Z'),
                ('{LaterCirculation}', '{Region}', 'uv 2025/1', 'b', 'b', 'general', '2025-02-01T00:00:00.000000Z', 'open', 1, '2025-01-03T00:00:00.000000Z', '2025-01-03T00:00:00.000000Z'),
                ('{SharpS}', '{Region}', 'Straße 1', 'c', 'c', 'general', '2025-02-01T00:00:00.000000Z', 'open', 1, '2025-01-04T00:00:00.000000Z', '2025-01-04T00:00:00.000000Z'),
                ('{DoubleS}', '{Region}', 'Strasse 1', 'd', 'd', 'general', '2025-02-01T00:00:00.000000Z', 'open', 1, '2025-01-05T00:00:00.000000Z', '2025-01-05T00:00:00.000000Z');
            INSERT INTO DecisionReferences (RegionId, Reference, DecisionId, CirculationId, CreatedAt) VALUES
                ('{Region}', 'UV 2025/1', NULL, '{EarlierCirculation}', '2025-01-02T00:00:00.000000Z'),
                ('{Region}', 'uv 2025/1', NULL, '{LaterCirculation}', '2025-01-03T00:00:00.000000Z'),
                ('{Region}', 'Straße 1', NULL, '{SharpS}', '2025-01-04T00:00:00.000000Z'),
                ('{Region}', 'Strasse 1', NULL, '{DoubleS}', '2025-01-05T00:00:00.000000Z');
            """);

        Migrate(db, from: "0007");

        Assert.Equal(
            [("LK 2025/1", "LK 2025/1"), ("lk 2025/1", $"LK 2025/1#{LaterMeeting}")],
            Pairs(db, "SELECT Number, NumberKey FROM Meetings ORDER BY CreatedAt"));
        Assert.Equal([("TOP 1", "TOP 1"), ("top 1", $"TOP 1#{LaterItem}")], Pairs(db, "SELECT Number, NumberKey FROM AgendaItems ORDER BY CreatedAt"));
        Assert.Equal(
            [("UV 2025/1", "UV 2025/1"), ("uv 2025/1", $"UV 2025/1#{LaterCirculation}"), ("Straße 1", "STRAßE 1"), ("Strasse 1", "STRASSE 1")],
            Pairs(db, "SELECT Reference, ReferenceKey FROM DecisionReferences ORDER BY CreatedAt"));
        Assert.Equal("STRAßE 1", TextKeys.ForReference("Straße 1"));
        Assert.Equal(
            [("meeting", LaterMeeting), ("meeting", EarlierMeeting), ("circulation", LaterCirculation)],
            Pairs(db, "SELECT EntityType, EntityId FROM Changes WHERE Kind = 'key-disambiguated' AND Actor = 'system:migration-0007' ORDER BY Seq"));

        var again = Assert.Throws<SqliteException>(() => Execute(db, $"""
            INSERT INTO Meetings (Id, RegionId, Number, NumberKey, Title, StartsAt, EndsAt, State, Version, CreatedAt, UpdatedAt)
            VALUES ('0195f3a0-0000-7000-8000-000000000013', '{Region}', 'Lk 2025/1', 'LK 2025/1', 'c', '2025-03-03T09:00:00.000000Z', '2025-03-03T11:00:00.000000Z', 'planned', 1, '2025-01-04T00:00:00.000000Z', '2025-01-04T00:00:00.000000Z');
            """));
        Assert.Contains("UNIQUE", again.Message, StringComparison.Ordinal);
    }

    private static SqliteConnection MigratedUpTo(string last)
    {
        var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        foreach (var (_, sql) in Migrator.Scripts(DatabaseProvider.Sqlite).Where(script => string.CompareOrdinal(script.Name[..4], last) <= 0))
        {
            Execute(connection, sql);
        }

        return connection;
    }

    private static void Migrate(SqliteConnection connection, string from)
    {
        foreach (var (_, sql) in Migrator.Scripts(DatabaseProvider.Sqlite).Where(script => string.CompareOrdinal(script.Name[..4], from) >= 0))
        {
            Execute(connection, sql);
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<(string, string)> Pairs(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var pairs = new List<(string, string)>();
        while (reader.Read())
        {
            pairs.Add((reader.GetString(0), reader.GetString(1)));
        }

        return pairs;
    }
}
