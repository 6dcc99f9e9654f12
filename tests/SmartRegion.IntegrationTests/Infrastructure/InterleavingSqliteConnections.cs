using System.Collections;
using System.Data;
using System.Data.Common;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmartRegion.Api.Data;
using SmartRegion.IntegrationTests.Infrastructure.Contract;

namespace SmartRegion.IntegrationTests.Infrastructure;

/// <summary>
/// SQLite connections that run a concurrent write once, right after the first result set of a command whose text
/// contains a marker has been read: before the next statement of the same batch runs, or before the command is
/// done. That is exactly the moment where a page read in two steps can see two states of the database.
/// </summary>
public sealed class InterleavingSqliteConnections(string marker, Func<Task> write) : SqliteConnectionFactory
{
    private int fired;

    /// <summary>True once the write has run.</summary>
    public bool Fired => Volatile.Read(ref fired) == 1;

    public override SqliteConnection Create(string connectionString) => new InterleavingConnection(connectionString, this);

    /// <summary>A host of its own on the app's database whose SQLite connections are these.</summary>
    public InterleavedHost HostFor(SmartRegionApp app) =>
        new(app.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<SqliteConnectionFactory>(this))));

    private async Task AfterFirstResultAsync(string commandText)
    {
        if (commandText.Contains(marker, StringComparison.Ordinal) && Interlocked.Exchange(ref fired, 1) == 0)
        {
            await write();
        }
    }

    private sealed class InterleavingConnection(string connectionString, InterleavingSqliteConnections owner) : SqliteConnection(connectionString)
    {
        public override SqliteCommand CreateCommand() =>
            new InterleavingCommand(owner) { Connection = this, CommandTimeout = DefaultTimeout, Transaction = Transaction };
    }

    private sealed class InterleavingCommand(InterleavingSqliteConnections owner) : SqliteCommand
    {
        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) =>
            new InterleavingReader(base.ExecuteDbDataReader(behavior), owner, CommandText);

        protected override async Task<DbDataReader> ExecuteDbDataReaderAsync(CommandBehavior behavior, CancellationToken cancellationToken) =>
            new InterleavingReader(await base.ExecuteDbDataReaderAsync(behavior, cancellationToken), owner, CommandText);
    }

    /// <summary>Passes everything through; the first move past the first result set runs the write first.</summary>
    private sealed class InterleavingReader(DbDataReader inner, InterleavingSqliteConnections owner, string commandText) : DbDataReader
    {
        private bool pastFirst;

        public override bool NextResult()
        {
            AfterFirstAsync().GetAwaiter().GetResult();
            return inner.NextResult();
        }

        public override async Task<bool> NextResultAsync(CancellationToken cancellationToken)
        {
            await AfterFirstAsync();
            return await inner.NextResultAsync(cancellationToken);
        }

        public override async ValueTask DisposeAsync()
        {
            await AfterFirstAsync();
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                AfterFirstAsync().GetAwaiter().GetResult();
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override void Close() => inner.Close();

        private Task AfterFirstAsync()
        {
            if (pastFirst)
            {
                return Task.CompletedTask;
            }

            pastFirst = true;
            return owner.AfterFirstResultAsync(commandText);
        }

        public override object this[int ordinal] => inner[ordinal];

        public override object this[string name] => inner[name];

        public override int Depth => inner.Depth;

        public override int FieldCount => inner.FieldCount;

        public override bool HasRows => inner.HasRows;

        public override bool IsClosed => inner.IsClosed;

        public override int RecordsAffected => inner.RecordsAffected;

        public override int VisibleFieldCount => inner.VisibleFieldCount;

        public override bool GetBoolean(int ordinal) => inner.GetBoolean(ordinal);

        public override byte GetByte(int ordinal) => inner.GetByte(ordinal);

        public override long GetBytes(int ordinal, long dataOffset, byte[]? buffer, int bufferOffset, int length) => inner.GetBytes(ordinal, dataOffset, buffer, bufferOffset, length);

        public override char GetChar(int ordinal) => inner.GetChar(ordinal);

        public override long GetChars(int ordinal, long dataOffset, char[]? buffer, int bufferOffset, int length) => inner.GetChars(ordinal, dataOffset, buffer, bufferOffset, length);

        public override string GetDataTypeName(int ordinal) => inner.GetDataTypeName(ordinal);

        public override DateTime GetDateTime(int ordinal) => inner.GetDateTime(ordinal);

        public override decimal GetDecimal(int ordinal) => inner.GetDecimal(ordinal);

        public override double GetDouble(int ordinal) => inner.GetDouble(ordinal);

        public override IEnumerator GetEnumerator() => ((IEnumerable)inner).GetEnumerator();

        public override Type GetFieldType(int ordinal) => inner.GetFieldType(ordinal);

        public override T GetFieldValue<T>(int ordinal) => inner.GetFieldValue<T>(ordinal);

        public override float GetFloat(int ordinal) => inner.GetFloat(ordinal);

        public override Guid GetGuid(int ordinal) => inner.GetGuid(ordinal);

        public override short GetInt16(int ordinal) => inner.GetInt16(ordinal);

        public override int GetInt32(int ordinal) => inner.GetInt32(ordinal);

        public override long GetInt64(int ordinal) => inner.GetInt64(ordinal);

        public override string GetName(int ordinal) => inner.GetName(ordinal);

        public override int GetOrdinal(string name) => inner.GetOrdinal(name);

        public override DataTable? GetSchemaTable() => inner.GetSchemaTable();

        public override string GetString(int ordinal) => inner.GetString(ordinal);

        public override object GetValue(int ordinal) => inner.GetValue(ordinal);

        public override int GetValues(object[] values) => inner.GetValues(values);

        public override bool IsDBNull(int ordinal) => inner.IsDBNull(ordinal);

        public override Task<bool> IsDBNullAsync(int ordinal, CancellationToken cancellationToken) => inner.IsDBNullAsync(ordinal, cancellationToken);

        public override bool Read() => inner.Read();

        public override Task<bool> ReadAsync(CancellationToken cancellationToken) => inner.ReadAsync(cancellationToken);
    }
}

/// <summary>The service on the app's database with <see cref="InterleavingSqliteConnections"/>; clients validate every response.</summary>
public sealed class InterleavedHost(WebApplicationFactory<Program> factory) : IAsyncDisposable
{
    public HttpClient WithKey(string key)
    {
        var client = ContractValidatingHandler.CreateClient(OpenApiContract.Committed, handler => factory.CreateDefaultClient(new Uri("http://localhost"), handler));
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("ApiKey", key);
        return client;
    }

    public ValueTask DisposeAsync() => factory.DisposeAsync();
}
