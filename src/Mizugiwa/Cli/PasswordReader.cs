using System.Text;

namespace Mizugiwa.Cli;

/// <summary>Reads a new password: one line from stdin when asked or redirected, else typed twice without echo.</summary>
internal static class PasswordReader
{
    public static string Read(bool fromStdin)
    {
        string? password;
        if (fromStdin || Console.IsInputRedirected)
        {
            password = Console.In.ReadLine();
        }
        else
        {
            password = Prompt("password: ");
            if (Prompt("password again: ") != password) throw new InputException("passwords do not match");
        }
        if (Storage.PasswordCredentials.IsBlank(password)) throw new InputException(Storage.PasswordCredentials.Blank);
        return password;
    }

    private static string Prompt(string label)
    {
        Console.Error.Write(label);
        var typed = new StringBuilder();
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace) { if (typed.Length > 0) typed.Length--; }
            else if (!char.IsControl(key.KeyChar)) typed.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return typed.ToString();
    }
}
