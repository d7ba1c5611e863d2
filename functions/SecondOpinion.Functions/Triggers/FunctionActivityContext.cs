using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;

namespace SecondOpinion.Functions.Triggers;

/// <summary>
/// The <see cref="TaskActivityContext"/> a shared activity class sees when Durable Functions runs it
/// through an <c>[ActivityTrigger]</c> wrapper (the portable worker builds its own).
/// </summary>
internal sealed class FunctionActivityContext(FunctionContext context) : TaskActivityContext
{
    public override TaskName Name { get; } = new(context.FunctionDefinition.Name);

    public override string InstanceId { get; } =
        context.BindingContext.BindingData.TryGetValue("instanceId", out var id) ? id?.ToString() ?? "" : "";
}
