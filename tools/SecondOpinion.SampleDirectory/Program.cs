using SecondOpinion.SampleDirectory;

// Usage: dotnet run --project tools/SecondOpinion.SampleDirectory [-- <output path>]
// Without a path it rewrites the local host's seed, found from the current directory up.
var path = args.FirstOrDefault() ?? SampleDirectoryGenerator.SeedPathFrom(Directory.GetCurrentDirectory())
    ?? throw new InvalidOperationException("Run from inside the repository, or name the output file.");
var seed = SampleDirectoryGenerator.Generate();
await File.WriteAllTextAsync(path, SampleDirectoryGenerator.Json(seed));
Console.WriteLine($"{path}: {seed.Specialists.Count} specialists, {seed.Hospitals.Count} hospitals (seed {SampleDirectoryGenerator.Seed}).");
