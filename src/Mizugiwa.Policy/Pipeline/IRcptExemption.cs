using Mizugiwa.Smtp.Checks;

namespace Mizugiwa.Policy.Pipeline;

/// <summary>
/// A RCPT check that runs before verdicts held back from earlier stages are applied, so it can
/// exempt a recipient from them by returning Accept (e.g. a whitelisted recipient).
/// </summary>
public interface IRcptExemption : IRcptCheck;
