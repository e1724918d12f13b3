namespace Mizugiwa.Delivery.Tests;

/// <summary>A fresh directory under the system temp directory, removed on dispose.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("mizugiwa-delivery-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
