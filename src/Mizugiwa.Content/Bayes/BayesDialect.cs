using System.Data;
using System.Data.Common;

namespace Mizugiwa.Content.Bayes;

/// <summary>
/// What differs between the engines the Bayes dictionaries live in: the connection, the schema, and the
/// few pieces of SQL the engines spell differently. <see cref="BayesStore"/> and <see cref="BayesWriter"/>
/// hold the statements and all the logic once, written against System.Data.Common.
/// </summary>
internal abstract class BayesDialect
{
    /// <summary>An open connection, set up for Bayes.</summary>
    public abstract DbConnection Open();

    public abstract Task<DbConnection> OpenAsync(CancellationToken cancellationToken);

    /// <summary>Creates the tables when missing (and adds columns an older version lacked).</summary>
    public abstract void EnsureSchema();

    /// <summary>The column naming a dictionary's user ('' for the global dictionary).</summary>
    public abstract string Owner { get; }

    /// <summary>A condition that <paramref name="column"/> is one of the list bound to <paramref name="parameter"/>.</summary>
    public abstract string InList(string column, string parameter);

    /// <summary>A query of <paramref name="columns"/> of the token rows of dictionary @d whose hash is in the list @hashes.</summary>
    public abstract string SelectTokens(string columns);

    /// <summary><paramref name="expression"/>, but never below zero.</summary>
    public abstract string NotBelowZero(string expression);

    /// <summary>
    /// A statement (parameter @d) that holds a dictionary's row until the transaction ends, so that two
    /// nodes learning into one dictionary take turns; null where a write transaction already excludes others.
    /// </summary>
    public abstract string? LockDictionary { get; }

    /// <summary>
    /// Whether the token rows of a message are written by one statement over lists (@h the hashes, @w the
    /// weight steps) rather than one statement per token. SQLite runs in the process, so a prepared statement
    /// per token is cheap; against a server each is a round trip (some 900,000 to train the SpamAssassin corpus).
    /// </summary>
    public abstract bool WritesTokenLists { get; }

    /// <summary>The rows (dictionary, hash, spam, ham, weight) an INSERT into bayes_token adds: from @d, @h, @s, @m, @w.</summary>
    public abstract string TokenRows { get; }

    /// <summary>The condition that a token row's hash is @h.</summary>
    public abstract string TokenHash { get; }

    /// <summary>At most this many messages are learned per transaction, whatever <see cref="BayesOptions.BulkBatchSize"/> asks.</summary>
    public abstract int MaxBatchSize { get; }

    /// <summary>
    /// A statement a bulk learn runs once, after its first two batches are committed, so that the engine plans the
    /// rest of it with statistics of the token rows; null where the plans do not depend on them.
    /// </summary>
    public abstract string? RefreshStatistics { get; }

    /// <summary>A parameter for a list of token hashes.</summary>
    public abstract DbParameter HashListParameter(string name);

    public abstract object HashList(IReadOnlyList<long> hashes);

    /// <summary>A parameter for a list of numbers (the weight steps when <see cref="WritesTokenLists"/>).</summary>
    public abstract DbParameter RealListParameter(string name);

    public abstract object RealList(IReadOnlyList<double> values);

    /// <summary>A parameter holding a list of user names.</summary>
    public abstract DbParameter TextListParameter(string name, IReadOnlyList<string> values);

    /// <summary>Adds a parameter of <paramref name="type"/> to <paramref name="command"/>, holding <paramref name="value"/> when one is given (else bound before each run).</summary>
    public static DbParameter AddParameter(DbCommand command, string name, DbType type, object? value = null)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.DbType = type;
        if (value is not null) parameter.Value = value;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
