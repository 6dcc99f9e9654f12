using Microsoft.SqlServer.Dac.Model;
using SmartRegion.SqlServerModelTests;

[assembly: AssemblyFixture(typeof(SqlServerModelFixture))]

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// One DacFx model for the whole run: the first model in a process costs most of a second, so it is built once,
/// validated after the migrations and again after every statement was added, and afterwards only read.
/// </summary>
public sealed class SqlServerModelFixture : IDisposable
{
    public SqlServerModelFixture()
    {
        Model = SqlServerModel.FromMigrations();
        MigrationMessages = Model.Validate().ToList();
        Statements = SqlStatementCatalog.Discover();
        StatementProblems = SqlServerModel.AddStatements(Model, Statements);
    }

    /// <summary>Tables from the migrations plus one procedure per statement. Read it; do not add to it.</summary>
    public TSqlModel Model { get; }

    public IReadOnlyList<DacModelMessage> MigrationMessages { get; }

    public IReadOnlyList<FoundStatement> Statements { get; }

    /// <summary>Everything wrong with the statements, each line starting with the statement's name.</summary>
    public IReadOnlyList<string> StatementProblems { get; }

    public void Dispose() => Model.Dispose();
}
