namespace Mizugiwa.Cli;

/// <summary>Exit codes of the management commands (sysexits.h).</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Usage = 64;
    public const int Data = 65;
    /// <summary>A store (PostgreSQL, Redis) could not be reached.</summary>
    public const int Unavailable = 69;
    /// <summary>A file or folder could not be read or written.</summary>
    public const int IoError = 74;
}
