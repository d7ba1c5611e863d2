using Microsoft.DurableTask;
using SecondOpinion.Core.Common;

namespace SecondOpinion.Core.Workflow;

/// <summary>
/// An activity about one case: runs inside a span named after the activity and tagged with the case
/// id (never patient data), in both hosts.
/// </summary>
public abstract class CaseActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    protected abstract string CaseIdOf(TInput input);

    protected abstract Task<TOutput> ExecuteAsync(TaskActivityContext context, TInput input);

    public sealed override async Task<TOutput> RunAsync(TaskActivityContext context, TInput input)
    {
        using var span = Telemetry.StartStep(GetType().Name, CaseIdOf(input));
        try
        {
            return await ExecuteAsync(context, input);
        }
        catch (Exception ex)
        {
            // The type only: exception messages can quote record content.
            span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.GetType().Name);
            throw;
        }
    }
}
