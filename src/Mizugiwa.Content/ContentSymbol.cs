namespace Mizugiwa.Content;

/// <summary>
/// One finding of an analyzer: a stable upper-case name (e.g. SPF_FAIL, BAYES_99, URI_USERINFO),
/// the analyzer's default score, and a short detail for logs and X-Spam-Status.
/// The configured weight of a symbol, when there is one, replaces <see cref="DefaultScore"/>.
/// </summary>
public sealed record ContentSymbol(string Name, double DefaultScore, string? Detail = null);
