using System.Collections;
using System.Collections.Concurrent;
using System.Data;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;

namespace SmartRegion.Api.Data;

/// <summary>
/// Turns a statement's parameter object into <see cref="DynamicParameters"/> in which every null value carries the
/// SQL type of its property. Dapper skips type handlers for null, so a null <c>Guid?</c>, <c>DateTimeOffset?</c>,
/// <c>decimal?</c> or <c>DateOnly?</c> would otherwise go out untyped and SqlClient would send it as
/// <c>nvarchar(4000)</c>: SQL Server then converts per execution and caches one plan per type, and engines without
/// that conversion refuse it. Non-null values are left to Dapper (type handlers, <c>IN @list</c> expansion).
/// </summary>
public static class TypedParameters
{
    /// <summary>The size Dapper gives string parameters up to 4000 characters; a null string gets the same.</summary>
    private const int StringSize = 4000;

    private static readonly ConcurrentDictionary<(Type Type, string Sql), PropertyInfo[]> Properties = new();

    /// <summary>
    /// The parameters of <paramref name="sql"/> taken from <paramref name="args"/>. Like Dapper, only properties the
    /// statement names (<c>@Name</c>) become parameters; a parameter object may carry more (e.g. a nested body).
    /// </summary>
    public static object? From(string sql, object? args, DatabaseProvider provider) => args switch
    {
        null or SqlMapper.IDynamicParameters => args,
        IEnumerable<KeyValuePair<string, object?>> pairs => FromPairs(pairs),
        // Dapper runs a statement once per element of a list argument.
        IEnumerable rows and not string => rows.Cast<object?>().Select(row => From(sql, row, provider)).ToList(),
        _ => FromObject(sql, args, provider),
    };

    /// <summary>The explicit type of a null value of a property of type <paramref name="type"/>, per engine.</summary>
    public static (DbType DbType, int? Size, byte? Precision, byte? Scale) NullTypeOf(Type type, DatabaseProvider provider)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        var sqlite = provider == DatabaseProvider.Sqlite;
        return underlying switch
        {
            // SQLite stores these as text (see DapperTypeHandlers), SQL Server natively.
            _ when underlying == typeof(Guid) => (sqlite ? DbType.String : DbType.Guid, null, null, null),
            _ when underlying == typeof(DateTimeOffset) => (sqlite ? DbType.String : DbType.DateTimeOffset, null, null, null),
            _ when underlying == typeof(DateOnly) => (sqlite ? DbType.String : DbType.Date, null, null, null),
            _ when underlying == typeof(decimal) => sqlite ? (DbType.String, null, null, null) : (DbType.Decimal, null, 18, 2),
            _ when underlying == typeof(string) => (DbType.String, StringSize, null, null),
            _ when underlying == typeof(int) || underlying.IsEnum => (DbType.Int32, null, null, null),
            _ when underlying == typeof(long) => (DbType.Int64, null, null, null),
            _ when underlying == typeof(short) => (DbType.Int16, null, null, null),
            _ when underlying == typeof(byte) => (DbType.Byte, null, null, null),
            _ when underlying == typeof(bool) => (DbType.Boolean, null, null, null),
            _ when underlying == typeof(double) => (DbType.Double, null, null, null),
            _ when underlying == typeof(DateTime) => (DbType.DateTime2, null, null, null),
            _ when underlying == typeof(byte[]) => (DbType.Binary, null, null, null),
            _ => throw new InvalidOperationException(
                $"A null parameter of type {type.Name} has no known SQL type; give it one in {nameof(TypedParameters)}."),
        };
    }

    private static DynamicParameters FromObject(string sql, object args, DatabaseProvider provider)
    {
        var parameters = new DynamicParameters();
        foreach (var property in Properties.GetOrAdd((args.GetType(), sql), key => NamedProperties(key.Type, key.Sql)))
        {
            var value = property.GetValue(args);
            if (value is null && property.PropertyType == typeof(string))
            {
                // Dapper sets a DbType only when it differs from the provider's default, and a fresh SqlParameter's
                // default is already String: the type would stay inferred. DbString sets it unconditionally.
                parameters.Add(property.Name, new DbString { Value = null, Length = StringSize });
            }
            else if (value is null)
            {
                var (dbType, size, precision, scale) = NullTypeOf(property.PropertyType, provider);
                parameters.Add(property.Name, null, dbType, ParameterDirection.Input, size, precision, scale);
            }
            else
            {
                parameters.Add(property.Name, value);
            }
        }

        return parameters;
    }

    private static DynamicParameters FromPairs(IEnumerable<KeyValuePair<string, object?>> pairs)
    {
        var parameters = new DynamicParameters();
        foreach (var (name, value) in pairs)
        {
            // A dictionary says nothing about the type of a null value, so it cannot carry one.
            parameters.Add(name, value ?? throw new InvalidOperationException($"Parameter '{name}' is null in a dictionary; use a typed object."));
        }

        return parameters;
    }

    /// <summary>The readable properties that <paramref name="sql"/> names as <c>@Name</c> (case-insensitive, as Dapper does).</summary>
    private static PropertyInfo[] NamedProperties(Type type, string sql) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.CanRead && property.GetIndexParameters().Length == 0)
            .Where(property => Regex.IsMatch(sql, $@"[?@:]{Regex.Escape(property.Name)}([^\p{{L}}\p{{N}}_]|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant))
            .ToArray();
}
