using System.Net;
using Microsoft.Extensions.Configuration;

namespace Mizugiwa.Configuration;

/// <summary>Thrown for a configuration value that cannot be used; its message names the key and the problem.</summary>
public sealed class ConfigurationProblemException(string message) : Exception(message);

/// <summary>
/// Reads the configuration: embedded defaults, then the JSON file given by --config,
/// then environment variables MIZUGIWA__Section__Key (double underscore separates levels).
/// </summary>
public static class ConfigurationLoader
{
    public const string EnvironmentPrefix = "MIZUGIWA__";

    /// <summary>Removes "--config PATH" from args and returns the validated options.</summary>
    public static MizugiwaOptions Load(ref string[] args)
    {
        string? configPath = null;
        var rest = new List<string>();
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--config")
            {
                if (i + 1 >= args.Length) throw new ConfigurationProblemException("--config needs a file path");
                configPath = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal)) configPath = args[i]["--config=".Length..];
            else rest.Add(args[i]);
        }
        args = [.. rest];
        return Load(configPath, Environment.GetEnvironmentVariables());
    }

    /// <summary>A timer or timeout waits at most 2^32-2 milliseconds (49 days); longer ones throw when they are set.</summary>
    private const int MaxTimerSeconds = 4_294_967;

    public static MizugiwaOptions Load(string? configPath, System.Collections.IDictionary environment)
    {
        var builder = new ConfigurationBuilder();
        if (configPath is not null)
        {
            if (!File.Exists(configPath)) throw new ConfigurationProblemException($"config file '{configPath}' does not exist");
            builder.AddJsonFile(Path.GetFullPath(configPath), optional: false, reloadOnChange: false);
        }
        var fromEnvironment = new Dictionary<string, string?>();
        foreach (System.Collections.DictionaryEntry entry in environment)
        {
            var key = (string)entry.Key;
            if (key.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase))
                fromEnvironment[key[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)] = entry.Value as string;
        }
        builder.AddInMemoryCollection(fromEnvironment);

        IConfigurationRoot root;
        try { root = builder.Build(); }
        catch (Exception e) when (e is FormatException or InvalidDataException)
        {
            throw new ConfigurationProblemException($"config file '{configPath}' is not valid JSON: {e.InnerException?.Message ?? e.Message}");
        }
        var unknown = ConfigurationShape.UnknownKeys(root, typeof(MizugiwaOptions)).ToList();
        if (unknown.Count > 0)
            throw new ConfigurationProblemException($"unknown configuration key(s): {string.Join(", ", unknown)}");
        var badValues = ConfigurationShape.BadValues(root, typeof(MizugiwaOptions)).ToList();
        if (badValues.Count > 0)
            throw new ConfigurationProblemException("invalid configuration:\n  " + string.Join("\n  ", badValues));
        var options = new MizugiwaOptions();
        try { root.Bind(options, o => o.ErrorOnUnknownConfiguration = true); }
        catch (InvalidOperationException e)
        {
            throw new ConfigurationProblemException($"configuration: {e.InnerException?.Message ?? e.Message}");
        }
        Validate(options);
        return options;
    }

    private static void ValidateChecks(ChecksOptions c, Action<bool, string> require)
    {
        static bool OneOf(string value, params string[] names) => names.Contains(value, StringComparer.OrdinalIgnoreCase);
        require(OneOf(c.OnCheckFailure, "Defer", "Pass"), $"Checks:OnCheckFailure '{c.OnCheckFailure}' must be Defer or Pass");
        require(c.CheckTimeoutSeconds is >= 1 and <= MaxTimerSeconds, $"Checks:CheckTimeoutSeconds {c.CheckTimeoutSeconds} must be within 1..{MaxTimerSeconds}");
        require(c.AccessRefreshSeconds >= 0, "Checks:AccessRefreshSeconds must not be negative");
        foreach (var network in c.EffectiveTrustedNetworks)
            require(IPNetwork.TryParse(network, out _), $"Checks:TrustedNetworks '{network}' is not a CIDR network");
        foreach (var server in c.Dns.Servers)
            require(Policy.Dns.DnsServerEndpoint.TryParse(server, out _), $"Checks:Dns:Servers '{server}' is not ip or ip:port (port 1..65535)");
        require(c.Dns.TimeoutMilliseconds is >= 1 and <= 60_000 && c.Dns.Retries is >= 0 and <= 10,
            $"Checks:Dns:TimeoutMilliseconds {c.Dns.TimeoutMilliseconds} must be within 1..60000 and Checks:Dns:Retries {c.Dns.Retries} within 0..10");
        foreach (var name in new[] { ("NonFqdn", c.Helo.NonFqdn), ("LiteralMismatch", c.Helo.LiteralMismatch) })
            require(OneOf(name.Item2, "Ignore", "Score", "Defer", "Reject"), $"Checks:Helo:{name.Item1} '{name.Item2}' must be Ignore, Score, Defer or Reject");
        foreach (var name in c.Helo.MxNames.Concat(c.Helo.ProtectedProviders ?? []))
            require(IsHostName(name), $"Checks:Helo:MxNames/ProtectedProviders '{name}' is not a domain");
        foreach (var address in c.Helo.OwnAddresses)
            require(IPAddress.TryParse(address, out _), $"Checks:Helo:OwnAddresses '{address}' is not an IP address");
        require(OneOf(c.Dnsbl.OnFailure, "Pass", "Defer"), $"Checks:Dnsbl:OnFailure '{c.Dnsbl.OnFailure}' must be Pass or Defer");
        foreach (var zone in c.Dnsbl.Zones)
        {
            require(Core.SmtpAddress.IsDomainOrLiteral(zone.Zone, false), $"Checks:Dnsbl:Zones zone '{zone.Zone}' is not a domain");
            require(OneOf(zone.Action, "Reject", "Score"), $"Checks:Dnsbl:Zones '{zone.Zone}' Action '{zone.Action}' must be Reject or Score");
            foreach (var code in zone.AcceptedCodes)
                require(IPAddress.TryParse(code.Trim(), out var parsed) && parsed.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork,
                    $"Checks:Dnsbl:Zones '{zone.Zone}' code '{code}' is not an IPv4 address");
        }
        foreach (var twice in Duplicates(c.Dnsbl.Zones.Select(z => z.Zone.TrimEnd('.'))))
            require(false, $"Checks:Dnsbl:Zones '{twice}' is listed twice (each listing would count again)");
        var h = c.Harvest;
        require(h.WindowSeconds >= 1 && h.BlockSeconds >= 1 && h.MaxBlockSeconds >= h.BlockSeconds, "Checks:Harvest: WindowSeconds and BlockSeconds >= 1, MaxBlockSeconds >= BlockSeconds");
        foreach (var (name, value) in new[] { ("UnknownRecipientsPerAddress", h.UnknownRecipientsPerAddress), ("UnknownRecipientsPerNetwork", h.UnknownRecipientsPerNetwork),
            ("RcptOnlyTransactionsPerAddress", h.RcptOnlyTransactionsPerAddress), ("RcptOnlyTransactionsPerNetwork", h.RcptOnlyTransactionsPerNetwork), ("TarpitAfter", h.TarpitAfter),
            ("TarpitStepMilliseconds", h.TarpitStepMilliseconds), ("TarpitMaxMilliseconds", h.TarpitMaxMilliseconds), ("GlobalUnknownRecipients", h.GlobalUnknownRecipients) })
            require(value >= 0, $"Checks:Harvest:{name} {value} must not be negative (counts and delays)");
        require(h.UnknownShare is > 0 and <= 1, "Checks:Harvest:UnknownShare must be above 0 and at most 1");
        var f = c.Flow;
        foreach (var (name, value) in new[] { ("ConcurrentPerAddress", f.ConcurrentPerAddress), ("ConcurrentPerNetwork", f.ConcurrentPerNetwork),
            ("ConnectionsPerMinutePerAddress", f.ConnectionsPerMinutePerAddress), ("ConnectionsPerMinutePerNetwork", f.ConnectionsPerMinutePerNetwork),
            ("MessagesPer10MinutesPerAddress", f.MessagesPer10MinutesPerAddress), ("MessagesPer10MinutesPerNetwork", f.MessagesPer10MinutesPerNetwork),
            ("RecipientsPer10MinutesPerAddress", f.RecipientsPer10MinutesPerAddress), ("RecipientsPer10MinutesPerNetwork", f.RecipientsPer10MinutesPerNetwork) })
            require(value >= 0, $"Checks:Flow:{name} {value} must not be negative (0 turns it off)");
        foreach (var network in h.TrustedNetworks.Concat(f.TrustedNetworks))
            require(IPNetwork.TryParse(network, out _), $"Checks:Harvest/Flow TrustedNetworks '{network}' is not a CIDR network");
        require(OneOf(c.Rgrey.Mode, "Off", "S25rOnly", "Rgrey", "GreylistAll"), $"Checks:Rgrey:Mode '{c.Rgrey.Mode}' must be Off, S25rOnly, Rgrey or GreylistAll");
        require(c.Rgrey.HeaderName.Length > 0 && c.Rgrey.HeaderName.All(ch => ch > ' ' && ch < 127 && ch != ':'), $"Checks:Rgrey:HeaderName '{c.Rgrey.HeaderName}' is not a header name");
        require(c.Rgrey.DelaySeconds >= 0 && c.Rgrey.RetryWindowHours >= 1 && c.Rgrey.ExpiryDays >= 1 && c.Rgrey.AutoWhitelistAfter >= 0,
            "Checks:Rgrey: DelaySeconds >= 0, RetryWindowHours >= 1, ExpiryDays >= 1, AutoWhitelistAfter >= 0");
        require(c.Rgrey.RetryWindowHours <= 8760 && c.Rgrey.ExpiryDays <= 3650, "Checks:Rgrey:RetryWindowHours must be at most 8760 (a year) and Checks:Rgrey:ExpiryDays at most 3650");
        require(c.Rgrey.RetryWindowHours is < 1 or > 8760 || c.Rgrey.DelaySeconds < c.Rgrey.RetryWindowHours * 3600L,
            $"Checks:Rgrey:DelaySeconds {c.Rgrey.DelaySeconds} must be shorter than Checks:Rgrey:RetryWindowHours {c.Rgrey.RetryWindowHours}");
        foreach (var file in c.Rgrey.RuleFiles)
        {
            try { Policy.S25r.S25rRules.LoadFile(file); }
            catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or ArgumentException)
            {
                require(false, $"Checks:Rgrey:RuleFiles '{file}': {e.Message}");
            }
        }
    }

    private static void ValidateDirectory(DirectoryOptions d, Action<bool, string> require)
    {
        require(d.UsesPostgres || d.Backend.Equals("Sqlite", StringComparison.OrdinalIgnoreCase), $"Directory:Backend '{d.Backend}' must be Sqlite or Postgres");
        require(!d.UsesPostgres || !string.IsNullOrWhiteSpace(d.ConnectionString), "Directory:ConnectionString must give the PostgreSQL connection string when Directory:Backend is Postgres");
        if (d.UsesPostgres && !string.IsNullOrWhiteSpace(d.ConnectionString))
        {
            try { _ = new Npgsql.NpgsqlConnectionStringBuilder(d.ConnectionString); }
            catch (ArgumentException e) { require(false, $"Directory:ConnectionString is not a valid PostgreSQL connection string: {e.Message}"); }
        }
        if (d.DefaultQuota is { } quota)
        {
            try { Storage.QuotaSize.Parse(quota); }
            catch (Storage.DirectoryException e) { require(false, $"Directory:DefaultQuota: {e.Message}"); }
        }
    }

    private static void ValidateContent(ContentOptions c, Action<bool, string> require)
    {
        require(c.SpamScore > 0, $"Content:SpamScore {c.SpamScore} must be above 0");
        require(c.RejectScore is null || c.RejectScore > c.SpamScore, $"Content:RejectScore {c.RejectScore} must be above Content:SpamScore {c.SpamScore}");
        require(c.MaxScanSize >= 1024, $"Content:MaxScanSize {c.MaxScanSize} must be at least 1024");
        require(c.MimeMaxDepth is >= 1 and <= 1000, $"Content:MimeMaxDepth {c.MimeMaxDepth} must be within 1..1000");
        require(c.MimeMaxParts is >= 1 and <= 100_000, $"Content:MimeMaxParts {c.MimeMaxParts} must be within 1..100000");
        require(Enum.TryParse<Content.Attachments.AttachmentAction>(c.Attachments.Action, true, out _) && !c.Attachments.Action.Any(char.IsDigit),
            $"Content:Attachments:Action '{c.Attachments.Action}' must be Reject, Strip or Score");
        require(Enum.TryParse<Content.Clamd.ClamdScanTarget>(c.Clamd.Target, true, out _) && !c.Clamd.Target.Any(char.IsDigit),
            $"Content:Clamd:Target '{c.Clamd.Target}' must be RawMessage or Attachments");
        require(c.Clamd.TimeoutSeconds is >= 1 and <= MaxTimerSeconds && c.Spf.TimeoutSeconds is >= 1 and <= MaxTimerSeconds,
            $"Content:Clamd:TimeoutSeconds and Content:Spf:TimeoutSeconds must be within 1..{MaxTimerSeconds}");
        require(c.Clamd.Endpoint is not { Length: > 0 } endpoint || IsClamdEndpoint(endpoint),
            $"Content:Clamd:Endpoint '{c.Clamd.Endpoint}' must be host:port, unix:/path or an absolute socket path");
        require(c.Clamd.StreamMaxLength >= 1, $"Content:Clamd:StreamMaxLength {c.Clamd.StreamMaxLength} must be at least 1");
        require(c.Urls.MaxDnsDomains >= 0 && c.Urls.ManyHostsThreshold >= 0, "Content:Urls:MaxDnsDomains and Content:Urls:ManyHostsThreshold must not be negative");
        require(c.Urls.LocalListPath is null || File.Exists(c.Urls.LocalListPath), $"Content:Urls:LocalListPath '{c.Urls.LocalListPath}' does not exist");
        foreach (var zone in c.Urls.UriblZones)
            require(Core.SmtpAddress.IsDomainOrLiteral(zone.Zone, false) && !zone.Zone.StartsWith('['), $"Content:Urls:UriblZones '{zone.Zone}' is not a DNS zone");
        foreach (var twice in Duplicates(c.Urls.UriblZones.Select(z => new Content.Urls.UriblZone { Zone = z.Zone, Name = z.Name }.Symbol)))
            require(false, $"Content:Urls:UriblZones: two zones give the symbol {twice} (set a different Name)");
        require(c.Bayes.MinSpamLearned >= 1 && c.Bayes.MinHamLearned >= 1, "Content:Bayes:MinSpamLearned and MinHamLearned must be at least 1");
        require(c.Fingerprints.TimeToLiveDays is >= 1 and <= 3650, $"Content:Fingerprints:TimeToLiveDays {c.Fingerprints.TimeToLiveDays} must be within 1..3650");
        require(c.Fingerprints.SimilarityThreshold is > 0 and <= 1, $"Content:Fingerprints:SimilarityThreshold {c.Fingerprints.SimilarityThreshold} must be within (0, 1]");
        require(c.Fingerprints.MinimumWords >= 1, "Content:Fingerprints:MinimumWords must be at least 1");
        foreach (var file in c.RuleFiles)
            require(File.Exists(file), $"Content:RuleFiles '{file}' does not exist");
        require(c.DateFutureToleranceHours is >= 0 and <= 87_600 && c.DatePastToleranceDays is >= 0 and <= 3650,
            "Content:DateFutureToleranceHours must be within 0..87600 and Content:DatePastToleranceDays within 0..3650");
        require(c.MaxReceivedHops >= 1, $"Content:MaxReceivedHops {c.MaxReceivedHops} must be at least 1");
        foreach (var (symbol, action) in c.ForcedActions)
            require(action.Equals("spam", StringComparison.OrdinalIgnoreCase) || action.Equals("reject", StringComparison.OrdinalIgnoreCase),
                $"Content:ForcedActions:{symbol} '{action}' must be spam or reject");
    }

    private static IEnumerable<string> Duplicates(IEnumerable<string> names) =>
        names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key);

    /// <summary>Why StackExchange.Redis could not use the value, or null; it would otherwise fail only when the first connection is tried.</summary>
    private static string? RedisProblem(string? configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration)) return null; // named by the check before
        StackExchange.Redis.ConfigurationOptions parsed;
        try { parsed = StackExchange.Redis.ConfigurationOptions.Parse(configuration); }
        catch (ArgumentException e) { return $"is not a Redis configuration: {e.Message}"; }
        if (parsed.EndPoints.Count == 0) return "names no server (host:port)";
        foreach (var endpoint in parsed.EndPoints)
        {
            if (endpoint is DnsEndPoint named && (Uri.CheckHostName(named.Host) == UriHostNameType.Unknown || named.Port is < 0 or > 65535))
                return $"names '{named.Host}', which is not a host name";
        }
        return null;
    }

    private static void ValidateSubmission(MizugiwaOptions o, Action<bool, string> require)
    {
        var s = o.Submission;
        require(IPAddress.TryParse(s.Address, out _), $"Submission:Address '{s.Address}' is not an IP address");
        require(IPAddress.TryParse(s.ImplicitTlsAddress, out _), $"Submission:ImplicitTlsAddress '{s.ImplicitTlsAddress}' is not an IP address");
        require(s.Port is >= 0 and <= 65535 && s.ImplicitTlsPort is >= 0 and <= 65535, "Submission:Port and Submission:ImplicitTlsPort must be within 0..65535");
        var ports = new List<(string Name, string Address, int Port)> { ("Mx:Port", o.Mx.Address, o.Mx.Port) };
        if (s.Enabled) ports.Add(("Submission:Port", s.Address, s.Port));
        if (s.ImplicitTlsEnabled) ports.Add(("Submission:ImplicitTlsPort", s.ImplicitTlsAddress, s.ImplicitTlsPort));
        ports.AddRange(o.Pop3.Listeners());
        ports.AddRange(o.Imap.Listeners());
        if (o.PolicyServer.Enabled) ports.Add(("PolicyServer:Port", o.PolicyServer.Address, o.PolicyServer.Port));
        ports.AddRange(o.Milter.Listeners());
        if (o.Web.Enabled) ports.Add(("Web:Port", o.Web.Address, o.Web.Port));
        foreach (var clash in ports.Where(p => p.Port != 0).GroupBy(p => p.Port).Where(g => g.Count() > 1))
            require(false, $"{string.Join(" and ", clash.Select(p => p.Name))} are the same port {clash.Key}");
        require(s.MessagesPerHour >= 0 && s.RecipientsPerHour >= 0, "Submission:MessagesPerHour and RecipientsPerHour must not be negative (0 turns one off)");
        require(s.AuthLockoutAfterFailures >= 0 && s.AuthFailureWindowSeconds >= 1 && s.AuthLockoutSeconds >= 1,
            "Submission:AuthLockoutAfterFailures >= 0, AuthFailureWindowSeconds and AuthLockoutSeconds >= 1");
        require(s.AuthFailureDelayStepMilliseconds is >= 0 and <= 60_000 && s.AuthMaxFailureDelayMilliseconds is >= 0 and <= 300_000,
            "Submission:AuthFailureDelayStepMilliseconds must be within 0..60000 and AuthMaxFailureDelayMilliseconds within 0..300000");
        require(s.ConcurrentPasswordChecks is >= 1 and <= 64, "Submission:ConcurrentPasswordChecks must be within 1..64");
    }

    private static void ValidateOutbound(OutboundDeliveryOptions b, Action<bool, string> require)
    {
        require(b.Port is >= 1 and <= 65535, $"Outbound:Port {b.Port} is outside 1..65535");
        require(string.IsNullOrEmpty(b.HostName) || (Core.SmtpAddress.IsDomainOrLiteral(b.HostName, false) && !b.HostName.StartsWith('[')),
            $"Outbound:HostName '{b.HostName}' is not a valid host name");
        require(b.FirstRetrySeconds >= 1 && b.MaxRetrySeconds >= b.FirstRetrySeconds, "Outbound:FirstRetrySeconds must be at least 1 and not above Outbound:MaxRetrySeconds");
        require(b.MaxQueueDays is > 0 and <= 3650, $"Outbound:MaxQueueDays {b.MaxQueueDays} must be above 0 and at most 3650");
        require(b.DelayNoticeHours is >= 0 and <= 87_600, $"Outbound:DelayNoticeHours {b.DelayNoticeHours} must be within 0..87600 (0 turns delay notices off)");
        require(b.MaxConnectionsPerDestination >= 1, "Outbound:MaxConnectionsPerDestination must be at least 1");
        require(b.ConnectTimeoutSeconds is >= 1 and <= MaxTimerSeconds && b.CommandTimeoutSeconds is >= 1 and <= MaxTimerSeconds,
            $"Outbound:ConnectTimeoutSeconds and CommandTimeoutSeconds must be within 1..{MaxTimerSeconds}");
        require(b.ReturnFullMaxKilobytes >= 0, "Outbound:ReturnFullMaxKilobytes must not be negative");
        ValidateRelay(b, require);
        require(b.MtaStsPolicyPort is >= 1 and <= 65535, $"Outbound:MtaStsPolicyPort {b.MtaStsPolicyPort} is outside 1..65535");
        if (string.IsNullOrEmpty(b.MtaStsTrustedCertificate)) return;
        try { Delivery.Outbound.MtaSts.MtaStsCertificateCheck.LoadTrustedRoot(b.MtaStsTrustedCertificate).Dispose(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            require(false, $"Outbound:MtaStsTrustedCertificate '{b.MtaStsTrustedCertificate}' cannot be used: {e.Message}");
        }
    }

    private static void ValidateRelay(OutboundDeliveryOptions b, Action<bool, string> require)
    {
        require(RelayTlsOf(b) is not null, $"Outbound:RelayTls '{b.RelayTls}' must be StartTls or Implicit");
        if (b.RelayHost.Length > 0)
        {
            Delivery.Outbound.SmtpRelay.Parse(b.RelayHost, RelayTlsOf(b) ?? Delivery.Outbound.RelayTls.StartTls, out var problem);
            require(problem is null, $"Outbound:RelayHost '{b.RelayHost}' {problem} (write host, host:port or [host]:port)");
        }
        bool user = !string.IsNullOrEmpty(b.RelayUser), file = !string.IsNullOrEmpty(b.RelayPasswordFile);
        require(b.RelayHost.Length > 0 || !(user || file), "Outbound:RelayUser and Outbound:RelayPasswordFile need Outbound:RelayHost");
        require(!user || file, "Outbound:RelayUser is set but Outbound:RelayPasswordFile is not (the file holding the relay password)");
        require(user || !file, "Outbound:RelayPasswordFile is set but Outbound:RelayUser is not");
        if (!file) return;
        try { RelayPassword.Read(b.RelayPasswordFile!); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ArgumentException)
        {
            require(false, $"Outbound:RelayPasswordFile '{b.RelayPasswordFile}' cannot be used: {e.Message}");
        }
    }

    /// <summary>Outbound:RelayTls as the delivery's enum, or null when it is neither StartTls nor Implicit.</summary>
    public static Delivery.Outbound.RelayTls? RelayTlsOf(OutboundDeliveryOptions b) =>
        b.RelayTls.Equals("StartTls", StringComparison.OrdinalIgnoreCase) ? Delivery.Outbound.RelayTls.StartTls
        : b.RelayTls.Equals("Implicit", StringComparison.OrdinalIgnoreCase) ? Delivery.Outbound.RelayTls.Implicit
        : null;

    private static bool IsHostName(string name) => Core.SmtpAddress.IsDomainOrLiteral(name, false) && !name.StartsWith('[');

    /// <summary>What the clamd scanner connects to (ClamdScanner.ParseEndpoint): "unix:/path", "/path", or "host:port".</summary>
    private static bool IsClamdEndpoint(string endpoint)
    {
        if (endpoint.StartsWith("unix:/", StringComparison.Ordinal) || endpoint.StartsWith('/')) return true;
        var colon = endpoint.LastIndexOf(':');
        if (colon <= 0) return false;
        var host = endpoint[..colon];
        var hostOk = host.StartsWith('[') && host.EndsWith(']') ? IPAddress.TryParse(host[1..^1], out _) : IPAddress.TryParse(host, out _) || IsHostName(host);
        return hostOk && int.TryParse(endpoint[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port)
            && port is >= 1 and <= 65535;
    }

    /// <summary>A file at the path or above it, so that the directory can never be made.</summary>
    private static string? FileInTheWay(string path)
    {
        for (var current = Path.GetFullPath(path); !string.IsNullOrEmpty(current); current = Path.GetDirectoryName(current))
            if (File.Exists(current)) return current;
        return null;
    }

    private static bool IsSecret(string base64)
    {
        var bytes = new byte[base64.Length];
        return Convert.TryFromBase64String(base64, bytes, out var length) && length >= 16;
    }

    public static void Validate(MizugiwaOptions o)
    {
        var problems = new List<string>();
        void Require(bool ok, string problem) { if (!ok) problems.Add(problem); }

        Require(!string.IsNullOrWhiteSpace(o.DataDirectory), "DataDirectory must not be empty");
        if (!string.IsNullOrWhiteSpace(o.DataDirectory) && FileInTheWay(o.DataDirectory) is { } file)
            Require(false, $"DataDirectory '{o.DataDirectory}' cannot be a directory: '{file}' is a file");
        Require(o.Forwarding.SrsSecret.Length == 0 || IsSecret(o.Forwarding.SrsSecret), "Forwarding:SrsSecret must be base64 of at least 16 bytes (e.g. `openssl rand -base64 32`)");
        Require(o.Forwarding.SrsMaxAgeDays is >= 1 and <= 1000, $"Forwarding:SrsMaxAgeDays {o.Forwarding.SrsMaxAgeDays} is outside 1..1000");
        Require(o.Forwarding.MaxReceivedHops >= 1, $"Forwarding:MaxReceivedHops {o.Forwarding.MaxReceivedHops} must be at least 1");
        Require(Core.SmtpAddress.IsDomainOrLiteral(o.HostName, false) && !o.HostName.StartsWith('['), $"HostName '{o.HostName}' is not a valid host name");
        Require(IPAddress.TryParse(o.Mx.Address, out _), $"Mx:Address '{o.Mx.Address}' is not an IP address");
        Require(o.Mx.Port is >= 0 and <= 65535, $"Mx:Port {o.Mx.Port} is outside 0..65535");
        Require(IPAddress.TryParse(o.PolicyServer.Address, out _), $"PolicyServer:Address '{o.PolicyServer.Address}' is not an IP address");
        Require(o.PolicyServer.Port is >= 0 and <= 65535, $"PolicyServer:Port {o.PolicyServer.Port} is outside 0..65535");
        Require(!o.PolicyServer.Enabled || o.PolicyServer.Port == 0 || o.PolicyServer.Port != o.Mx.Port || o.PolicyServer.Address != o.Mx.Address,
            $"PolicyServer:Port {o.PolicyServer.Port} is the SMTP listener's port");
        Require(o.Limits.MaxMessageSize >= 1024, $"Limits:MaxMessageSize {o.Limits.MaxMessageSize} must be at least 1024");
        // The upper bound keeps a message's per-recipient look-ups (one query with every recipient) within
        // what SQLite and PostgreSQL take as parameters; Postfix's default is 1000.
        Require(o.Limits.MaxRecipients is >= 1 and <= 10_000, $"Limits:MaxRecipients {o.Limits.MaxRecipients} must be within 1..10000");
        Require(o.Limits.MaxCommandLineLength >= 512, $"Limits:MaxCommandLineLength {o.Limits.MaxCommandLineLength} must be at least 512 (RFC 5321 §4.5.3.1.4)");
        Require(o.Limits.MaxTextLineLength >= 1000, $"Limits:MaxTextLineLength {o.Limits.MaxTextLineLength} must be at least 1000 (RFC 5321 §4.5.3.1.6)");
        Require(o.Limits.SoftErrorLimit >= 0, "Limits:SoftErrorLimit must not be negative");
        Require(o.Limits.HardErrorLimit >= 1, "Limits:HardErrorLimit must be at least 1");
        Require(o.Limits.ErrorDelayStepMilliseconds is >= 0 and <= 60_000, "Limits:ErrorDelayStepMilliseconds must be within 0..60000");
        Require(o.Limits.CommandTimeoutSeconds is >= 1 and <= MaxTimerSeconds, $"Limits:CommandTimeoutSeconds {o.Limits.CommandTimeoutSeconds} must be within 1..{MaxTimerSeconds}");
        Require(o.Limits.DataTimeoutSeconds is >= 1 and <= MaxTimerSeconds, $"Limits:DataTimeoutSeconds {o.Limits.DataTimeoutSeconds} must be within 1..{MaxTimerSeconds}");
        Require(o.Limits.MaxConnections >= 1, "Limits:MaxConnections must be at least 1");
        Require(o.Queue.DeliveryConcurrency >= 1, "Queue:DeliveryConcurrency must be at least 1");
        Require(o.Queue.MinRetryDelaySeconds >= 1 && o.Queue.MaxRetryDelaySeconds >= o.Queue.MinRetryDelaySeconds,
            "Queue:MinRetryDelaySeconds must be at least 1 and not above Queue:MaxRetryDelaySeconds");
        Require(o.Queue.ScanSeconds is >= 1 and <= MaxTimerSeconds, $"Queue:ScanSeconds {o.Queue.ScanSeconds} must be within 1..{MaxTimerSeconds}");
        ValidateOutbound(o.Outbound, Require);
        Require(o.ShutdownGraceSeconds >= 0, "ShutdownGraceSeconds must not be negative");
        Require(o.Recipients.SubaddressDelimiters.All(c => c is '+' or '-' or '_' or '=' or '#'),
            $"Recipients:SubaddressDelimiters '{o.Recipients.SubaddressDelimiters}' may hold only + - _ = #");
        if (o.Tls.CertificatePath is { Length: > 0 } cert)
            Require(File.Exists(cert), $"Tls:CertificatePath '{cert}' does not exist");
        if (o.Tls.KeyPath is { Length: > 0 } key)
            Require(File.Exists(key), $"Tls:KeyPath '{key}' does not exist or is not a file");
        foreach (var network in o.Mx.XclientNetworks.Concat(o.Mx.ProxyFrom))
            Require(IPNetwork.TryParse(network, out _), $"Mx: '{network}' in XclientNetworks/ProxyFrom is not a CIDR network");
        foreach (var network in o.Mx.RelayNetworks)
        {
            Require(IPNetwork.TryParse(network, out var relay), $"Mx:RelayNetworks '{network}' is not a CIDR network");
            Require(relay.PrefixLength > 0, $"Mx:RelayNetworks '{network}' would let everyone relay (an open relay)");
        }
        Require(!o.Mx.ProxyProtocol || o.Mx.ProxyFrom.Count > 0, "Mx:ProxyFrom must list the load balancers when Mx:ProxyProtocol is on");
        ValidateChecks(o.Checks, Require);
        ValidateContent(o.Content, Require);
        Require(o.Log.UsesPostgres || o.Log.Backend.Equals("Sqlite", StringComparison.OrdinalIgnoreCase), $"Log:Backend '{o.Log.Backend}' must be Sqlite or Postgres");
        Require(!o.Log.UsesPostgres || !string.IsNullOrWhiteSpace(o.Log.ConnectionString), "Log:ConnectionString must give the PostgreSQL connection string when Log:Backend is Postgres");
        if (o.Log.UsesPostgres && !string.IsNullOrWhiteSpace(o.Log.ConnectionString))
        {
            try { _ = new Npgsql.NpgsqlConnectionStringBuilder(o.Log.ConnectionString); }
            catch (ArgumentException e) { Require(false, $"Log:ConnectionString is not a valid PostgreSQL connection string: {e.Message}"); }
        }
        ValidateDirectory(o.Directory, Require);
        Require(IPAddress.TryParse(o.Web.Address, out _), $"Web:Address '{o.Web.Address}' is not an IP address");
        Require(o.Web.Port is >= 0 and <= 65535, $"Web:Port {o.Web.Port} is outside 0..65535");
        foreach (var admin in o.Web.Admins)
            Require(Core.SmtpAddress.TryParse(admin, true, out _) is not null, $"Web:Admins '{admin}' is not a mailbox address");
        foreach (var proxy in o.Web.TrustedProxies)
            Require(IPNetwork.TryParse(proxy, out _), $"Web:TrustedProxies '{proxy}' is not a CIDR network (e.g. 127.0.0.1/32)");
        ValidateSubmission(o, Require);
        Pop3Options.Validate(o.Pop3, Require);
        ImapOptions.Validate(o.Imap, Require);
        MilterServerOptions.Validate(o.Milter, MaxTimerSeconds, Require);
        GatewayConfiguration.Validate(o.Gateway, Require);
        Require(o.State.UsesRedis || o.State.Backend.Equals("Embedded", StringComparison.OrdinalIgnoreCase), $"State:Backend '{o.State.Backend}' must be Embedded or Redis");
        Require(!o.State.UsesRedis || !string.IsNullOrWhiteSpace(o.State.Redis), "State:Redis must give the Redis server (host:port) when State:Backend is Redis");
        if (o.State.UsesRedis && RedisProblem(o.State.Redis) is { } redisProblem) Require(false, $"State:Redis '{o.State.Redis}' {redisProblem}");
        Require(o.State.KeyPrefix.Length > 0 && o.State.RetrySeconds >= 1, "State:KeyPrefix must not be empty and State:RetrySeconds must be at least 1");
        if (problems.Count > 0)
            throw new ConfigurationProblemException("invalid configuration:\n  " + string.Join("\n  ", problems));
    }
}
