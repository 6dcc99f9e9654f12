using Microsoft.Data.Sqlite;
using Microsoft.SqlServer.Dac.Model;

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// The SQLite side of every statement compiles against the migrated SQLite schema, and the SQL Server schema keeps
/// to the column types that make both dialects behave alike.
/// </summary>
public sealed partial class SqliteStatementsTests(SqlServerModelFixture fixture)
{
    [Fact]
    public void Every_statement_compiles_against_the_migrated_SQLite_schema()
    {
        using var sqlite = SchemaParityTests.MigratedSqlite();
        var problems = new List<string>();
        foreach (var found in fixture.Statements)
        {
            using var command = sqlite.CreateCommand();
            // Dapper expands "IN @list" into "IN (@list0, @list1, …)" before the engine sees it.
            command.CommandText = DapperListParameter().Replace(found.Statement.Sqlite, "IN ($1)");
            try
            {
                // Prepare compiles every statement of the text (unknown tables and columns fail here) without running it.
                command.Prepare();
            }
            catch (SqliteException ex)
            {
                problems.Add($"{found.Name}: {ex.Message}");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void A_misspelled_column_fails_on_SQLite_too()
    {
        using var sqlite = SchemaParityTests.MigratedSqlite();
        using var command = sqlite.CreateCommand();
        command.CommandText = "SELECT Slug, Nmae FROM Regions WHERE Slug = @Slug";

        var error = Assert.Throws<SqliteException>(command.Prepare);

        Assert.Contains("Nmae", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_columns_are_unicode_on_SQL_Server()
    {
        // Dapper sends strings as nvarchar: a varchar or char column would lose „…“ and ß outside its code page
        // and turn index seeks into scans through implicit conversions.
        var columns = fixture.Model.GetObjects(DacQueryScopes.UserDefined, Table.TypeClass)
            .SelectMany(table => table.GetReferenced(Table.Columns))
            .Select(column => (Column: column.Name.ToString(), Type: column.GetReferenced(Column.DataType).FirstOrDefault()?.Name.Parts[^1]))
            .ToList();
        var nonUnicode = columns.Where(column => column.Type is "varchar" or "char" or "text").Select(column => column.Column).ToList();

        // The type lookup itself works (else the check could never fail): text columns are seen as nvarchar.
        Assert.Contains(columns, column => column.Type == "nvarchar");
        Assert.True(nonUnicode.Count == 0, "Use nvarchar for: " + string.Join(", ", nonUnicode));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bIN\s+(@\w+)", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex DapperListParameter();
}
