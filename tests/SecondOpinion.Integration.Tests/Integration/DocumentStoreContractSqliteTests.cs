using Microsoft.Data.Sqlite;
using SecondOpinion.Core.Common;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.Tests.Integration;

/// <summary>The document-store contract against <see cref="SqliteDocumentStore"/> on a temporary file.</summary>
public sealed class SqliteDocumentStoreContractTests : DocumentStoreContract
{
    private readonly string path = Path.Combine(Path.GetTempPath(), $"so-contract-{Guid.NewGuid():N}.db");

    protected override Task<IDocumentStore> CreateStoreAsync() => Task.FromResult<IDocumentStore>(new SqliteDocumentStore(path));

    protected override Task DisposeStoreAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        return Task.CompletedTask;
    }
}
