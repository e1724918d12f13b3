using Mizugiwa.Configuration;

namespace Mizugiwa;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // Japanese and other legacy charsets in mail (ISO-2022-JP, Shift_JIS, EUC-JP), before MimeKit first looks one up.
        System.Text.Encoding.RegisterProvider(System.Text.CodePagesEncodingProvider.Instance);
        MizugiwaOptions options;
        try { options = ConfigurationLoader.Load(ref args); }
        catch (ConfigurationProblemException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return 78; // EX_CONFIG
        }
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            Console.WriteLine(Usage);
            return args.Length == 0 ? 64 : 0;
        }
        try
        {
            return await RunCommandAsync(args, options);
        }
        catch (ConfigurationProblemException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return 78;
        }
        catch (Storage.StoreUnavailableException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return Cli.ExitCodes.Unavailable;
        }
        catch (Storage.DirectoryException e)
        {
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return Cli.ExitCodes.Data;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // e.g. a DataDirectory that cannot be made: the file system's own words name the path.
            await Console.Error.WriteLineAsync($"mizugiwa: {e.Message}");
            return Cli.ExitCodes.IoError;
        }
    }

    private static async Task<int> RunCommandAsync(string[] args, MizugiwaOptions options) =>
        args[0] switch
        {
            "serve" => await Hosting.ServeCommand.RunAsync(args[1..], options),
            "config" => await Cli.ConfigCommand.RunAsync(args[1..], options, TimeProvider.System),
            "domain" => await Cli.DomainCommand.RunAsync(args[1..], options),
            "account" => await Cli.AccountCommand.RunAsync(args[1..], options),
            "alias" => await Cli.AliasCommand.RunAsync(args[1..], options),
            "access" => await Cli.AccessCommand.RunAsync(args[1..], options),
            "s25r" => await Cli.S25rCommand.RunAsync(args[1..], options),
            "check" => await Cli.CheckCommand.RunAsync(args[1..], options),
            "queue" => await Cli.QueueCommand.RunAsync(args[1..], options),
            "dkim" => await Cli.DkimCommand.RunAsync(args[1..], options),
            "scan" => await Cli.ScanCommand.RunAsync(args[1..], options),
            "log" => await Cli.LogCommand.RunAsync(args[1..], options, TimeProvider.System),
            "token" => await Cli.TokenCommand.RunAsync(args[1..], options),
            "bayes" => await Cli.BayesCommand.RunAsync(args[1..], options),
            "blocks" => await Cli.BlocksCommand.RunAsync(args[1..], options, Hosting.StateServices.OpenForCli,
                Hosting.PolicyServices.HarvestOptionsFrom((await Hosting.SettingsServices.EffectiveForCliAsync(options)).Checks)),
            "limits" => await LimitsAsync(args, options),
            "fingerprint" => await Cli.FingerprintCommand.RunAsync(args[1..], options, Hosting.StateServices.OpenForCli, options.Content.Fingerprints.ToOptions()),
            _ => await UnknownCommand(args[0]),
        };

    private static async Task<int> LimitsAsync(string[] args, MizugiwaOptions options)
    {
        var effective = (await Hosting.SettingsServices.EffectiveForCliAsync(options)).Checks;
        return await Cli.LimitsCommand.RunAsync(args[1..], options, Hosting.StateServices.OpenForCli,
            Hosting.PolicyServices.FlowOptionsFrom(effective), Hosting.PolicyServices.HarvestOptionsFrom(effective), options.State.UsesRedis);
    }

    private static async Task<int> UnknownCommand(string name)
    {
        await Console.Error.WriteLineAsync($"mizugiwa: unknown command '{name}'\n{Usage}");
        return 64; // EX_USAGE
    }

    public const string Usage = """
        usage: mizugiwa [--config FILE] COMMAND
          serve                               run the mail server
          config test                         check what serve would start with, without listening
          domain add|list|remove [DOMAIN]     manage local domains
          account add|list|remove|passwd|filter ...  mailbox accounts, spam filter mode
          alias add|list|remove ...           manage aliases
          access add|list|remove ...          manage allow and deny lists
          s25r test HOSTNAME...               show which S25R rule a host name meets
          check --ip A --helo H --from S --to R   dry-run the checks and explain the verdict
          blocks list | blocks release IP|NETWORK harvest blocks
          limits show IP                      flow and harvest counts of a source against its limits
          queue list|show|flush|hold|release|delete [ID]   the mail queue
          dkim keygen|list|show|remove ...    DKIM signing keys and their DNS records
          scan FILE.eml [--rcpt ADDRESS]      run the content filter on one message and explain it
          log search [--ip A] [--to R] ... | log story QUEUE-ID   the transaction log
          token add|list|remove NAME          admin tokens for the JSON API on the web port
          fingerprint add|list|remove|match ...  fingerprints of known spam in the shared state store
          bayes train|stats ...               train the Bayes filter from Maildirs, mboxes or folders
        """;
}
