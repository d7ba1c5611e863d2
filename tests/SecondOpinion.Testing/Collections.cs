namespace SecondOpinion.Tests.Support;

/// <summary>
/// Collection names shared by the test projects. xunit finds collection definitions only in the
/// test assembly itself, so each project that uses a fixture declares its collection
/// (<c>[CollectionDefinition(Collections.Azurite)] class … : ICollectionFixture&lt;AzuriteFixture&gt;</c>).
/// </summary>
public static class AzuriteCollection
{
    public const string Name = "azurite";
}

public static class CosmosCollection
{
    public const string Name = "cosmos";
}
