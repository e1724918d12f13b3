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
    /// <summary>
    /// Learns every message of the sources; all paths are checked before anything is learned
    /// (<see cref="MailSourceException"/> names a missing one). A message that cannot be parsed is skipped.
    /// The sources are read side by side, each as far through its bytes as the others, because the
    /// logistic vote learns online and would drift toward whichever class it saw last in a long run.
    /// </summary>
    public static TrainingProgress Train(BayesStore store, IReadOnlyList<TrainingSource> sources, string? user,
        Action<TrainingProgress>? onMessage = null, CancellationToken cancellationToken = default)
    {
        var readers = sources.Select(s => new SourceReader(s, MailSource.Files(s.Path))).ToList();
        var total = readers.Sum(r => r.Total);
        var progress = new TrainingProgress(0, total, 0, 0, 0, 0, 0);
        using var bulk = store.BeginBulk(user);
        while (readers.Where(r => !r.Finished).MinBy(r => r.Fraction) is { } next)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (next.Read() is not { } message) continue;
            progress = Learn(bulk, message, next.Source.Spam, progress) with { BytesDone = readers.Sum(r => r.Done) };
            onMessage?.Invoke(progress);
        }
        bulk.Commit();
        return progress with { BytesDone = total };
    }

    private static TrainingProgress Learn(BayesBulkLearner bulk, SourceMessage source, bool spam, TrainingProgress progress)
    {
        var message = ContentMessageReader.Read(source.Raw, ContentEnvelope.None);
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

    /// <summary>One source's messages in order, with how many of its bytes are behind.</summary>
    private sealed class SourceReader(TrainingSource source, IReadOnlyList<string> files)
    {
        private readonly IEnumerator<(SourceMessage Message, long Done)> _messages = Messages(files).GetEnumerator();

        public TrainingSource Source => source;
        public long Total { get; } = files.Sum(file => new FileInfo(file).Length);
        public long Done { get; private set; }
        public bool Finished { get; private set; }
        public double Fraction => Total == 0 ? 1 : (double)Done / Total;

        /// <summary>The next message, or null when the source has ended.</summary>
        public SourceMessage? Read()
        {
            if (!_messages.MoveNext())
            {
                Finished = true;
                Done = Total;
                _messages.Dispose();
                return null;
            }
            Done = _messages.Current.Done;
            return _messages.Current.Message;
        }

        private static IEnumerable<(SourceMessage, long)> Messages(IReadOnlyList<string> files)
        {
            long before = 0;
            foreach (var file in files)
            {
                foreach (var message in MailSource.Read(file)) yield return (message, before + message.EndOffset);
                before += new FileInfo(file).Length;
            }
        }
    }
}
