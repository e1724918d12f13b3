namespace Mizugiwa.Content.Rules;

/// <summary>Supplies the URLs of a message to "uri" rules; the URL extractor of Content/Urls can stand in for <see cref="SimpleUrlSource"/>.</summary>
public interface IUrlSource
{
    IEnumerable<string> Urls(ContentMessage message);
}
