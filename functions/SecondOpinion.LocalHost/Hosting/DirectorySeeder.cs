using System.Text.Json;
using Azure.Storage.Queues;
using SecondOpinion.Core.Common;
using SecondOpinion.Core.Hospitals;
using SecondOpinion.Core.Matching;
using SecondOpinion.Hosting.Settings;
using SecondOpinion.Infrastructure.Storage;

namespace SecondOpinion.LocalHost.Hosting;

public sealed record DirectorySeed(IReadOnlyList<Specialist> Specialists, IReadOnlyList<Hospital> Hospitals);

/// <summary>
/// Prepares local storage on start: blob containers, the event queue, and the seeded specialist
/// directory and hospital registry (only entries that do not exist yet, so ops edits survive restarts).
/// </summary>
public static class DirectorySeeder
{
    public static async Task SeedAsync(IServiceProvider services, string seedPath, CancellationToken ct)
    {
        await services.GetRequiredService<BlobFileStore>().EnsureContainersAsync(ct);
        var events = services.GetRequiredService<EventsSettings>();
        if (events.Provider == EventsProvider.Queue)
            await services.GetRequiredService<QueueServiceClient>().GetQueueClient(events.QueueName).CreateIfNotExistsAsync(cancellationToken: ct);
        if (!File.Exists(seedPath)) return;
        await using var file = File.OpenRead(seedPath);
        var seed = await JsonSerializer.DeserializeAsync<DirectorySeed>(file, SecondOpinionJson.Options, ct)
            ?? throw new InvalidDataException($"{seedPath} is empty.");
        Check(seed, seedPath);
        var specialists = services.GetRequiredService<ISpecialistRepository>();
        var hospitals = services.GetRequiredService<IHospitalRepository>();
        foreach (var s in seed.Specialists)
            if (await specialists.FindAsync(s.Id, ct) is null) await specialists.UpsertAsync(s, ct);
        foreach (var h in seed.Hospitals)
            if (await hospitals.FindAsync(h.Id, ct) is null) await hospitals.UpsertAsync(h, ct);
    }

    /// <summary>
    /// The seed obeys the rules ops edits obey (the taxonomy, licensure): a bad entry stops the host
    /// with every problem listed, rather than seeding a specialist the matcher could never place.
    /// </summary>
    public static void Check(DirectorySeed seed, string seedPath)
    {
        var problems = new List<string>();
        foreach (var s in seed.Specialists)
        {
            var (_, errors) = SpecialistEntries.Validate(s.Id, SpecialistUpsertRequest.From(s));
            problems.AddRange(errors.ToDictionary().SelectMany(e => e.Value.Select(m => $"{s.Id}.{e.Key}: {m}")));
        }
        foreach (var duplicate in seed.Specialists.GroupBy(s => s.Id).Where(g => g.Count() > 1)) problems.Add($"{duplicate.Key}: listed more than once.");
        if (problems.Count > 0)
            throw new InvalidDataException($"{seedPath} has {problems.Count} problem(s):{Environment.NewLine}{string.Join(Environment.NewLine, problems.Take(20))}");
    }
}
