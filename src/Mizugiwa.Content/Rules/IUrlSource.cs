namespace Mizugiwa.Content.Rules;

/// <summary>Supplies the URLs of a message to "uri" rules (by default the URL extractor, Urls/ExtractedUrlSource).</summary>
public interface IUrlSource
{
    IEnumerable<string> Urls(ContentMessage message);
}
