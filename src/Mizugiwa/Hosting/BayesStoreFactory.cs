using Mizugiwa.Configuration;
using Mizugiwa.Content.Bayes;

namespace Mizugiwa.Hosting;

/// <summary>The Bayes dictionaries live with the directory: in its PostgreSQL database when Directory:Backend is Postgres (shared by every node), else in DataDirectory/bayes.db.</summary>
internal static class BayesStoreFactory
{
    public static BayesStore Open(MizugiwaOptions options) => options.Directory.UsesPostgres
        ? BayesStore.ForPostgres(options.Directory.ConnectionString!, options.Content.Bayes.ToOptions())
        : BayesStore.ForDataDirectory(options.DataDirectory, options.Content.Bayes.ToOptions());
}
