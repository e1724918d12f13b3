namespace Mizugiwa.Web.Api;

/// <summary>Who is calling the API: an admin (by token name) or a mailbox user (by address).</summary>
public sealed record ApiCaller(string Name, bool IsAdmin)
{
    public const string ItemKey = "mizugiwa.caller";
}
