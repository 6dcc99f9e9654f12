using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace SmartRegion.Api.Data;

/// <summary>
/// One client span per database statement, on both engines. Microsoft.Data.Sqlite emits no spans at all, and
/// SqlClient's own instrumentation would name a span after the database rather than after the statement; one span
/// made where every statement passes (<see cref="DbSession"/>) gives the same trace shape on SQLite and SQL Server.
/// </summary>
public static class DbTelemetry
{
    public const string ActivitySourceName = "SmartRegion.Data";

    private static readonly ActivitySource Source = new(ActivitySourceName);
    private static readonly Lazy<IReadOnlyDictionary<SqlStatement, string>> Names = new(FindNames);
    private static readonly ConcurrentDictionary<SqlStatement, string> Unnamed = new();

    /// <summary>Starts the statement's span, or returns null when nobody listens (no tracing configured).</summary>
    public static Activity? Start(SqlStatement sql, DatabaseProvider provider)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var name = NameOf(sql);
        var activity = Source.StartActivity(name, ActivityKind.Client);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("db.system.name", provider == DatabaseProvider.SqlServer ? "microsoft.sql_server" : "sqlite");
            activity.SetTag("db.query.summary", name);
        }

        return activity;
    }

    /// <summary>Marks the span failed; the exception itself goes to the log, not into the trace.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        activity?.SetTag("error.type", exception.GetType().FullName);
    }

    /// <summary>The statement's field, e.g. <c>ProjectsSql.Insert</c>; statements built at run time get <c>sql</c>.</summary>
    public static string NameOf(SqlStatement sql) =>
        Names.Value.TryGetValue(sql, out var name) ? name : Unnamed.GetOrAdd(sql, _ => "sql");

    private static Dictionary<SqlStatement, string> FindNames()
    {
        var names = new Dictionary<SqlStatement, string>(ReferenceEqualityComparer.Instance);
        foreach (var type in typeof(SqlStatement).Assembly.GetTypes())
        {
            if (type.ContainsGenericParameters)
            {
                continue;
            }

            foreach (var field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (field.FieldType == typeof(SqlStatement) && field.GetValue(null) is SqlStatement statement)
                {
                    names.TryAdd(statement, $"{TypeName(type)}.{field.Name}");
                }
            }
        }

        return names;
    }

    private static string TypeName(Type type) => type.DeclaringType is { } outer ? $"{TypeName(outer)}.{type.Name}" : type.Name;
}
