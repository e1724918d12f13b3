namespace Mizugiwa.Content.Bayes;

/// <param name="Path">A Maildir, an mbox file, a message file or a folder of them.</param>
/// <param name="Spam">True to learn its messages as spam, false as ham.</param>
public sealed record TrainingSource(string Path, bool Spam);

/// <summary>How far training has come; bytes measure progress through the sources.</summary>
public sealed record TrainingProgress(long BytesDone, long BytesTotal, int Spam, int Ham, int AlreadyLearned, int Relearned, int Skipped)
{
    public int Messages => Spam + Ham + AlreadyLearned + Skipped;
}

/// <summary>Bulk training of a <see cref="BayesStore"/> from mail on disk.</summary>
public static class BayesTrainer
{
    private static readonly ContentEnvelope OfflineEnvelope = new(null, null, null, "", []);

    /// <summary>
    /// Learns every message of the sources; all paths are checked before anything is learned
    /// (<see cref="MailSourceException"/> names a missing one). A message that cannot be parsed is skipped.
    /// </summary>
    public static TrainingProgress Train(BayesStore store, IReadOnlyList<TrainingSource> sources, string? user,
        Action<TrainingProgress>? onMessage = null, CancellationToken cancellationToken = default)
    {
        var files = sources.Select(s => (Source: s, Files: MailSource.Files(s.Path))).ToList();
        var total = files.Sum(f => f.Files.Sum(file => new FileInfo(file).Length));
        var progress = new TrainingProgress(0, total, 0, 0, 0, 0, 0);
        long done = 0;
        using var bulk = store.BeginBulk(user);
        foreach (var (source, sourceFiles) in files)
        {
            foreach (var file in sourceFiles)
            {
                foreach (var message in MailSource.Read(file))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    progress = Learn(bulk, message, source.Spam, progress) with { BytesDone = done + message.EndOffset };
                    onMessage?.Invoke(progress);
                }
                done += new FileInfo(file).Length;
            }
        }
        bulk.Commit();
        return progress with { BytesDone = total };
    }

    private static TrainingProgress Learn(BayesBulkLearner bulk, SourceMessage source, bool spam, TrainingProgress progress)
    {
        ContentMessage message;
        try { message = ContentMessageReader.Read(source.Raw, OfflineEnvelope); }
        catch (FormatException) { return progress with { Skipped = progress.Skipped + 1 }; }
        if (message.Mime.Headers.Count == 0) return progress with { Skipped = progress.Skipped + 1 };
        return bulk.Learn(BayesTokenizer.Tokenize(message), spam) switch
        {
            LearnOutcome.AlreadyLearned => progress with { AlreadyLearned = progress.AlreadyLearned + 1 },
            LearnOutcome.Relearned => Counted(progress with { Relearned = progress.Relearned + 1 }, spam),
            _ => Counted(progress, spam),
        };
    }

    private static TrainingProgress Counted(TrainingProgress progress, bool spam) =>
        spam ? progress with { Spam = progress.Spam + 1 } : progress with { Ham = progress.Ham + 1 };
}
