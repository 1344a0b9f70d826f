namespace ScimServer.Events;

/// <summary>
/// Tells this instance's push service that a stream was created or resumed here, so that it starts pushing at once
/// instead of at its next look for streams (<see cref="EventOptions.PushInterval"/>). A stream created or resumed
/// through another instance on the same store is found by that look.
/// </summary>
internal sealed class PushStreamSignal
{
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes at the next <see cref="Notify"/>; take it before listing the streams.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
