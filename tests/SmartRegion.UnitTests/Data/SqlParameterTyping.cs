using System.Reflection;
using Microsoft.Data.SqlClient;

namespace SmartRegion.UnitTests.Data;

/// <summary>
/// Whether a SqlParameter's type was set explicitly rather than inferred from its value: SqlParameter keeps an
/// explicitly set type in its private <c>_metaType</c> field and infers one from the value only while that is null
/// (a null value infers <c>nvarchar</c>). The same check runs on every statement in the SQL Server test host.
/// </summary>
internal static class SqlParameterTyping
{
    private static readonly FieldInfo MetaType = typeof(SqlParameter).GetField("_metaType", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("SqlParameter no longer has _metaType; update this check.");

    public static bool HasExplicitType(SqlParameter parameter) => MetaType.GetValue(parameter) is not null;
}
