using System.Net;
using System.Text;

namespace PolicyLoad;

/// <summary>
/// The same requests as bench/policy_load.py: request i has its own triplet; every 4th client has no
/// name, every 4th a dynamic name, the rest mail-server names; 512 /24s of 198.18.0.0/15.
/// </summary>
internal static class Requests
{
    public static (string Address, string Name) Client(int i)
    {
        var ip = new IPAddress(BitConverter.GetBytes(IPAddress.HostToNetworkOrder(
            unchecked((int)(0xC6120000u + (uint)((i % 512) << 8) + 1u + (uint)((i / 512) % 250))))));
        var address = ip.ToString();
        var name = (i % 4) switch
        {
            0 => "unknown",
            1 => $"adsl-{address.Replace('.', '-')}.dyn.example.net",
            _ => $"mail{i % 1000}.org{i % 337}.example",
        };
        return (address, name);
    }

    public static byte[] Build(string tag, int i)
    {
        var (address, name) = Client(i);
        var helo = name != "unknown" ? name : $"pc{i}.example.org";
        return Encoding.UTF8.GetBytes(
            "request=smtpd_access_policy\n" +
            "protocol_state=RCPT\n" +
            "protocol_name=ESMTP\n" +
            $"client_address={address}\n" +
            $"client_name={name}\n" +
            $"reverse_client_name={name}\n" +
            $"helo_name={helo}\n" +
            $"sender=s{i}.{tag}@sender{i % 97}.example\n" +
            $"recipient=r{i}.{tag}@bench.test\n" +
            "recipient_count=0\n" +
            "queue_id=\n" +
            $"instance={tag}.{i}\n" +
            "size=0\n" +
            "\n");
    }
}
