using System.Data.Common;

namespace Mizugiwa.Storage;

/// <summary>
/// What differs between the engines <see cref="SqlDirectory"/> runs on: how a connection is made, the
/// schema, and how a duplicate key shows. The statements themselves are the same on both.
/// </summary>
internal abstract class DirectoryDialect
{
    /// <summary>A new, closed connection.</summary>
    public abstract DbConnection CreateConnection();

    /// <summary>Creates the tables when missing and refuses a schema newer than this program knows.</summary>
    public abstract void CreateSchema();

    public abstract bool IsUniqueViolation(DbException e);
}
