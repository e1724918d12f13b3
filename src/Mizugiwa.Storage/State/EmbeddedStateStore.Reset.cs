using Mizugiwa.Core.State;

namespace Mizugiwa.Storage.State;

public sealed partial class EmbeddedStateStore : IStateCounterReset
{
    public ValueTask<bool> ResetWindowAsync(string key, TimeSpan window, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_windows.Remove(key, window));
}
