using Microsoft.Data.SqlClient;
using SmartRegion.Api.Data;

namespace SmartRegion.UnitTests.Data;

/// <summary>SqlClient's configurable retry logic as <see cref="SqlServerRetry"/> configures it for opening connections.</summary>
public sealed class SqlServerRetryTests
{
    private static readonly SqlServerRetryOptions Fast = new() { NumberOfTries = 3, DeltaTime = TimeSpan.FromMilliseconds(5), MaxTimeInterval = TimeSpan.FromMilliseconds(10) };

    [Theory]
    [InlineData(40613)]
    [InlineData(4060)]
    [InlineData(10054)]
    [InlineData(18456)]
    public void A_transient_error_is_tried_the_configured_number_of_times(int number)
    {
        var attempts = 0;
        var provider = SqlServerRetry.Create(Fast);

        Assert.ThrowsAny<Exception>(() => provider.Execute<int>(this, () => { attempts++; throw SqlExceptions.With(number); }));

        Assert.Equal(3, attempts);
    }

    [Theory]
    [InlineData(2627)]
    [InlineData(547)]
    [InlineData(1205)]
    [InlineData(-2)]
    public void A_constraint_violation_deadlock_or_command_timeout_is_not_retried_by_SqlClient(int number)
    {
        var attempts = 0;
        var provider = SqlServerRetry.Create(Fast);

        Assert.Throws<SqlException>(() => provider.Execute<int>(this, () => { attempts++; throw SqlExceptions.With(number); }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public void A_transient_error_that_passes_succeeds_on_a_later_attempt()
    {
        var attempts = 0;
        var provider = SqlServerRetry.Create(Fast);

        var result = provider.Execute(this, () => ++attempts < 2 ? throw SqlExceptions.With(40501) : attempts);

        Assert.Equal(2, result);
    }

    [Fact]
    public void One_try_turns_retrying_off()
    {
        var attempts = 0;
        var provider = SqlServerRetry.Create(new SqlServerRetryOptions { NumberOfTries = 1 });

        Assert.ThrowsAny<Exception>(() => provider.Execute<int>(this, () => { attempts++; throw SqlExceptions.With(40613); }));

        Assert.Equal(1, attempts);
    }

    [Fact]
    public void The_defaults_try_4_times_and_every_retried_error_is_one_the_service_answers_with_503()
    {
        var defaults = new DatabaseOptions().SqlServerRetry;

        Assert.Equal((4, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(4)), (defaults.NumberOfTries, defaults.DeltaTime, defaults.MaxTimeInterval));
        Assert.All(SqlServerRetry.TransientErrors, number => Assert.Equal(DbErrorKind.Unavailable, DbErrors.ClassifySqlServer(number, 16)));
    }
}
