using System.Data;
using System.Reflection;
using Dapper;
using Microsoft.Data.SqlClient;
using SmartRegion.Api.Data;

namespace SmartRegion.UnitTests.Data;

public sealed class TypedParametersTests
{
    private const string Sql = "SELECT @Id, @At, @Day, @Amount, @Count, @Flag, @Text, @Name WHERE x IN @Ids";

    [Fact]
    public void Null_values_carry_the_sql_type_of_their_property_on_sql_server()
    {
        var parameters = Bind(new
        {
            Id = (Guid?)null,
            At = (DateTimeOffset?)null,
            Day = (DateOnly?)null,
            Amount = (decimal?)null,
            Count = (int?)null,
            Flag = (bool?)null,
            Text = (string?)null,
        });

        Assert.Equal(SqlDbType.UniqueIdentifier, parameters["Id"].SqlDbType);
        Assert.Equal(SqlDbType.DateTimeOffset, parameters["At"].SqlDbType);
        Assert.Equal(SqlDbType.Date, parameters["Day"].SqlDbType);
        Assert.Equal(SqlDbType.Decimal, parameters["Amount"].SqlDbType);
        Assert.Equal((18, 2), (parameters["Amount"].Precision, parameters["Amount"].Scale));
        Assert.Equal(SqlDbType.Int, parameters["Count"].SqlDbType);
        Assert.Equal(SqlDbType.Bit, parameters["Flag"].SqlDbType);
        Assert.Equal(SqlDbType.NVarChar, parameters["Text"].SqlDbType);
        Assert.All(parameters.Values, parameter => Assert.True(parameter.Value is null or DBNull, parameter.ParameterName));
        Assert.All(parameters.Values, parameter => Assert.True(SqlParameterTyping.HasExplicitType(parameter), parameter.ParameterName));
    }

    [Fact]
    public void Without_the_conversion_a_null_goes_out_untyped()
    {
        // What Dapper does on its own: this is the behaviour the conversion exists to prevent, and the proof that
        // the explicit-type check sees the difference.
        var untyped = new DynamicParameters();
        untyped.Add("Id", null);
        using var command = new SqlCommand("SELECT @Id");
        ((SqlMapper.IDynamicParameters)untyped).AddParameters(command, IdentityFor(command));

        Assert.False(SqlParameterTyping.HasExplicitType(command.Parameters[0]));
    }

    [Fact]
    public void Non_null_values_and_lists_are_left_to_dapper()
    {
        var id = Guid.CreateVersion7();
        var parameters = Bind(new { Id = id, Name = "Straße", Ids = new List<string> { "a", "b" } });

        Assert.Equal(id, parameters["Id"].Value);
        Assert.Equal("Straße", parameters["Name"].Value);
        Assert.Equal(["Ids1", "Ids2"], parameters.Keys.Where(k => k.StartsWith("Ids", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void On_sqlite_nulls_are_typed_as_the_handlers_store_them()
    {
        var converted = (DynamicParameters)TypedParameters.From("SELECT @Id, @Amount", new { Id = (Guid?)null, Amount = (decimal?)null }, DatabaseProvider.Sqlite)!;
        using var command = new Microsoft.Data.Sqlite.SqliteCommand("SELECT @Id, @Amount");
        ((SqlMapper.IDynamicParameters)converted).AddParameters(command, IdentityFor(command));

        Assert.All(command.Parameters.Cast<Microsoft.Data.Sqlite.SqliteParameter>(), parameter => Assert.Equal(DbType.String, parameter.DbType));
    }

    [Fact]
    public void Only_properties_the_statement_names_become_parameters()
    {
        var converted = (DynamicParameters)TypedParameters.From("SELECT @Id", new { Id = Guid.Empty, Identity = (Uri?)null, Body = new object() }, DatabaseProvider.SqlServer)!;

        Assert.Equal(["Id"], converted.ParameterNames);
    }

    [Fact]
    public void A_null_of_an_unknown_type_is_refused_rather_than_sent_untyped()
    {
        Assert.Throws<InvalidOperationException>(() => TypedParameters.From("SELECT @Blob", new { Blob = (Uri?)null }, DatabaseProvider.SqlServer));
    }

    /// <summary>Dapper's cache identity of a statement (internal constructor; only its SQL text matters here).</summary>
    private static SqlMapper.Identity IdentityFor(IDbCommand command)
    {
        var sql = command.CommandText;
        IDbConnection connection = command is SqlCommand ? new SqlConnection() : new Microsoft.Data.Sqlite.SqliteConnection();
        var constructor = typeof(SqlMapper.Identity).GetConstructors(BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)
            .OrderBy(c => c.GetParameters().Length).First(c => c.GetParameters().Length > 0 && c.GetParameters()[0].ParameterType == typeof(string));
        return (SqlMapper.Identity)constructor.Invoke(constructor.GetParameters().Select((p, i) => i == 0 ? sql : p.ParameterType == typeof(IDbConnection) ? connection : p.ParameterType.IsValueType && Nullable.GetUnderlyingType(p.ParameterType) is null ? Activator.CreateInstance(p.ParameterType) : null).ToArray());
    }

    private static Dictionary<string, SqlParameter> Bind(object args)
    {
        var converted = (DynamicParameters)TypedParameters.From(Sql, args, DatabaseProvider.SqlServer)!;
        using var command = new SqlCommand(Sql);
        ((SqlMapper.IDynamicParameters)converted).AddParameters(command, IdentityFor(command));
        return command.Parameters.Cast<SqlParameter>().ToDictionary(p => p.ParameterName.TrimStart('@'));
    }
}
