using Mizugiwa.Mailbox;
using Mizugiwa.Testing;

namespace Mizugiwa.Delivery.Tests;

/// <summary>Lock files seen by other opens of this process and by other processes (util-linux flock).</summary>
public sealed class ExclusiveFileLockTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string LockFile => Path.Combine(_directory.Path, "test.lock");

    [Fact]
    public void A_second_take_in_this_process_fails_until_the_first_is_let_go()
    {
        using (ExclusiveFileLock.TryTake(LockFile) ?? throw new InvalidOperationException("first take failed"))
            Assert.Null(ExclusiveFileLock.TryTake(LockFile));
        using var again = ExclusiveFileLock.TryTake(LockFile);
        Assert.NotNull(again);
    }

    [Fact]
    public async Task A_lock_held_by_another_process_is_respected_and_a_bounded_wait_ends_with_busy()
    {
        using (await OtherProcessLock.TakeAsync(LockFile))
        {
            Assert.Null(ExclusiveFileLock.TryTake(LockFile));
            var busy = Assert.Throws<LockBusyException>(() => ExclusiveFileLock.Take(LockFile, TimeSpan.FromMilliseconds(100)));
            Assert.Equal("test.lock is held by another session or process", busy.Message);
        }
        using var taken = ExclusiveFileLock.Take(LockFile, TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_missing_directory_is_an_error_not_a_busy_lock()
    {
        Assert.Throws<DirectoryNotFoundException>(() => ExclusiveFileLock.TryTake(Path.Combine(_directory.Path, "no-such-dir", "x.lock")));
    }
}
