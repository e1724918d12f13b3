using Mizugiwa.Mailbox;

namespace Mizugiwa.Delivery.Tests;

public sealed class GroupCommitterTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly GroupCommitter _committer = new();

    public void Dispose()
    {
        _committer.Dispose();
        _dir.Dispose();
    }

    private FileStream NewFile(string name)
    {
        var file = new FileStream(Path.Combine(_dir.Path, name), FileMode.Create, FileAccess.Write);
        file.Write("data"u8);
        return file;
    }

    [Fact]
    public async Task Completes_file_directory_and_combined_requests()
    {
        await using var file = NewFile("a");

        await _committer.SyncFileAsync(file).WaitAsync(Messages.Timeout);
        await _committer.SyncDirectoryAsync(_dir.Path).WaitAsync(Messages.Timeout);
        await _committer.SyncAsync(file, _dir.Path).WaitAsync(Messages.Timeout);

        Assert.Equal(4, new FileInfo(file.Name).Length); // the buffer was written, too
    }

    [Fact]
    public async Task Serves_everything_that_waits_in_one_batch()
    {
        await using var gate = new GateStream(Path.Combine(_dir.Path, "gate"));
        var held = _committer.SyncFileAsync(gate);
        gate.WaitUntilSyncing();
        var files = Enumerable.Range(0, 20).Select(i => NewFile($"f{i}")).ToList();
        var waiting = files.Select(f => _committer.SyncAsync(f, _dir.Path)).Append(_committer.SyncDirectoryAsync(_dir.Path)).ToList();
        long batchesBefore = _committer.BatchCount;

        gate.Open();
        await Task.WhenAll(waiting.Append(held)).WaitAsync(Messages.Timeout);

        Assert.Equal(batchesBefore + 1, _committer.BatchCount);
        foreach (var file in files) await file.DisposeAsync();
    }

    [Fact]
    public async Task A_failure_is_reported_to_its_requester_only()
    {
        await using var gate = new GateStream(Path.Combine(_dir.Path, "gate"));
        var held = _committer.SyncFileAsync(gate);
        gate.WaitUntilSyncing();
        var disposed = NewFile("disposed");
        await disposed.DisposeAsync();
        await using var good = NewFile("good");
        string missing = Path.Combine(_dir.Path, "missing");

        var disposedFile = _committer.SyncFileAsync(disposed);
        var missingDirectory = _committer.SyncDirectoryAsync(missing);
        var goodFileInMissingDirectory = _committer.SyncAsync(good, missing);
        var goodFile = _committer.SyncFileAsync(good);
        var goodDirectory = _committer.SyncDirectoryAsync(_dir.Path);
        gate.Open();

        await Task.WhenAll(held, goodFile, goodDirectory).WaitAsync(Messages.Timeout);
        await Assert.ThrowsAsync<IOException>(() => disposedFile.WaitAsync(Messages.Timeout));
        await Assert.ThrowsAsync<IOException>(() => missingDirectory.WaitAsync(Messages.Timeout));
        await Assert.ThrowsAsync<IOException>(() => goodFileInMissingDirectory.WaitAsync(Messages.Timeout));
    }

    [Fact]
    public async Task Dispose_serves_what_is_queued_and_refuses_what_comes_after()
    {
        await using var file = NewFile("a");
        var queued = _committer.SyncAsync(file, _dir.Path);

        _committer.Dispose();

        Assert.True(queued.IsCompletedSuccessfully);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => _committer.SyncFileAsync(file).WaitAsync(Messages.Timeout));
    }
}
