using System.Reflection;
using SmartRegion.Api.Data;

namespace SmartRegion.SqlServerModelTests;

/// <summary>One <see cref="SqlStatement"/> field of the service, named after the class chain that declares it.</summary>
/// <param name="Name">E.g. <c>UpdateRegionEndpoint.Sql.Update</c>: what a failure message points the reader to.</param>
/// <param name="Statement">The statement the field holds.</param>
/// <param name="Origin">The field's full name with namespace, to tell apart equally named classes.</param>
public sealed record FoundStatement(string Name, SqlStatement Statement, string? Origin = null)
{
    /// <summary>A valid, readable T-SQL identifier for the wrapping procedure, e.g. <c>q_UpdateRegionEndpoint_Sql_Update</c>.</summary>
    public string ProcedureName => "q_" + Name.Replace('.', '_');
}

/// <summary>
/// Every statement the service can run, found by reflection: new statements are checked the moment they exist,
/// without anyone remembering to list them here.
/// </summary>
public static class SqlStatementCatalog
{
    private const BindingFlags StaticFields = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static IReadOnlyList<FoundStatement> Discover() =>
        typeof(SqlStatement).Assembly.GetTypes()
            .Where(type => !type.ContainsGenericParameters)
            .SelectMany(type => type.GetFields(StaticFields))
            .Where(field => field.FieldType == typeof(SqlStatement))
            .Select(field => new FoundStatement(NameOf(field), Read(field), $"{field.DeclaringType!.FullName}.{field.Name}"))
            .OrderBy(found => found.Name, StringComparer.Ordinal)
            .ToList();

    private static SqlStatement Read(FieldInfo field) =>
        field.GetValue(null) as SqlStatement
            ?? throw new InvalidOperationException($"{NameOf(field)} is null; a SqlStatement field must be initialised where it is declared.");

    // The declaring class alone is ambiguous: many endpoints have a nested class called Sql.
    private static string NameOf(FieldInfo field)
    {
        var names = new Stack<string>();
        for (var type = field.DeclaringType; type is not null; type = type.DeclaringType)
        {
            names.Push(type.Name);
        }

        return string.Join('.', names) + "." + field.Name;
    }
}
