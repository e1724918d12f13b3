namespace Mizugiwa.Mailbox;

/// <summary>One request to <see cref="GroupCommitter"/>: a file, a directory, or a file and then a directory.</summary>
internal sealed class SyncRequest(FileStream? file, string? directory)
{
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public FileStream? File { get; } = file;

    /// <summary>Taken when the request is made: the stream may be disposed by the time it is served.</summary>
    public string? FileName { get; } = file?.Name;

    /// <summary>Full path without a trailing separator, so that one directory is synced once per batch.</summary>
    public string? Directory { get; } = directory is null ? null : Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    public IOException? Failure { get; set; }

    public Task Completion => _completion.Task;

    public void Complete()
    {
        if (Failure is null) _completion.TrySetResult();
        else _completion.TrySetException(Failure);
    }
}
