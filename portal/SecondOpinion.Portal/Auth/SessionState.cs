namespace SecondOpinion.Portal.Auth;

/// <summary>
/// Whether the API still accepts this browser's sign-in. A 401 from the API (an expired or revoked
/// token) flips it, and the layout asks the person to sign in again without losing their place.
/// </summary>
public sealed class SessionState
{
    public bool Expired { get; private set; }

    public event Action? Changed;

    public void MarkExpired()
    {
        if (Expired) return;
        Expired = true;
        Changed?.Invoke();
    }
}
