using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using Microsoft.Data.SqlClient;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// Watches every command SqlClient sends in this process (its <c>WriteCommandBefore</c> diagnostic event) and
/// refuses one with a null parameter whose type was inferred rather than set: SqlClient would send it as
/// <c>nvarchar</c> whatever the column is. Throwing here fails the statement, so the request answers 500 and the test
/// that sent it fails; <see cref="Found"/> keeps what was seen for the suite-level test.
/// </summary>
public sealed class UntypedNullParameters : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private const string BeforeCommand = "Microsoft.Data.SqlClient.WriteCommandBefore";

    // SqlParameter keeps an explicitly set type in _metaType and infers one from the value only while it is null.
    private static readonly FieldInfo MetaType = typeof(SqlParameter).GetField("_metaType", BindingFlags.NonPublic | BindingFlags.Instance)
        ?? throw new InvalidOperationException("SqlParameter no longer has _metaType; update this check.");

    private readonly IDisposable allListeners;
    private readonly List<IDisposable> subscriptions = [];

    private UntypedNullParameters() => allListeners = DiagnosticListener.AllListeners.Subscribe(this);

    public static UntypedNullParameters Watch() => new();

    public ConcurrentQueue<string> Found { get; } = new();

    public static bool HasExplicitType(SqlParameter parameter) => MetaType.GetValue(parameter) is not null;

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == "SqlClientDiagnosticListener")
        {
            lock (subscriptions)
            {
                subscriptions.Add(listener.Subscribe(this, name => name == BeforeCommand));
            }
        }
    }

    public void OnNext(KeyValuePair<string, object?> value)
    {
        if (value.Key != BeforeCommand || value.Value?.GetType().GetProperty("Command")?.GetValue(value.Value) is not SqlCommand command)
        {
            return;
        }

        var untyped = command.Parameters.Cast<SqlParameter>()
            .Where(parameter => parameter.Value is null or DBNull && !HasExplicitType(parameter))
            .Select(parameter => parameter.ParameterName)
            .ToList();
        if (untyped.Count > 0)
        {
            var finding = $"null parameter(s) {string.Join(", ", untyped)} sent without an explicit type in: {command.CommandText}";
            Found.Enqueue(finding);
            throw new InvalidOperationException(finding);
        }
    }

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        allListeners.Dispose();
        lock (subscriptions)
        {
            subscriptions.ForEach(subscription => subscription.Dispose());
        }
    }
}
