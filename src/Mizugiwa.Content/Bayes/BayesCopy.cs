using System.Data;
using System.Data.Common;

namespace Mizugiwa.Content.Bayes;

/// <summary>What copying one dictionary did: <paramref name="User"/> null for the global dictionary.</summary>
/// <param name="Copied">False when the target's dictionary had already learned something and was left as it was.</param>
public sealed record BayesCopyOutcome(string? User, bool Copied, long SpamLearned, long HamLearned, long Tokens);

/// <summary>A Bayes file that cannot be copied from: missing, or not a Bayes store.</summary>
public sealed class BayesCopyException(string message) : Exception(message);

/// <summary>
/// Copies every dictionary of one store into another, as moving a node's bayes.db into the shared PostgreSQL
/// needs: the counts, the logistic vote's weights and bias, and the digests of the learned messages (so
/// learning one of them again changes nothing). A dictionary that has already learned anything in the target
/// is left as it is and reported, so copying the files of several nodes one after the other keeps the first
/// copy of each dictionary and never counts a message twice. Each dictionary is copied in one transaction.
/// </summary>
internal sealed class BayesCopy(BayesDialect source, BayesDialect target)
{
    private sealed record SourceDictionary(long Id, string Owner, long Spam, long Ham, double Bias, long LogisticLearned);

    public async Task<IReadOnlyList<BayesCopyOutcome>> RunAsync(CancellationToken cancellationToken)
    {
        await using var from = await source.OpenAsync(cancellationToken);
        await using var to = await target.OpenAsync(cancellationToken);
        var outcomes = new List<BayesCopyOutcome>();
        foreach (var dictionary in await DictionariesAsync(from, cancellationToken))
            outcomes.Add(await CopyAsync(from, to, dictionary, cancellationToken));
        return outcomes;
    }

    private async Task<List<SourceDictionary>> DictionariesAsync(DbConnection from, CancellationToken cancellationToken)
    {
        await using var command = from.CreateCommand();
        command.CommandText = $"SELECT id, {source.Owner}, spam_learned, ham_learned, bias, logistic_learned FROM bayes_dictionary ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var dictionaries = new List<SourceDictionary>();
        while (await reader.ReadAsync(cancellationToken))
            dictionaries.Add(new SourceDictionary(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetDouble(4), reader.GetInt64(5)));
        return dictionaries;
    }

    private async Task<BayesCopyOutcome> CopyAsync(DbConnection from, DbConnection to, SourceDictionary dictionary, CancellationToken cancellationToken)
    {
        var user = dictionary.Id == BayesSchema.GlobalDictionary ? null : dictionary.Owner;
        await using var transaction = await to.BeginTransactionAsync(cancellationToken);
        var id = await TargetIdAsync(to, transaction, dictionary.Owner, cancellationToken);
        if (await HasLearnedAsync(to, transaction, id, cancellationToken))
            return new BayesCopyOutcome(user, false, dictionary.Spam, dictionary.Ham, 0);

        var tokens = await CopyRowsAsync(from, to, transaction, dictionary.Id, id,
            "SELECT hash, spam, ham, weight FROM bayes_token WHERE dictionary = @d",
            """
            INSERT INTO bayes_token (dictionary, hash, spam, ham, weight) VALUES (@t, @h, @s, @m, @w)
            ON CONFLICT (dictionary, hash) DO UPDATE SET spam = bayes_token.spam + excluded.spam, ham = bayes_token.ham + excluded.ham, weight = bayes_token.weight + excluded.weight
            """,
            [("@h", DbType.Int64), ("@s", DbType.Int64), ("@m", DbType.Int64), ("@w", DbType.Double)], cancellationToken);
        await CopyRowsAsync(from, to, transaction, dictionary.Id, id,
            "SELECT digest, spam FROM bayes_seen WHERE dictionary = @d",
            "INSERT INTO bayes_seen (dictionary, digest, spam) VALUES (@t, @g, @s) ON CONFLICT (dictionary, digest) DO NOTHING",
            [("@g", DbType.Binary), ("@s", DbType.Int64)], cancellationToken);
        await using (var counts = Command(to, transaction,
            "UPDATE bayes_dictionary SET spam_learned = @s, ham_learned = @m, bias = @b, logistic_learned = @l WHERE id = @t",
            ("@s", DbType.Int64, dictionary.Spam), ("@m", DbType.Int64, dictionary.Ham), ("@b", DbType.Double, dictionary.Bias),
            ("@l", DbType.Int64, dictionary.LogisticLearned), ("@t", DbType.Int64, id)))
            await counts.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BayesCopyOutcome(user, true, dictionary.Spam, dictionary.Ham, tokens);
    }

    /// <summary>The target's id of the dictionary, made when missing, and held until the transaction ends where the engine can.</summary>
    private async Task<long> TargetIdAsync(DbConnection to, DbTransaction transaction, string owner, CancellationToken cancellationToken)
    {
        await using (var insert = Command(to, transaction, $"INSERT INTO bayes_dictionary ({target.Owner}) VALUES (@u) ON CONFLICT ({target.Owner}) DO NOTHING", ("@u", DbType.String, owner)))
            await insert.ExecuteNonQueryAsync(cancellationToken);
        await using var select = Command(to, transaction, $"SELECT id FROM bayes_dictionary WHERE {target.Owner} = @u", ("@u", DbType.String, owner));
        var id = Convert.ToInt64(await select.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        if (target.LockDictionary is { } lockSql)
        {
            await using var hold = Command(to, transaction, lockSql, ("@d", DbType.Int64, id));
            await hold.ExecuteNonQueryAsync(cancellationToken);
        }
        return id;
    }

    private static async Task<bool> HasLearnedAsync(DbConnection to, DbTransaction transaction, long id, CancellationToken cancellationToken)
    {
        await using var command = Command(to, transaction,
            "SELECT spam_learned + ham_learned + logistic_learned + (SELECT count(*) FROM bayes_seen WHERE dictionary = @t) FROM bayes_dictionary WHERE id = @t",
            ("@t", DbType.Int64, id));
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    /// <summary>Reads the source rows of one dictionary and writes each into the target's dictionary <paramref name="id"/>; the count of rows.</summary>
    private static async Task<long> CopyRowsAsync(DbConnection from, DbConnection to, DbTransaction transaction, long sourceId, long id,
        string select, string insert, (string Name, DbType Type)[] columns, CancellationToken cancellationToken)
    {
        await using var read = Command(from, null, select, ("@d", DbType.Int64, sourceId));
        await using var write = Command(to, transaction, insert, ("@t", DbType.Int64, id));
        foreach (var (name, type) in columns) BayesDialect.AddParameter(write, name, type);
        await write.PrepareAsync(cancellationToken);
        await using var reader = await read.ExecuteReaderAsync(cancellationToken);
        long rows = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            for (var i = 0; i < columns.Length; i++) write.Parameters[i + 1].Value = reader.GetValue(i);
            await write.ExecuteNonQueryAsync(cancellationToken);
            rows++;
        }
        return rows;
    }

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, DbType Type, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, type, value) in parameters) BayesDialect.AddParameter(command, name, type, value);
        return command;
    }
}
