namespace SecondOpinion.Tests.Support;

public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "SecondOpinion.sln"))) return dir.FullName;
        throw new InvalidOperationException("Cannot find the repository root (SecondOpinion.sln).");
    }

    public static string MailDevJs => Path.Combine(Root, "tools", "node", "node_modules", "maildev", "dist", "bin", "maildev.js");

    public static string AzuriteJs => Path.Combine(Root, "tools", "node", "node_modules", "azurite", "dist", "src", "azurite.js");
}
