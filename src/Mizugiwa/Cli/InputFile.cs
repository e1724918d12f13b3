namespace Mizugiwa.Cli;

/// <summary>A file named on the command line, read whole; one that cannot be read is an <see cref="InputException"/> saying why in plain words.</summary>
internal static class InputFile
{
    public static async Task<byte[]> ReadAllBytesAsync(string path)
    {
        try
        {
            return await File.ReadAllBytesAsync(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    public static byte[] ReadAllBytes(string path)
    {
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Unreadable(path, e);
        }
    }

    private static InputException Unreadable(string path, Exception e)
    {
        var why = Directory.Exists(path) ? "it is a directory"
            : e is FileNotFoundException or DirectoryNotFoundException ? "no such file"
            : e.Message;
        return new InputException($"cannot read {path}: {why}");
    }
}
