using System.Text;
using SecondOpinion.Core.Audit;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Hospitals;

/// <summary>
/// One quarantined hospital drop (<c>GET /api/ops/quarantine</c>): whose, which batch, when, why, and
/// how much it holds. Never a file's contents or name (a hospital's file names can name the patient).
/// </summary>
/// <param name="QuarantinedAt">When the reason file was written (the last file, for late files), as storage keeps it: to the second. The list is in this order.</param>
/// <param name="Reason">A <see cref="QuarantineReasons"/> code, or <c>late-files</c>: files that arrived after their batch was finished.</param>
/// <param name="Detail">The processor's explanation, without file names.</param>
/// <param name="Files">How many of the hospital's files are kept in quarantine (the reason file not counted).</param>
public sealed record QuarantinedBatch(string HospitalId, string BatchId, DateTimeOffset QuarantinedAt, string Reason, string Detail, int Files, long Bytes);

/// <summary>
/// The quarantine container as operations read it: one entry per batch folder, newest first, read from
/// the reason file the drop processor writes (<see cref="BlobLayout.QuarantineReason"/>). Quarantine
/// keeps what no case took, so it stays small; a page reads the listing and only its own reason files.
/// </summary>
public sealed class QuarantineListing(IFileStore files, AuditLog audit)
{
    /// <summary>Files copied in after their batch had been finished, which have no reason file of their own.</summary>
    public const string LateFiles = "late-files";

    private const string ReasonFileName = "reason.json";

    public async Task<Page<QuarantinedBatch>> ListAsync(Caller caller, PageRequest page, CancellationToken ct = default)
    {
        var after = DecodeToken(page.ContinuationToken);
        var folders = (await files.ListAsync(BlobLayout.QuarantineContainer, "", ct))
            .Select(f => (File: f, Parts: f.Path.Split('/', 3)))
            .Where(f => f.Parts.Length == 3)
            .GroupBy(f => (HospitalId: f.Parts[0], BatchId: f.Parts[1]))
            .Select(g =>
            {
                var reason = g.FirstOrDefault(f => f.Parts[2] == ReasonFileName).File;
                var held = g.Where(f => f.Parts[2] != ReasonFileName).Select(f => f.File).ToList();
                var at = reason?.LastModified ?? held.Max(f => f.LastModified);
                return (g.Key.HospitalId, g.Key.BatchId, At: at, HasReason: reason is not null, Files: held.Count, Bytes: held.Sum(f => f.Size),
                    SortKey: $"{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffffZ}|{g.Key.HospitalId}/{g.Key.BatchId}");
            })
            .Where(f => after is null || string.CompareOrdinal(f.SortKey, after) < 0)
            .OrderByDescending(f => f.SortKey, StringComparer.Ordinal)
            .Take(page.Size + 1)
            .ToList();

        var items = new List<QuarantinedBatch>();
        foreach (var folder in folders.Take(page.Size))
        {
            var written = folder.HasReason ? await files.ReadTextAsync(BlobLayout.QuarantineContainer, BlobLayout.QuarantineReason(folder.HospitalId, folder.BatchId), ct) : null;
            var reason = written is null ? null : SecondOpinionJson.Deserialize<QuarantineReason>(written);
            items.Add(reason is null
                ? new QuarantinedBatch(folder.HospitalId, folder.BatchId, folder.At, LateFiles, "Files arrived after the batch was finished; no case took them.", folder.Files, folder.Bytes)
                : new QuarantinedBatch(folder.HospitalId, folder.BatchId, folder.At, reason.Reason, WithoutFileNames(reason), folder.Files, folder.Bytes));
        }
        await audit.RecordAsync(caller, new AuditEvent(AuditActions.OpsQuarantineList, "ops/quarantine", Detail: $"{items.Count} batch(es)"), ct);
        return new Page<QuarantinedBatch>(items, folders.Count > page.Size ? EncodeToken(folders[page.Size - 1].SortKey) : null);
    }

    /// <summary>Only the missing-files detail lists files by name (the manifest's names); it is told without them.</summary>
    private static string WithoutFileNames(QuarantineReason reason) => reason.Reason == QuarantineReasons.FilesMissing
        ? "Files listed in manifest.json did not arrive before the deadline."
        : reason.Detail;

    private static string EncodeToken(string sortKey) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(sortKey)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? DecodeToken(string? token)
    {
        if (token is null) return null;
        try
        {
            var base64 = token.Replace('-', '+').Replace('_', '/');
            var key = Encoding.UTF8.GetString(Convert.FromBase64String(base64.PadRight(base64.Length + (4 - base64.Length % 4) % 4, '=')));
            return key.Contains('|', StringComparison.Ordinal) ? key : throw new InvalidContinuationTokenException();
        }
        catch (FormatException)
        {
            throw new InvalidContinuationTokenException();
        }
    }
}
