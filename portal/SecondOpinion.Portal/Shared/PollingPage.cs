using Microsoft.AspNetCore.Components;

namespace SecondOpinion.Portal.Shared;

/// <summary>
/// A page that keeps itself current without a reload: it loads once, then again every
/// <see cref="Interval"/> while it is open. Polling is enough for what people watch here (stages,
/// offers, queues); the API has no push channel.
/// </summary>
public abstract class PollingPage : ComponentBase, IDisposable
{
    private ITimer? timer;
    private int loading;

    [Inject] protected TimeProvider Clock { get; set; } = null!;

    protected virtual TimeSpan Interval => TimeSpan.FromSeconds(5);

    protected bool Loaded { get; private set; }

    protected abstract Task LoadAsync(CancellationToken ct);

    protected readonly CancellationTokenSource Closing = new();

    protected override async Task OnParametersSetAsync()
    {
        await RefreshAsync();
        timer ??= Clock.CreateTimer(_ => InvokeAsync(RefreshAsync), null, Interval, Interval);
    }

    /// <summary>Loads now (after an action, say); a load already running is not doubled.</summary>
    protected async Task RefreshAsync()
    {
        if (Interlocked.Exchange(ref loading, 1) == 1) return;
        try
        {
            await LoadAsync(Closing.Token);
            Loaded = true;
            StateHasChanged();
        }
        catch (OperationCanceledException) when (Closing.IsCancellationRequested) { }
        finally { Interlocked.Exchange(ref loading, 0); }
    }

    public virtual void Dispose()
    {
        timer?.Dispose();
        Closing.Cancel();
        Closing.Dispose();
        GC.SuppressFinalize(this);
    }
}
