using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using SmartRegion.Api.Data;

namespace SmartRegion.UnitTests.Data;

public sealed class DbErrorsTests
{
    [Theory]
    [InlineData(2627, DbErrorKind.UniqueViolation)]
    [InlineData(2601, DbErrorKind.UniqueViolation)]
    [InlineData(547, DbErrorKind.ConstraintViolation)]
    [InlineData(1205, DbErrorKind.Deadlock)]
    [InlineData(-2, DbErrorKind.Unavailable)]
    [InlineData(1222, DbErrorKind.Unavailable)]
    [InlineData(53, DbErrorKind.Unavailable)]
    [InlineData(10054, DbErrorKind.Unavailable)]
    [InlineData(4060, DbErrorKind.Unavailable)]
    [InlineData(40613, DbErrorKind.Unavailable)]
    [InlineData(208, DbErrorKind.Other)]
    public void Sql_server_errors_are_classified_by_number(int number, DbErrorKind expected)
    {
        Assert.Equal(expected, DbErrors.ClassifySqlServer(number, severity: 16));
        Assert.Equal(expected, DbErrors.Classify(SqlExceptions.With(number)));
    }

    [Fact]
    public void A_fatal_sql_server_error_is_unavailable_whatever_its_number()
    {
        Assert.Equal(DbErrorKind.Unavailable, DbErrors.Classify(SqlExceptions.With(596, severity: 21)));
    }

    [Theory]
    [InlineData(19, 2067, DbErrorKind.UniqueViolation)]
    [InlineData(19, 1555, DbErrorKind.UniqueViolation)]
    [InlineData(19, 787, DbErrorKind.ConstraintViolation)]
    [InlineData(19, 275, DbErrorKind.ConstraintViolation)]
    [InlineData(5, 5, DbErrorKind.Unavailable)]
    [InlineData(6, 6, DbErrorKind.Unavailable)]
    [InlineData(1, 1, DbErrorKind.Other)]
    public void Sqlite_errors_are_classified_by_code(int code, int extended, DbErrorKind expected)
    {
        Assert.Equal(expected, DbErrors.Classify(new SqliteException("test", code, extended)));
    }

    [Fact]
    public void A_deadlock_still_counts_as_unavailable_once_retried()
    {
        Assert.True(DbErrors.IsUnavailable(SqlExceptions.With(1205)));
        Assert.True(DbErrors.IsUnavailable(new TimeoutException()));
    }

    [Fact]
    public async Task A_deadlocked_transaction_runs_once_more()
    {
        var db = TemporarySqlite(out var folder);
        try
        {
            var attempts = 0;
            var result = await db.InTransactionAsync(_ => ++attempts == 1 ? throw SqlExceptions.With(1205) : Task.FromResult(attempts), CancellationToken.None);

            Assert.Equal(2, result);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task A_second_deadlock_is_not_retried_again()
    {
        var db = TemporarySqlite(out var folder);
        try
        {
            var attempts = 0;
            var thrown = await Assert.ThrowsAsync<Microsoft.Data.SqlClient.SqlException>(() =>
                db.InTransactionAsync<int>(_ => { attempts++; throw SqlExceptions.With(1205); }, CancellationToken.None));

            Assert.Equal(2, attempts);
            Assert.True(DbErrors.IsUnavailable(thrown));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static SmartRegionDb TemporarySqlite(out string folder)
    {
        folder = Path.Combine(Path.GetTempPath(), "smartregion-unit", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return new SmartRegionDb(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={Path.Combine(folder, "t.db")}" }), new SqliteConnectionFactory());
    }
}
