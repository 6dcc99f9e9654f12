using Microsoft.Data.Sqlite;

namespace SmartRegion.Api.Data;

/// <summary>
/// Creates the service's SQLite connections. The integration tests replace it to run a concurrent write between
/// two statements of a read, which is how they prove that a page is read as one snapshot.
/// </summary>
public class SqliteConnectionFactory
{
    public virtual SqliteConnection Create(string connectionString) => new(connectionString);
}
