using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace SecondOpinion.Portal.Localization;

/// <summary>
/// The portal's language: English or Japanese, the two markets it is built for. A person's own choice
/// (kept in the browser) wins; otherwise a patient's preferred language from their case; otherwise
/// the browser's. A change reloads the app so every text and date is in the new language.
/// </summary>
public sealed class PortalLanguage(IJSRuntime js, NavigationManager navigation)
{
    public static readonly IReadOnlyList<(string Code, string Name)> Supported = [("en", "English"), ("ja", "日本語")];

    public string Current => CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ja" ? "ja" : "en";

    public bool ChosenByPerson { get; private set; }

    public static string Normalize(string? tag) =>
        tag is { Length: >= 2 } && tag[..2].Equals("ja", StringComparison.OrdinalIgnoreCase) ? "ja" : "en";

    public async Task ApplyAsync()
    {
        var stored = await js.InvokeAsync<string?>("portal.language.get");
        ChosenByPerson = stored is "en" or "ja";
        var language = ChosenByPerson ? stored! : Normalize(await js.InvokeAsync<string>("portal.language.browser"));
        var culture = CultureInfo.GetCultureInfo(language == "ja" ? "ja-JP" : "en-US");
        CultureInfo.DefaultThreadCurrentCulture = culture;
        CultureInfo.DefaultThreadCurrentUICulture = culture;
        CultureInfo.CurrentCulture = culture;
        CultureInfo.CurrentUICulture = culture;
        await js.InvokeVoidAsync("portal.language.apply", language);
    }

    /// <summary>The person picked a language.</summary>
    public async Task ChooseAsync(string language)
    {
        await js.InvokeVoidAsync("portal.language.set", Normalize(language));
        navigation.NavigateTo(navigation.Uri, forceLoad: true);
    }

    /// <summary>A patient's case names their preferred language: follow it unless they chose one here.</summary>
    public async Task FollowPatientAsync(string? preferred)
    {
        if (ChosenByPerson || preferred is null || Normalize(preferred) == Current) return;
        await ChooseAsync(preferred);
    }
}
