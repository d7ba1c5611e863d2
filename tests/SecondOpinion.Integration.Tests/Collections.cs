using SecondOpinion.Tests.Support;

namespace SecondOpinion.Tests;

[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>;

[CollectionDefinition(CosmosCollection.Name)]
public sealed class CosmosTests : ICollectionFixture<CosmosServerFixture>;
