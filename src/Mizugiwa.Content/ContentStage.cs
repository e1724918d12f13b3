namespace Mizugiwa.Content;

/// <summary>
/// When an analyzer runs. Stages run in order; analyzers of one stage run concurrently, so a later
/// stage can read what an earlier one recorded (DMARC reads the SPF and DKIM verdicts).
/// </summary>
public enum ContentStage
{
    /// <summary>SPF, DKIM, ARC: each records its verdicts on the report.</summary>
    Authentication = 0,
    /// <summary>DMARC: aligns the authentication verdicts with the From domain.</summary>
    Alignment = 1,
    /// <summary>Everything that reads the content: headers, rules, Bayes, URLs, fingerprints, attachments.</summary>
    Analysis = 2,
}
