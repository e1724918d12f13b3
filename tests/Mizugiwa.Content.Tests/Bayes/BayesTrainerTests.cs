using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Content.Tests.Bayes;

public sealed class BayesTrainerTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mizugiwa-trainer-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public void Training_learns_a_maildir_as_spam_and_an_mbox_as_ham_and_reports_progress()
    {
        var maildir = Path.Combine(_root.FullName, "Spam");
        Directory.CreateDirectory(Path.Combine(maildir, "cur"));
        Directory.CreateDirectory(Path.Combine(maildir, "new"));
        for (var i = 0; i < 3; i++)
            File.WriteAllText(Path.Combine(maildir, i == 0 ? "new" : "cur", $"{i}.host:2,S"), $"Message-ID: <s{i}@x>\nSubject: pills {i}\n\ncheap pills\n");
        var mbox = Path.Combine(_root.FullName, "ham.mbox");
        File.WriteAllText(mbox, string.Concat(Enumerable.Range(0, 4).Select(i =>
            $"From a@example.com Thu Aug 22 13:17:2{i} 2002\nMessage-ID: <h{i}@x>\nSubject: notes {i}\n\nagenda\n\n")));
        var store = new BayesStore(Path.Combine(_root.FullName, "bayes.db"));
        var reports = new List<TrainingProgress>();

        var result = BayesTrainer.Train(store, [new(maildir, true), new(mbox, false)], null, reports.Add);
        var again = BayesTrainer.Train(store, [new(maildir, true)], null);

        Assert.Equal((3, 4, 0, 0), (result.Spam, result.Ham, result.AlreadyLearned, result.Skipped));
        Assert.Equal(7, reports.Count);
        Assert.Equal(result.BytesTotal, result.BytesDone);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.First.BytesDone <= p.Second.BytesDone));
        Assert.Equal((0, 3), (again.Spam, again.AlreadyLearned));
    }

    [Fact]
    public void Files_that_are_not_messages_are_skipped_and_counted()
    {
        var folder = Path.Combine(_root.FullName, "mixed");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "1.eml"), "Message-ID: <m1@x>\nSubject: pills\n\ncheap pills\n");
        File.WriteAllText(Path.Combine(folder, "README"), "these are the spam samples of 2002\n\nsee the list\n");
        var store = new BayesStore(Path.Combine(_root.FullName, "bayes.db"));

        var result = BayesTrainer.Train(store, [new(folder, true)], null);

        Assert.Equal((1, 1), (result.Spam, result.Skipped));
    }

    [Fact]
    public void Training_reads_the_sources_side_by_side_so_no_class_comes_in_one_long_run()
    {
        string Folder(string name, int count, string word)
        {
            var folder = Path.Combine(_root.FullName, name);
            Directory.CreateDirectory(folder);
            for (var i = 0; i < count; i++) File.WriteAllText(Path.Combine(folder, $"{i:00}.eml"), $"Message-ID: <{name}{i}@x>\nSubject: {word} {i}\n\n{word}\n");
            return folder;
        }
        var spam = Folder("spam", 10, "pills");
        var ham = Folder("ham", 20, "agenda");
        var store = new BayesStore(Path.Combine(_root.FullName, "bayes.db"));
        var reports = new List<TrainingProgress>();

        BayesTrainer.Train(store, [new(spam, true), new(ham, false)], null, reports.Add);

        // Halfway through the messages, about half of each source has been learned (not all spam first).
        var halfway = reports[14];
        Assert.InRange(halfway.Spam, 4, 6);
        Assert.InRange(halfway.Ham, 9, 11);
        Assert.Equal((10, 20), (reports[^1].Spam, reports[^1].Ham));
    }

    [Fact]
    public async Task Training_with_a_missing_path_fails_before_learning_anything()
    {
        var good = Path.Combine(_root.FullName, "one.eml");
        File.WriteAllText(good, "Subject: a\n\nb\n");
        var store = new BayesStore(Path.Combine(_root.FullName, "bayes.db"));

        Assert.Throws<MailSourceException>(() => BayesTrainer.Train(store, [new(good, true), new(Path.Combine(_root.FullName, "missing"), false)], null));
        Assert.Equal(0, (await store.StatsAsync())[0].SpamLearned);
    }
}
