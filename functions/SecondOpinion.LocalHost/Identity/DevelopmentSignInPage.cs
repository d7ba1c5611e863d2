using System.Net;
using System.Text;
using SecondOpinion.Core.Common;

namespace SecondOpinion.LocalHost.Identity;

/// <summary>The development sign-in page: plain HTML, no script, labelled and keyboard-usable, marked development-only.</summary>
public static class DevelopmentSignInPage
{
    private static readonly (string Role, string Label, string Example)[] RoleChoices =
    [
        (Roles.Patient, "Patient", "patient-42"),
        (Roles.Specialist, "Specialist (sub = directory id)", "sp-001"),
        (Roles.Director, "Medical director (sub = roster subject)", "director-1"),
        (Roles.Ops, "Operations (sub = a named person)", "ops-alice"),
        (Roles.Hospital, "Hospital (sub = registry id)", "hosp-stmary"),
    ];

    public static string Render(string? fatal, IReadOnlyDictionary<string, string>? parameters, IDictionary<string, string[]>? errors,
        string? subject, string? role, IReadOnlyList<(int Seconds, string Label)> lifetimes)
    {
        static string E(string? s) => WebUtility.HtmlEncode(s ?? "");
        var html = new StringBuilder();
        html.Append("""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Development sign-in · SecondOpinion</title>
            <style>
              body{font-family:system-ui,sans-serif;margin:0;background:#f3f5f8;color:#1b1f24;line-height:1.5}
              main{max-width:34rem;margin:1.5rem auto;background:#fff;padding:1.25rem 1.5rem;border-radius:8px;border:1px solid #c4cad3}
              .dev{background:#fff4d6;border-left:6px solid #7a4a00;padding:.6rem .9rem;margin:0 0 1rem}
              label,legend{font-weight:600;display:block;margin:.75rem 0 .25rem}
              fieldset{border:1px solid #c4cad3;border-radius:6px;padding:.5rem 1rem}
              .choice{font-weight:400;display:flex;gap:.5rem;align-items:center;margin:.3rem 0}
              input[type=text],select{font:inherit;width:100%;padding:.5rem;border:1px solid #767f8a;border-radius:4px;min-height:44px}
              button{font:inherit;margin-top:1rem;padding:.6rem 1.2rem;background:#0b5394;color:#fff;border:0;border-radius:6px;min-height:44px;cursor:pointer}
              :focus-visible{outline:3px solid #b35c00;outline-offset:2px}
              .error{color:#a4161a;font-weight:600}
              .hint{color:#4f5864;font-size:.92rem;margin:.1rem 0}
            </style></head><body><main>
            <h1>Sign in to SecondOpinion</h1>
            <p class="dev" role="note"><strong>Development only.</strong> This page exists only on the local host in the Development
            environment, on this machine. It lets you sign in as anyone to try the portal. In Azure you sign in with Microsoft Entra ID.</p>
            """);
        if (fatal is not null)
        {
            html.Append($"<p class=\"error\" role=\"alert\">This sign-in request cannot be answered: {E(fatal)}</p></main></body></html>");
            return html.ToString();
        }
        if (errors is { Count: > 0 })
        {
            html.Append("<div role=\"alert\" class=\"error\"><p>Please correct:</p><ul>");
            foreach (var (field, messages) in errors) foreach (var m in messages) html.Append($"<li><a href=\"#{E(field)}\">{E(m)}</a></li>");
            html.Append("</ul></div>");
        }
        html.Append($"<form method=\"post\" action=\"{DevelopmentSignIn.AuthorizePath}\">");
        foreach (var (name, value) in parameters!) html.Append($"<input type=\"hidden\" name=\"{E(name)}\" value=\"{E(value)}\">");
        html.Append("<fieldset id=\"role\"><legend>Role</legend>");
        var chosen = role ?? Roles.Patient;
        foreach (var (value, label, example) in RoleChoices)
        {
            html.Append($"<label class=\"choice\"><input type=\"radio\" name=\"role\" value=\"{value}\"{(value == chosen ? " checked" : "")}> {E(label)} <span class=\"hint\">e.g. {E(example)}</span></label>");
        }
        html.Append("</fieldset>");
        var subError = errors?.TryGetValue("sub", out var se) == true ? se : null;
        html.Append("<label for=\"sub\">Subject (who you are)</label><p class=\"hint\" id=\"sub-hint\">A patient any id; a specialist their directory id (sp-001 …); a director a roster subject (director-1); ops a person (ops-alice).</p>");
        html.Append($"<input type=\"text\" id=\"sub\" name=\"sub\" value=\"{E(subject)}\" autocomplete=\"username\" aria-describedby=\"sub-hint{(subError is null ? "" : " sub-error")}\"{(subError is null ? "" : " aria-invalid=\"true\"")}>");
        if (subError is not null) html.Append($"<p class=\"error\" id=\"sub-error\">{E(string.Join(" ", subError))}</p>");
        html.Append("<label for=\"lifetime\">Stay signed in for</label><select id=\"lifetime\" name=\"lifetime\">");
        foreach (var (seconds, label) in lifetimes) html.Append($"<option value=\"{seconds}\">{E(label)}</option>");
        html.Append("</select><button type=\"submit\">Sign in</button></form></main></body></html>");
        return html.ToString();
    }
}
