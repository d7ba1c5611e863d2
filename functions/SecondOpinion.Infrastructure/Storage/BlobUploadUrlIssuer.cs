using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using SecondOpinion.Core.Hospitals;

namespace SecondOpinion.Infrastructure.Storage;

/// <summary>
/// Write-only SAS URLs for single blobs (create + write; no read, list or delete). In Azure, where
/// shared keys are off, they are user-delegation SAS signed with a key the app's managed identity
/// obtains; on Azurite, account-key service SAS. A blob SAS names one blob, so a hospital can write
/// exactly the files of its own batch folder and nothing else.
/// </summary>
public sealed class BlobUploadUrlIssuer(BlobServiceClient service, TimeProvider clock) : IUploadUrlIssuer
{
    private readonly SemaphoreSlim keyLock = new(1, 1);
    private UserDelegationKey? delegationKey;

    public async Task<Uri> IssueAsync(string container, string path, DateTimeOffset expiresAt, CancellationToken ct = default)
    {
        var blob = service.GetBlobContainerClient(container).GetBlobClient(path);
        var sas = new BlobSasBuilder(BlobSasPermissions.Create | BlobSasPermissions.Write, expiresAt)
        {
            BlobContainerName = container,
            BlobName = path,
            Resource = "b",
            StartsOn = clock.GetUtcNow().AddMinutes(-5),
            Protocol = blob.Uri.Scheme == Uri.UriSchemeHttps ? SasProtocol.Https : SasProtocol.HttpsAndHttp,
        };
        if (blob.CanGenerateSasUri) return blob.GenerateSasUri(sas);

        var key = await DelegationKeyAsync(expiresAt, ct);
        var query = sas.ToSasQueryParameters(key, service.AccountName);
        return new UriBuilder(blob.Uri) { Query = query.ToString() }.Uri;
    }

    /// <summary>One user-delegation key serves many grants; a new one is asked for before it would expire.</summary>
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset neededUntil, CancellationToken ct)
    {
        await keyLock.WaitAsync(ct);
        try
        {
            if (delegationKey is null || delegationKey.SignedExpiresOn < neededUntil)
            {
                var now = clock.GetUtcNow();
                delegationKey = (await service.GetUserDelegationKeyAsync(now.AddMinutes(-5), neededUntil.AddHours(6), ct)).Value;
            }
            return delegationKey;
        }
        finally
        {
            keyLock.Release();
        }
    }
}
