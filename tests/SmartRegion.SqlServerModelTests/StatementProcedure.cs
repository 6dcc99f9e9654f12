using System.Text.RegularExpressions;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// A statement's SQL Server text wrapped in <c>CREATE PROCEDURE</c> with typed parameters: DacFx resolves every
/// table and column a procedure body references, which a bare statement would not get.
/// </summary>
/// <param name="Script">The procedure, or null when it cannot be built (see <paramref name="Problems"/>).</param>
/// <param name="Problems">Why it cannot be built: the text does not parse, or a parameter has no chosen type.</param>
public sealed partial record StatementProcedure(string? Script, IReadOnlyList<string> Problems)
{
    public static StatementProcedure For(FoundStatement found) => For(found.Name, found.ProcedureName, found.Statement.SqlServer);

    public static StatementProcedure For(string statementName, string procedureName, string sql)
    {
        // Dapper expands "IN @Ids" into a parenthesised list at run time; T-SQL only parses the parenthesised form.
        var body = DapperListParameter().Replace(sql, "IN (@$1)");

        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(body);
        var fragment = parser.Parse(reader, out var parseErrors);
        if (parseErrors.Count > 0)
        {
            return Failed(parseErrors.Select(error =>
                $"{statementName}: does not parse on SQL Server (line {error.Line}, column {error.Column}): {error.Message}"));
        }

        var variables = new VariableCollector();
        fragment.Accept(variables);
        var parameters = variables.Referenced
            .Where(name => !variables.Declared.Contains(name))
            .Select(name => (Name: name, Type: SqlParameterTypes.For(name)))
            .ToList();
        var untyped = parameters.Where(parameter => parameter.Type is null).ToList();
        if (untyped.Count > 0)
        {
            return Failed(untyped.Select(parameter =>
                $"{statementName}: parameter @{parameter.Name} has no T-SQL type; add it to {nameof(SqlParameterTypes)}."));
        }

        var declarations = string.Join(", ", parameters.Select(parameter => $"@{parameter.Name} {parameter.Type}"));
        var script = $"""
            CREATE PROCEDURE [dbo].[{procedureName}] {declarations}
            AS
            BEGIN
            SET NOCOUNT ON;
            {body}
            END
            """;
        return new StatementProcedure(script, []);
    }

    private static StatementProcedure Failed(IEnumerable<string> problems) => new(null, problems.ToList());

    [GeneratedRegex(@"\bIN\s+@(\w+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DapperListParameter();

    /// <summary>
    /// Variables the text uses and the ones it declares itself; the difference are the parameters Dapper binds.
    /// <c>@@ROWCOUNT</c> and friends are global variables, a different node, so they never appear here.
    /// </summary>
    private sealed class VariableCollector : TSqlFragmentVisitor
    {
        // Ordered by first use, so the procedure's signature reads like the statement.
        public List<string> Referenced { get; } = [];

        public HashSet<string> Declared { get; } = new(StringComparer.OrdinalIgnoreCase);

        public override void Visit(VariableReference node) => Add(node.Name);

        public override void Visit(DeclareVariableElement node) => Declared.Add(Strip(node.VariableName.Value));

        public override void Visit(DeclareTableVariableBody node) => Declared.Add(Strip(node.VariableName.Value));

        // In "EXEC proc @Name = @value" the left side names the callee's parameter; only the value is ours.
        public override void ExplicitVisit(ExecuteParameter node) => node.ParameterValue?.Accept(this);

        private void Add(string name)
        {
            var stripped = Strip(name);
            if (!Referenced.Contains(stripped, StringComparer.OrdinalIgnoreCase))
            {
                Referenced.Add(stripped);
            }
        }

        private static string Strip(string name) => name.TrimStart('@');
    }
}
