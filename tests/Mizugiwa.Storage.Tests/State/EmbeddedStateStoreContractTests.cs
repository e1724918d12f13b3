using Mizugiwa.Core.State;
using Mizugiwa.Storage.State;

namespace Mizugiwa.Storage.Tests.State;

public sealed class EmbeddedStateStoreContractTests : StateStoreContract, IDisposable
{
    private readonly StateDatabase _database = new();
    private readonly EmbeddedStateStore _store;

    public EmbeddedStateStoreContractTests() => _store = new EmbeddedStateStore(_database.Path, Time);

    protected override IStateStore Store => _store;

    public void Dispose()
    {
        _store.Dispose();
        _database.Dispose();
    }
}
