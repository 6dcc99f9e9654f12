using System.Reflection;
using Microsoft.Data.SqlClient;

namespace SmartRegion.UnitTests.Data;

/// <summary>
/// Builds a real <see cref="SqlException"/> with a given error number and severity. SqlClient has no public
/// constructor for it, so this takes the widely used reflection route (internal SqlError constructor,
/// SqlErrorCollection.Add, SqlException.CreateException); it picks constructors by parameter type, not position,
/// so it survives SqlClient adding parameters.
/// </summary>
internal static class SqlExceptions
{
    public static SqlException With(int number, byte severity = 16)
    {
        const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance;
        var errorCtor = typeof(SqlError).GetConstructors(Internal).OrderByDescending(c => c.GetParameters().Length).First();
        var ints = 0;
        var bytes = 0;
        var arguments = errorCtor.GetParameters().Select(parameter => parameter.ParameterType switch
        {
            var t when t == typeof(int) => (object)(ints++ == 0 ? number : 0),
            var t when t == typeof(byte) => bytes++ switch { 0 => (byte)0, 1 => severity, _ => (byte)0 },
            var t when t == typeof(string) => "test",
            var t when t == typeof(uint) => 0u,
            _ => null,
        }).ToArray();
        var error = (SqlError)errorCtor.Invoke(arguments);

        var errors = (SqlErrorCollection)Activator.CreateInstance(typeof(SqlErrorCollection), nonPublic: true)!;
        typeof(SqlErrorCollection).GetMethod("Add", Internal)!.Invoke(errors, [error]);

        var create = typeof(SqlException).GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name == "CreateException")
            .OrderBy(m => m.GetParameters().Length)
            .First(m => m.GetParameters()[0].ParameterType == typeof(SqlErrorCollection));
        var createArguments = create.GetParameters().Select(p => p.ParameterType == typeof(SqlErrorCollection) ? errors : p.ParameterType == typeof(string) ? (object)"16.0" : null).ToArray();
        return (SqlException)create.Invoke(null, createArguments)!;
    }
}
