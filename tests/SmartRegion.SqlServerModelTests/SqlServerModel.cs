using System.Text.RegularExpressions;
using Microsoft.SqlServer.Dac;
using Microsoft.SqlServer.Dac.Model;
using SmartRegion.Api.Data;

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// Builds the DacFx model of the schema the SQL Server migrations produce, and checks statements against it.
/// </summary>
public static partial class SqlServerModel
{
    /// <remarks>
    /// DacFx models a schema, not a history: it refuses <c>ALTER TABLE … ADD</c> of a column (SQL70645), ignores
    /// <c>DROP</c> and <c>sp_rename</c>, and has no place for data changes. So the migrations are replayed as a
    /// schema first (<see cref="MigratedSchema"/>): <c>ALTER TABLE</c> statements are folded into the table's
    /// <c>CREATE TABLE</c>, data statements (backfills) are left out, and the outcome is what DacFx validates.
    /// </remarks>
    public static TSqlModel FromMigrations()
    {
        var model = new TSqlModel(SqlServerVersion.Sql160, new TSqlModelOptions());
        foreach (var (sourceName, script) in MigratedSchema.From(Migrator.Scripts(DatabaseProvider.SqlServer)))
        {
            Add(model, sourceName, script);
        }

        return model;
    }

    /// <summary>
    /// Adds each statement to the model as a procedure and returns everything wrong with them, one line each,
    /// starting with the statement's name: unparseable text, parameters without a type, and DacFx's findings.
    /// </summary>
    public static IReadOnlyList<string> AddStatements(TSqlModel model, IEnumerable<FoundStatement> statements)
    {
        var added = new List<FoundStatement>();
        var problems = new List<string>();
        var before = model.Validate().Select(Describe).ToHashSet(StringComparer.Ordinal);
        foreach (var found in statements)
        {
            var procedure = StatementProcedure.For(found);
            problems.AddRange(procedure.Problems);
            if (procedure.Script is null)
            {
                continue;
            }

            try
            {
                Add(model, found.Name, procedure.Script);
                added.Add(found);
            }
            catch (InvalidOperationException ex)
            {
                problems.Add($"{found.Name}: {ex.Message}");
            }
        }

        // Validation messages carry no source name, but each names the procedure, which names the statement.
        problems.AddRange(model.Validate()
            .Where(IsProblem)
            .Select(Describe)
            .Where(text => !before.Contains(text))
            .Select(text => $"{StatementIn(text, added)}: {text}"));
        return problems;
    }

    /// <summary>
    /// Warnings count: DacFx reports a misspelled table (SQL71502) or a CTE column (SQL71005) in a procedure body
    /// only as a warning, although SQL Server refuses the statement at run time.
    /// </summary>
    public static bool IsProblem(DacModelMessage message) => message.MessageType != DacMessageType.Message;

    public static string Describe(DacModelMessage message) => $"{message.Prefix}{message.Number}: {message.Message}";

    /// <summary>The batches DbUp runs one by one: the text between lines that hold only <c>GO</c>.</summary>
    public static IReadOnlyList<string> Batches(string script) =>
        GoLine().Split(script).Where(batch => !string.IsNullOrWhiteSpace(batch)).ToList();

    private static void Add(TSqlModel model, string sourceName, string script)
    {
        try
        {
            model.AddOrUpdateObjects(script, sourceName, new TSqlObjectOptions());
        }
        catch (DacModelException ex)
        {
            var details = string.Join("; ", ex.Messages.Select(message => message.ToString()));
            throw new InvalidOperationException($"DacFx refused {sourceName}: {ex.Message} {details}", ex);
        }
    }

    private static string StatementIn(string messageText, List<FoundStatement> statements) =>
        statements.FirstOrDefault(found => messageText.Contains($"[{found.ProcedureName}]", StringComparison.OrdinalIgnoreCase))?.Name
            ?? "(no statement named)";

    [GeneratedRegex(@"^\s*GO\s*$", RegexOptions.Multiline | RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex GoLine();
}
