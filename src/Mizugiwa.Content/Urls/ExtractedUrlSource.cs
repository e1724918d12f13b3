using Mizugiwa.Content.Rules;

namespace Mizugiwa.Content.Urls;

/// <summary>The URLs "uri" rules match: every URL the extractor finds, normalised (docs/URLS.md).</summary>
public sealed class ExtractedUrlSource : IUrlSource
{
    public static readonly ExtractedUrlSource Instance = new();

    public IEnumerable<string> Urls(ContentMessage message) =>
        UrlExtractor.Extract(message).Select(u => u.Normalised.ToString()).Distinct(StringComparer.Ordinal);
}
